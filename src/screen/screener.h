// The screening engine's front door: one input record in, one verdict object
// out. Identifies the input (SMILES, molfile, CAS RN or name), standardises
// it, and runs every rule for the requested jurisdictions as of a date.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "chem/molecule.h"
#include "registry/registry.h"
#include "rules/rule.h"
#include "rules/verdict.h"
#include "screen/record.h"

namespace pc::screen {

class Screener {
 public:
  // Loads the structural definitions (classes, families) that live beside
  // the registry's data files. Throws registry::RegistryError if invalid.
  explicit Screener(std::shared_ptr<const registry::Registry> registry,
                    chem::ParseLimits limits = {});
  ~Screener();

  // Thread-safe: each thread uses its own standardisation state.
  rules::ScreenResult Screen(const InputRecord& record, const rules::Query& query) const;

  const registry::Registry& registry() const { return *registry_; }
  const std::vector<std::unique_ptr<rules::Rule>>& rules() const { return rules_; }

 private:
  std::shared_ptr<const registry::Registry> registry_;
  chem::ParseLimits limits_;
  std::vector<std::unique_ptr<rules::Rule>> rules_;
};

}  // namespace pc::screen
