// Class and family rules: structural definitions from data/classes and
// data/families, each tied to the registry entry whose dates, clauses and
// citation apply (a family clause such as 4-AP "halides" has its own date).
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "registry/registry.h"
#include "rules/rule.h"
#include "rules/structure_analysis.h"
#include "rules/structure_definition.h"
#include "rules/substituent_types.h"

namespace pc::rules {

class DefinitionRule : public Rule {
 public:
  // Loads data_dir/rules/substituent-types.json, data_dir/classes/*.json and
  // data_dir/families/*.json; checks each file against the registry (its
  // entry exists; a family's clauses are clauses of that entry).
  // Throws registry::RegistryError naming the file and the reason.
  static std::unique_ptr<DefinitionRule> Load(const std::filesystem::path& data_dir,
                                              std::shared_ptr<const registry::Registry> registry);

  void Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const override;
  // Each definition's anchor (its scaffold unless the file names a narrower
  // one): nothing is inside, or a near miss of, a definition without it.
  std::vector<std::shared_ptr<const RDKit::ROMol>> Anchors() const override;

  const std::vector<std::shared_ptr<const StructureDefinition>>& definitions() const {
    return definitions_;
  }
  const SubstituentTypes& vocabulary() const { return vocabulary_; }

 private:
  DefinitionRule() = default;
  void AddResult(const StructureDefinition& def, const registry::Entry& entry,
                 const Analysis& analysis, size_t component, const chem::StandardForm& form,
                 const Query& query, Results& out) const;

  std::shared_ptr<const registry::Registry> registry_;
  SubstituentTypes vocabulary_;
  std::vector<std::shared_ptr<const StructureDefinition>> definitions_;
};

}  // namespace pc::rules
