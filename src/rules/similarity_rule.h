// Similarity context: the listed substances nearest to the input by Morgan
// fingerprint (radius 2, 2048 bits), with the Tanimoto score. Context for an
// officer only: a similarity match never makes a verdict, by itself.
#pragma once

#include <memory>
#include <vector>

#include <DataStructs/ExplicitBitVect.h>

#include "registry/registry.h"
#include "rules/rule.h"

namespace pc::rules {

class SimilarityRule : public Rule {
 public:
  // Reports for inputs that contain `anchor` (so that screening with and
  // without the fast path agree), the `top` nearest listed substances with a
  // score of at least `threshold`.
  SimilarityRule(std::shared_ptr<const registry::Registry> registry,
                 std::shared_ptr<const RDKit::ROMol> anchor, double threshold = 0.4, size_t top = 3);

  void Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const override;
  std::vector<std::shared_ptr<const RDKit::ROMol>> Anchors() const override { return {anchor_}; }

 private:
  struct Reference {
    const registry::Entry* entry;
    std::unique_ptr<ExplicitBitVect> fingerprint;
  };
  std::shared_ptr<const registry::Registry> registry_;
  std::shared_ptr<const RDKit::ROMol> anchor_;
  double threshold_;
  size_t top_;
  std::vector<Reference> references_;
};

}  // namespace pc::rules
