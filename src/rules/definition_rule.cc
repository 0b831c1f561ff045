#include "rules/definition_rule.h"

#include "common/strings.h"

#include <algorithm>
#include <set>

namespace pc::rules {
namespace {

nlohmann::ordered_json RegionsJson(const Analysis& a) {
  nlohmann::ordered_json regions = nlohmann::ordered_json::object();
  for (const auto& [name, atoms] : a.region_atoms) regions[name] = atoms;
  return regions;
}

}  // namespace

std::unique_ptr<DefinitionRule> DefinitionRule::Load(
    const std::filesystem::path& data_dir, std::shared_ptr<const registry::Registry> registry) {
  std::unique_ptr<DefinitionRule> rule(new DefinitionRule());
  rule->registry_ = std::move(registry);
  try {
    rule->vocabulary_ = SubstituentTypes::Load(data_dir / "rules" / "substituent-types.json");
    rule->definitions_ = LoadStructureDefinitions({data_dir / "classes", data_dir / "families"},
                                                  rule->vocabulary_);
  } catch (const std::runtime_error& e) {
    throw registry::RegistryError(e.what());
  }
  for (const auto& def : rule->definitions_) {
    const auto* entry = rule->registry_->Find(def->entry_id);
    if (!entry)
      throw registry::RegistryError(def->file + ": entry: no registry entry '" + def->entry_id + "'");
    bool is_class = def->rule == RuleKind::kClass;
    if (is_class != (entry->kind == registry::EntryKind::kClass))
      throw registry::RegistryError(def->file + ": entry: '" + def->entry_id + "' is a " +
                                    std::string(registry::ToString(entry->kind)) + " entry");
    if (!is_class)
      for (const auto& [clause, text] : def->clauses)
        if (!entry->FindClause(clause))
          throw registry::RegistryError(def->file + ": clauses: '" + clause +
                                        "' is not a scope clause of entry '" + entry->id + "'");
  }
  // A class entry that names a definition file must have it loaded.
  for (const auto& e : rule->registry_->entries()) {
    if (e.definition.empty()) continue;
    bool found = std::any_of(rule->definitions_.begin(), rule->definitions_.end(),
                             [&](const auto& d) { return d->entry_id == e.id; });
    if (!found)
      throw registry::RegistryError(e.file + ": entry '" + e.id + "': definition: no definition file " +
                                    "for this entry (expected " + e.definition + ")");
  }
  return rule;
}

std::vector<std::shared_ptr<const RDKit::ROMol>> DefinitionRule::Anchors() const {
  std::vector<std::shared_ptr<const RDKit::ROMol>> out;
  for (const auto& def : definitions_) out.insert(out.end(), def->anchors.begin(), def->anchors.end());
  return out;
}

void DefinitionRule::Evaluate(const chem::StandardForm& form, const Query& query,
                              Results& out) const {
  for (size_t ci = 0; ci < form.components.size(); ++ci) {
    for (const auto& def : definitions_) {
      const auto* entry = registry_->Find(def->entry_id);
      if (!query.Wants(entry->jurisdiction) || !entry->InForce(query.as_of)) continue;
      // Without the anchor there is nothing to report, not even a near miss
      // (the fast path relies on it).
      if (!ContainsAnyOf(*form.components[ci].mol, def->anchors)) continue;
      const auto& mol = *form.components[ci].mol;
      // Only a molecule inside can be controlled; the analysis that says
      // why is run once that is known.
      if (query.controlled_only &&
          Analyze(*def, mol, vocabulary_, /*explain=*/false).outcome != Analysis::Outcome::kInside)
        continue;
      AddResult(*def, *entry, Analyze(*def, mol, vocabulary_), ci, form, query, out);
    }
  }
}

void DefinitionRule::AddResult(const StructureDefinition& def, const registry::Entry& entry,
                               const Analysis& analysis, size_t component,
                               const chem::StandardForm& form, const Query& query,
                               Results& out) const {
  using Outcome = Analysis::Outcome;
  if (analysis.outcome == Outcome::kNoScaffold) return;
  bool is_class = def.rule == RuleKind::kClass;
  auto& result = out[entry.jurisdiction];
  Match m;
  m.rule = def.rule;
  m.entry = &entry;
  m.component = component;
  m.since = entry.in_force_from();
  m.details["definition"] = def.file;
  m.details["regions"] = RegionsJson(analysis);
  auto near_miss = [&](const std::string& outcome, std::string why) {
    m.verdict = Verdict::kClear;
    m.details["outcome"] = outcome;
    m.explanation = std::move(why);
    result.near_misses.push_back(std::move(m));
  };

  if (analysis.outcome == Outcome::kParent) {
    // The parent itself is its own listing's business, not the definition's.
    if (is_class)
      near_miss("parent", def.parent_name + " itself, with no modification: outside " + def.title +
                              ", which covers modified structures; it is controlled by its own listing");
    return;
  }
  if (analysis.outcome == Outcome::kOutside) {
    // A family near miss is worth showing only one change away from the
    // family (1-benzyl-4-piperidone); fentanyl is no near miss of 4-piperidone.
    if (!is_class && analysis.violations.size() > 1) return;
    m.details["violations"] = analysis.violations;
    m.details["failed_regions"] = analysis.violated_regions;  // by violation
    near_miss("outside", "Outside " + def.title + ": " + Join(analysis.violations, "; ") + ".");
    return;
  }

  // Inside. Family clauses each carry their own date (4-AP halides: 2023-11-30).
  std::vector<std::string> parts;
  nlohmann::ordered_json modifications = nlohmann::ordered_json::array();
  std::set<std::string> clauses;
  for (const auto& hit : analysis.hits) {
    parts.push_back(hit.clause + ": " + hit.text);
    modifications.push_back(
        {{"clause", hit.clause}, {"region", hit.region}, {"text", hit.text}, {"atoms", hit.atoms}});
    clauses.insert(hit.clause);
  }
  m.details["modifications"] = modifications;
  auto require = [&](const std::string& name) -> bool {
    const auto* c = entry.FindClause(name);
    if (!c || !entry.ClauseInForce(*c, query.as_of)) return false;
    m.clauses.push_back(name);
    if (auto start = entry.ClauseStart(*c); start && (!m.since || m.since->date < start->date))
      m.since = start;
    return true;
  };
  if (!is_class)
    for (const auto& name : clauses)
      if (!require(name)) {
        const auto* c = entry.FindClause(name);
        auto start = c ? entry.ClauseStart(*c) : std::nullopt;
        near_miss("clause_not_in_force",
                  "A derivative of " + def.parent_name + " (" + Join(parts, "; ") + "), but the '" +
                      name + "' clause of " + entry.name + " applies only from " +
                      (start ? start->ToString() : "an unknown date") + ".");
        return;
      }
  if (IsSaltForm(form)) {
    bool covered = is_class ? require("salts")
                            : (entry.FindClause("salts_of_derivatives") ? require("salts_of_derivatives")
                                                                        : require("salts"));
    if (!covered) {
      near_miss("salt_not_covered", "A salt of a structure inside " + def.title +
                                        ", but the registry entry states no salts clause in force.");
      return;
    }
  }

  m.verdict = Verdict::kControlled;
  m.details["outcome"] = "inside";
  std::vector<std::string> listed;
  if (is_class)
    for (const auto& other : result.matches)
      if (other.rule == RuleKind::kListing && other.component == component)
        listed.push_back(other.entry->id);
  if (!listed.empty()) m.details["superseded_by"] = listed;

  if (is_class) {
    m.explanation = "Inside " + def.title + " by " + Join(parts, "; ") + " (" + def.legal_text + ")";
    if (!listed.empty())
      m.explanation += ". It is individually listed (" + Join(listed, ", ") +
                       "), and the definition yields to individual listings, so it is controlled "
                       "under that listing first";
  } else {
    m.explanation = "A derivative of " + def.parent_name + " within the listing's wording: " +
                    Join(parts, "; ") + " (" + def.legal_text + ")";
  }
  if (m.since) m.explanation += "; controlled on this ground since " + m.since->ToString();
  m.explanation += ".";
  result.Add(std::move(m));
}

}  // namespace pc::rules
