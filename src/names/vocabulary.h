// Everyday and trade names OPSIN does not read ("caustic soda",
// "acetaminophen", "DCM") and abbreviations the registry's synonyms miss
// ("Boc-4-AP"), from data/vocabulary/names.json. A term never carries a
// structure of its own: it reads as a systematic name (which OPSIN turns
// into a structure) or as a registry entry (whose structure the registry's
// data files hold and verify). So the vocabulary cannot invent a structure.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "registry/registry.h"

namespace pc::names {

struct VocabularyTerm {
  std::string term;        // as written in the data file
  std::string reads_as;    // a systematic name for OPSIN, or empty
  std::string entry;       // a registry entry id, or empty
  std::string note;        // why the term means that (provenance)
};

class NameVocabulary {
 public:
  NameVocabulary() = default;
  // Throws registry::RegistryError naming the file and term when a term is
  // malformed, repeated, or names an entry the registry does not have.
  static NameVocabulary Load(const std::filesystem::path& file, const registry::Registry& registry);

  // The term a name is, compared as the registry compares names (case,
  // spacing, hyphens and trailing salt words do not matter).
  const VocabularyTerm* Find(std::string_view name) const;
  const std::unordered_map<std::string, VocabularyTerm>& terms() const { return terms_; }

 private:
  const chem::NameNormalizer* normalizer_ = nullptr;
  std::unordered_map<std::string, VocabularyTerm> terms_;  // by normalised key
};

}  // namespace pc::names
