// One registry data file as read: its list, categories and entries.
// Internal to the registry library (loader.cc reads, registry.cc indexes).
#pragma once

#include <filesystem>
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

// Throws RegistryError naming the file, the entry, the field and the reason.
RegistryFile LoadRegistryFile(const std::filesystem::path& path, const chem::Standardizer& standardizer);

}  // namespace pc::registry
