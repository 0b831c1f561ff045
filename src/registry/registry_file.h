// One registry data file as read: its list, categories and entries.
// Internal to the registry library (loader.cc reads, registry.cc indexes).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chem/standardize.h"
#include "registry/entry.h"
#include "registry/law.h"

namespace pc::registry {

struct RegistryFile {
  std::string file;
  std::string jurisdiction;
  std::string list;
  std::optional<LegalDate> reviewed;  // last compared with its sources
  std::vector<Category> categories;
  std::vector<Entry> entries;
  std::optional<Territory> territory;  // the jurisdiction's, if this file states it
};

// The standard forms of the registry's structures, by SMILES as written,
// shared by the files of one load: the same substance is listed in several
// jurisdictions (248 structures, 109 distinct), and standardising one (its
// canonical tautomer) is most of what loading costs.
class StandardForms {
 public:
  const chem::StandardForm& Of(const std::string& smiles, const RDKit::ROMol& mol) {
    auto it = forms_.find(smiles);
    if (it == forms_.end()) it = forms_.emplace(smiles, standardizer_.Standardize(mol)).first;
    return it->second;
  }

 private:
  chem::Standardizer standardizer_;
  std::map<std::string, chem::StandardForm> forms_;
};

// Throws RegistryError naming the file, the entry, the field and the reason.
RegistryFile LoadRegistryFile(const std::filesystem::path& path, StandardForms& forms);

}  // namespace pc::registry
