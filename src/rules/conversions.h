// The conversion library: one-step reactions (RDKit reaction SMARTS) from
// data/conversions/transforms.json, each named and cited to its chemistry.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <GraphMol/ChemReactions/Reaction.h>
#include <GraphMol/ROMol.h>

#include "common/error.h"

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
  // Which of the library's distinct reactant templates is this one's
  // (Applicable): transforms with the same template (the acylations)
  // share it.
  size_t screen_index = 0;
};

struct ConversionLimits {
  int max_depth = 2;
  int max_products_per_step = 16;
  int max_nodes = 400;
  // The atoms of all products standardised in one input's search. Node
  // counts alone let a large input (40 protected 4-anilinopiperidine units,
  // 800 atoms) cost seconds: each product is as large as its reactant.
  long max_product_atoms = 20000;
  // Steps within which a product controlled only by a class definition (no
  // named listing, no family wording) makes the input "watch". Read
  // literally, the US and Chinese fentanyl classes take in products no
  // chemist aims at: China's any group on the piperidine nitrogen puts every
  // N-substituted 4-anilinopiperidine in a kinase inhibitor one
  // propionylation from a member. Beyond this depth such a path is reported
  // as context (a near miss with its path), ranked below any path to a
  // named listing, and the verdict is left as it is.
  int class_only_watch_depth = 0;
};

// An input whose early-warning search reached its bounds before it could
// settle: screened as an error (never clear), with the reason.
class BudgetExceeded : public Error {
 public:
  explicit BudgetExceeded(const std::string& reason)
      : Error(ErrorKind::kInvalid, "", "screening budget exceeded: " + reason) {}
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
  // The drug families ("fentanyl", "amphetamine-type" ...) of the invariant
  // anchors `mol` contains; none: the search cannot reach it.
  std::set<std::string> FamiliesOf(const RDKit::ROMol& mol) const;
  // The drug families the search knows: those with an invariant anchor.
  std::set<std::string> families() const { return {anchor_families_.begin(), anchor_families_.end()}; }

  // The sanitised products of one step, at most max_products_per_step (a
  // product made at two sites of a symmetric molecule comes twice).
  std::vector<RDKit::ROMOL_SPTR> Apply(const Transform& t, const RDKit::ROMol& mol) const;
  // Per transform, whether its reactant template matches `mol` at all: a
  // transform that does not gives no product, and need not be applied.
  std::vector<bool> Applicable(const RDKit::ROMol& mol) const;

 private:
  std::vector<Transform> transforms_;
  // The distinct reactant templates, each numbered for a quick "does it
  // match at all" search (chem/search_order.h): most nodes of a search
  // match few of the transforms, and RDKit's reaction searches its template
  // in the order it was written, from a common carbon.
  std::vector<std::shared_ptr<const RDKit::ROMol>> screens_;
  ConversionLimits limits_;
  std::vector<std::shared_ptr<const RDKit::ROMol>> anchors_;
  std::vector<std::string> anchor_families_;  // one per anchor
};

}  // namespace pc::rules
