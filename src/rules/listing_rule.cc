#include "rules/listing_rule.h"

#include <algorithm>
#include <set>

#include "chem/molecule.h"
#include "common/strings.h"

namespace pc::rules {
ListingRule::ListingRule(std::shared_ptr<const registry::Registry> registry)
    : registry_(std::move(registry)) {
  std::set<std::string> seen;
  for (const auto& e : registry_->entries()) {
    if (e.kind != registry::EntryKind::kSubstance || !seen.insert(e.skeleton_key).second) continue;
    auto parsed = chem::ParseSmiles(e.skeleton_key);
    if (parsed) anchors_.emplace_back(parsed.mol.release());
  }
}

std::vector<std::shared_ptr<const RDKit::ROMol>> ListingRule::Anchors() const { return anchors_; }

void ListingRule::Evaluate(const chem::StandardForm& form, const Query& query,
                           Results& out) const {
  bool salt = IsSaltForm(form);
  bool hydrate = IsHydrateForm(form);

  for (size_t ci = 0; ci < form.components.size(); ++ci) {
    const auto& component = form.components[ci];
    for (const auto* entry : registry_->BySkeleton(component.skeleton_key)) {
      if (!query.Wants(entry->jurisdiction) || !entry->InForce(query.as_of)) continue;
      Match m;
      m.rule = RuleKind::kListing;
      m.entry = entry;
      m.component = ci;
      m.since = entry->in_force_from();
      std::vector<std::string> how;
      auto require = [&](const char* clause) {
        const auto* c = entry->FindClause(clause);
        if (!c || !entry->ClauseInForce(*c, query.as_of)) return false;
        m.clauses.push_back(clause);
        if (auto start = entry->ClauseStart(*c); start && (!m.since || m.since->date < start->date))
          m.since = start;
        return true;
      };
      if (salt) {
        if (!require("salts")) continue;
        how.push_back("a salt (removed " + Join(form.removed_fragments, ", ") +
                      ") covered by the listing's salts clause");
      }
      if (hydrate) how.push_back("a hydrate of the listed substance");
      if (component.stereo_key != entry->stereo_key && entry->has_stereo) {
        // The listing names one stereoisomer; another needs "isomers".
        if (!require("isomers")) continue;
        how.push_back("a stereoisomer covered by the listing's isomers clause");
      } else if (component.has_stereo && !entry->has_stereo) {
        how.push_back("a stereo-defined form of the substance the listing names without stereo");
      }
      if (component.has_isotopes) how.push_back("an isotopically labelled form");
      if (form.components.size() > 1)
        how.push_back("component " + std::to_string(ci + 1) + " of a mixture");

      m.explanation = "Listed by name: " + entry->name + " (" + entry->list + ", " +
                      entry->category + ")";
      if (m.since)
        m.explanation += ", controlled since " + m.since->ToString() +
                         (entry->date_basis() == registry::DateBasis::kNoticeDate
                              ? " (notice/decision date; effective date not verified)"
                              : "");
      else
        m.explanation += ", start date not known";
      if (!how.empty()) m.explanation += "; the input is " + Join(how, "; ");
      m.explanation += ". " + entry->citation;
      out[entry->jurisdiction].Add(std::move(m));
    }
  }
}

}  // namespace pc::rules
