#include "rules/obligations.h"

#include <set>

#include "registry/registry.h"

namespace pc::rules {

void AssessObligations(ScreenResult& result, const registry::Transaction& transaction) {
  if (result.status != Status::kOk || !result.registry) return;
  for (auto& [code, jr] : result.jurisdictions) {
    jr.obligations_assessed = true;
    jr.obligations.clear();
    // One answer per (source, duty): a substance matched by its listing and
    // by a class of the same schedule owes each duty once.
    std::set<std::pair<const registry::Entry*, registry::ObligationKind>> seen;
    for (const auto& m : jr.matches) {
      if (!m.entry || m.verdict != Verdict::kControlled) continue;
      for (auto& answer : result.registry->ObligationsFor(*m.entry, transaction))
        if (seen.insert({answer.source, answer.obligation.kind}).second) jr.obligations.push_back(std::move(answer));
    }
  }
}

bool MayRequire(const ScreenResult& result, registry::ObligationKind kind) {
  for (const auto& [code, jr] : result.jurisdictions) {
    // Controlled where the listings state no duty at all (the drug schedules
    // of the 1961 Convention carry their export authorisations in art. 31,
    // which the data does not model as duties): every duty is presumed.
    if (jr.verdict == Verdict::kControlled && jr.obligations.empty()) return true;
    for (const auto& a : jr.obligations)
      if (a.obligation.kind == kind && a.duty != registry::Duty::kNotRequired) return true;
  }
  return false;
}

}  // namespace pc::rules
