// The rules a screener applies, in the order they must run, built once at
// start-up from the rule files beside the registry's data (classes and
// families in classes/ and families/, conversions in conversions/) and
// shared, read-only, by every screener thread.
//
// Order matters: listings first (a class match yields to an individual
// listing and needs to see it), then class and family definitions, then
// the conversion search (which asks the first two whether a product is
// controlled), then similarity (context for what the others did not match).
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "registry/registry.h"
#include "rules/rule.h"

namespace pc::rules {

class RuleSet {
 public:
  // Throws registry::RegistryError (file, entry, reason) if a rule file is invalid.
  static std::shared_ptr<const RuleSet> Load(const std::filesystem::path& data_dir,
                                             std::shared_ptr<const registry::Registry> registry);

  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }

 private:
  RuleSet() = default;
  std::vector<std::unique_ptr<Rule>> rules_;
};

}  // namespace pc::rules
