#include "rules/listing_rule.h"

#include <algorithm>
#include <set>

#include <GraphMol/PeriodicTable.h>

#include "chem/molecule.h"
#include "common/strings.h"

namespace pc::rules {
namespace {

// The heaviest element of a SMILES's atoms, to pick the rarest ion of an
// inorganic substance as its anchor (manganese, not oxygen, in KMnO4).
int HeaviestElement(const std::string& smiles) {
  auto parsed = chem::ParseSmiles(smiles);
  int z = 0;
  if (parsed)
    for (const auto* atom : parsed.mol->atoms()) z = std::max(z, int(atom->getAtomicNum()));
  return z;
}

bool Covers(const std::vector<std::string>& have, const std::vector<std::string>& need) {
  return std::all_of(need.begin(), need.end(),
                     [&](const std::string& k) { return std::find(have.begin(), have.end(), k) != have.end(); });
}

// When a listing's control started, and on what that date rests.
std::string SinceText(const registry::Entry& entry, const std::optional<registry::LegalDate>& since) {
  if (!since) return ", start date not known";
  std::string text = ", controlled since " + since->ToString();
  switch (entry.date_basis()) {
    case registry::DateBasis::kNotBefore:
      return text + " (the earliest day the law allows; the effective date itself is not verified)";
    case registry::DateBasis::kNoticeDate:
      return text + " (notice/decision date; effective date not verified)";
    default:
      return entry.IsUnverified("effective_date") ? text + " (effective date not verified)" : text;
  }
}

}  // namespace

ListingRule::ListingRule(std::shared_ptr<const registry::Registry> registry)
    : registry_(std::move(registry)) {
  std::set<std::string> seen;
  auto add = [&](const std::string& smiles) {
    if (!seen.insert(smiles).second) return;
    auto parsed = chem::ParseSmiles(smiles);
    if (parsed) anchors_.emplace_back(parsed.mol.release());
  };
  for (const auto& e : registry_->entries()) {
    if (!e.HasOwnStructure()) continue;
    if (!e.skeleton_key.empty()) add(e.skeleton_key);
    if (e.ion_keys.empty()) continue;
    auto rarest = std::max_element(e.ion_keys.begin(), e.ion_keys.end(), [](const auto& a, const auto& b) {
      return HeaviestElement(a) < HeaviestElement(b);
    });
    add(*rarest);
  }
}

std::vector<std::shared_ptr<const RDKit::ROMol>> ListingRule::Anchors() const { return anchors_; }

Verdict ListingRule::VerdictOf(const registry::Entry& entry) const {
  // A surveillance list asks for vigilance; it controls nothing.
  return registry_->CategoryOf(entry).kind == registry::CategoryKind::kSurveillance ? Verdict::kWatch
                                                                                   : Verdict::kControlled;
}

std::optional<Match> ListingRule::Listed(const registry::Entry& entry, const chem::StandardForm& form,
                                         size_t ci, const Query& query) const {
  if (!entry.InForce(query.as_of)) return std::nullopt;
  const auto& component = form.components[ci];
  Match m;
  m.rule = RuleKind::kListing;
  m.verdict = VerdictOf(entry);
  m.entry = &entry;
  m.component = ci;
  m.since = entry.in_force_from();
  std::vector<std::string> how;
  auto require = [&](const char* clause) {
    const auto* c = entry.FindClause(clause);
    if (!c || !entry.ClauseInForce(*c, query.as_of)) return false;
    m.clauses.push_back(clause);
    if (auto start = entry.ClauseStart(*c); start && (!m.since || m.since->date < start->date))
      m.since = start;
    return true;
  };
  if (IsSaltForm(form)) {
    if (!require("salts")) return std::nullopt;
    how.push_back("a salt (removed " + Join(form.removed_fragments, ", ") +
                  ") covered by the listing's salts clause");
  }
  if (IsHydrateForm(form)) how.push_back("a hydrate of the listed substance");
  if (component.stereo_key != entry.stereo_key && entry.has_stereo) {
    // The listing names one stereoisomer; another needs "isomers".
    if (!require("isomers")) return std::nullopt;
    how.push_back("a stereoisomer covered by the listing's isomers clause");
  } else if (component.has_stereo && !entry.has_stereo) {
    how.push_back("a stereo-defined form of the substance the listing names without stereo");
  }
  if (component.has_isotopes) how.push_back("an isotopically labelled form");
  if (form.components.size() > 1)
    how.push_back("component " + std::to_string(ci + 1) + " of a mixture");

  m.explanation = std::string(m.verdict == Verdict::kWatch ? "On a surveillance list: " : "Listed by name: ") +
                  entry.name + " (" + entry.list + ", " + entry.category + ")";
  m.explanation += SinceText(entry, m.since);
  if (!how.empty()) m.explanation += "; the input is " + Join(how, "; ");
  m.explanation += ". " + entry.citation;
  return m;
}

std::optional<Match> ListingRule::Announced(const registry::Entry& entry, const Query& query) const {
  auto start = entry.in_force_from();
  bool later = start && query.as_of < start->date;
  if (!entry.pending && !later) return std::nullopt;
  Match m;
  m.rule = RuleKind::kListing;
  m.verdict = VerdictOf(entry);
  m.entry = &entry;
  if (later) m.since = start;
  m.explanation = "Announced: " + entry.name + " (" + entry.list + ", " + entry.category + ") " +
                  (later ? "takes effect on " + start->ToString()
                         : std::string("is announced or under way, with no date yet; not in force")) +
                  ". " + entry.citation;
  return m;
}

void ListingRule::Add(Match m, const Query& query, Results& out) const {
  const registry::Entry& listing = *m.entry;
  for (const auto* regime : registry_->Adoptions()) {
    const auto& a = *regime->adopts;
    if (a.jurisdiction != listing.jurisdiction || !query.Wants(regime->jurisdiction) ||
        !regime->InForce(query.as_of) ||
        std::find(a.categories.begin(), a.categories.end(), listing.category_id) == a.categories.end())
      continue;
    Match taken = m;
    taken.entry = regime;
    if (auto start = regime->in_force_from(); start && (!taken.since || taken.since->date < start->date))
      taken.since = start;
    taken.details["via"] = listing.id;
    taken.explanation = regime->name + ": " + listing.name + " is in " + listing.list + " (" + listing.category +
                        ")" + (m.since ? ", since " + m.since->ToString() : std::string(", start date not known")) +
                        ". " + regime->citation;
    out[regime->jurisdiction].Add(std::move(taken));
  }
  if (query.Wants(listing.jurisdiction)) out[listing.jurisdiction].Add(std::move(m));
}

void ListingRule::Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const {
  for (size_t ci = 0; ci < form.components.size(); ++ci)
    for (const auto* entry : registry_->BySkeleton(form.components[ci].skeleton_key)) {
      if (auto m = Listed(*entry, form, ci, query)) {
        Add(std::move(*m), query, out);
      } else if (auto a = Announced(*entry, query); a && query.Wants(entry->jurisdiction)) {
        a->component = ci;
        out[entry->jurisdiction].announced.push_back(std::move(*a));
      }
    }
  if (!registry_->IonEntries().empty()) EvaluateInorganic(form, query, out);
}

// A substance the standardiser reads as ions is listed when all its ions are
// components: an input that is nothing else (the standardiser keeps every
// fragment of an input without an organic one). Beside an organic compound
// its ions are removed as counter-ions; matching them there would need the
// fast path, which judges components only, to look at removed fragments too.
void ListingRule::EvaluateInorganic(const chem::StandardForm& form, const Query& query, Results& out) const {
  std::vector<std::string> keys;
  for (const auto& c : form.components) keys.push_back(c.skeleton_key);
  for (const auto* entry : registry_->IonEntries()) {
    if (!Covers(keys, entry->ion_keys) || !entry->InForce(query.as_of)) continue;
    Match m;
    m.rule = RuleKind::kListing;
    m.verdict = VerdictOf(*entry);
    m.entry = entry;
    m.since = entry->in_force_from();
    m.details["ions"] = entry->ion_keys;
    m.explanation = "Listed by name: " + entry->name + " (" + entry->list + ", " + entry->category + ")" +
                    SinceText(*entry, m.since) + "; the input holds its ions (" + Join(entry->ion_keys, ", ") +
                    "). " + entry->citation;
    Add(std::move(m), query, out);
  }
}

}  // namespace pc::rules
