// "Do I need a licence?": the duties a screened substance's listings impose
// on one transaction — its destination, quantity and concentration — per
// jurisdiction, with the rule and citation that decide each
// (registry::Registry::ObligationsFor). The CLI, the API and the licensing
// service all ask here, so a licence is demanded exactly where the law does.
#pragma once

#include "registry/obligations.h"
#include "rules/verdict.h"

namespace pc::rules {

// Fills JurisdictionResult::obligations of every jurisdiction from the
// controlled matches' entries. A result that is not ok, or was screened
// without its registry, is left as it is.
void AssessObligations(ScreenResult& result, const registry::Transaction& transaction);

// Whether any jurisdiction requires `kind`, or cannot say (unknown counts as
// required: an unsettled duty is never waved through).
bool MayRequire(const ScreenResult& result, registry::ObligationKind kind);

}  // namespace pc::rules
