// Named listings: the input's parent structure is a listed substance, or a
// salt, hydrate, stereoisomer or labelled form of one that the listing's
// legal wording covers.
#pragma once

#include <memory>

#include "registry/registry.h"
#include "rules/rule.h"

namespace pc::rules {

class ListingRule : public Rule {
 public:
  explicit ListingRule(std::shared_ptr<const registry::Registry> registry);
  void Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const override;
  // The listed skeletons: a listing matches a component with the same
  // skeleton key only.
  std::vector<std::shared_ptr<const RDKit::ROMol>> Anchors() const override;
  bool AnchorsAreWholeMolecules() const override { return true; }

 private:
  std::shared_ptr<const registry::Registry> registry_;
  std::vector<std::shared_ptr<const RDKit::ROMol>> anchors_;
};

}  // namespace pc::rules
