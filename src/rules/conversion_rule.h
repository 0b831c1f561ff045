// Early warning: an uncontrolled input from which a few ordinary steps
// (deprotection, hydrolysis, redox, the documented fentanyl route steps) lead
// to a substance controlled by listing, family or class gets "watch", with
// the path. The search is breadth-first, so the shortest path is reported,
// and bounded in depth, products per step and nodes.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "registry/registry.h"
#include "rules/conversions.h"
#include "rules/rule.h"

namespace pc::rules {

class ConversionRule : public Rule {
 public:
  // targets: the rules whose verdicts decide whether a product is
  // controlled (listings, classes, families); they must outlive this rule.
  // Throws registry::RegistryError if the library is invalid or a target
  // structure lacks the library's invariant anchor.
  static std::unique_ptr<ConversionRule> Load(const std::filesystem::path& data_dir,
                                              std::shared_ptr<const registry::Registry> registry,
                                              std::vector<const Rule*> targets,
                                              std::vector<std::shared_ptr<const RDKit::ROMol>> target_structures);

  void Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const override;
  std::vector<std::shared_ptr<const RDKit::ROMol>> Anchors() const override;
  const ConversionLibrary& library() const { return library_; }

 private:
  ConversionRule() = default;
  std::shared_ptr<const registry::Registry> registry_;
  ConversionLibrary library_;
  std::vector<const Rule*> targets_;
  // The targets' anchors: a product at the last step must contain one.
  std::vector<std::shared_ptr<const RDKit::ROMol>> target_anchors_;
};

}  // namespace pc::rules
