#include "rules/rule.h"

#include <algorithm>

#include <GraphMol/Substruct/SubstructMatch.h>

namespace pc::rules {

bool Query::Wants(const std::string& code) const {
  return jurisdictions.empty() ||
         std::find(jurisdictions.begin(), jurisdictions.end(), code) != jurisdictions.end();
}

bool IsSaltForm(const chem::StandardForm& form) {
  return form.neutralised ||
         std::any_of(form.removed_fragments.begin(), form.removed_fragments.end(),
                     [](const std::string& f) { return f != "O"; });
}

bool IsHydrateForm(const chem::StandardForm& form) {
  return form.hydrate_reduced ||
         std::any_of(form.removed_fragments.begin(), form.removed_fragments.end(),
                     [](const std::string& f) { return f == "O"; });
}

bool ContainsAnyOf(const RDKit::ROMol& mol, const Patterns& patterns) {
  RDKit::MatchVectType match;
  for (const auto& p : patterns)
    if (p && RDKit::SubstructMatch(mol, *p, match)) return true;
  return false;
}

}  // namespace pc::rules
