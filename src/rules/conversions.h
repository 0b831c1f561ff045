// The conversion library: one-step reactions (RDKit reaction SMARTS) from
// data/conversions/transforms.json, each named and cited to its chemistry.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <GraphMol/ChemReactions/Reaction.h>
#include <GraphMol/ROMol.h>

namespace pc::rules {

struct Transform {
  std::string name;
  std::string label;
  std::string kind;  // deprotection, hydrolysis, redox, route step
  std::string smarts;
  std::string co_reactant;
  std::string chemistry;
  std::string example_reactant, example_product, counterexample;
  std::shared_ptr<RDKit::ChemicalReaction> reaction;
};

struct ConversionLimits {
  int max_depth = 2;
  int max_products_per_step = 16;
  int max_nodes = 400;
};

class ConversionLibrary {
 public:
  // Throws std::runtime_error naming the file, the transform and the reason.
  static ConversionLibrary Load(const std::filesystem::path& file);

  const std::vector<Transform>& transforms() const { return transforms_; }
  const ConversionLimits& limits() const { return limits_; }
  // One of them is contained in every molecule that any number of steps can
  // turn into a target (see the data file's description).
  const std::vector<std::shared_ptr<const RDKit::ROMol>>& invariant_anchors() const { return anchors_; }
  bool HasInvariantAnchor(const RDKit::ROMol& mol) const;

  // The sanitised products of one step, at most max_products_per_step (a
  // product made at two sites of a symmetric molecule comes twice).
  std::vector<RDKit::ROMOL_SPTR> Apply(const Transform& t, const RDKit::ROMol& mol) const;

 private:
  std::vector<Transform> transforms_;
  ConversionLimits limits_;
  std::vector<std::shared_ptr<const RDKit::ROMol>> anchors_;
};

}  // namespace pc::rules
