#include "names/vocabulary.h"

#include <fstream>

#include <nlohmann/json.hpp>

namespace pc::names {

NameVocabulary NameVocabulary::Load(const std::filesystem::path& file, const registry::Registry& registry) {
  auto fail = [&](const std::string& why) { return registry::RegistryError(file.filename().string() + ": " + why); };
  std::ifstream in(file);
  if (!in) throw fail("cannot read the file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("terms") || !j["terms"].is_array()) throw fail("expected an object with \"terms\"");
  NameVocabulary v;
  v.normalizer_ = &registry.names();
  for (const auto& t : j["terms"]) {
    VocabularyTerm term;
    try {
      term.term = t.at("term").get<std::string>();
      term.reads_as = t.value("reads_as", "");
      term.entry = t.value("entry", "");
      term.note = t.value("note", "");
    } catch (const nlohmann::json::exception& e) {
      throw fail(std::string("a term: ") + e.what());
    }
    if (term.reads_as.empty() == term.entry.empty())
      throw fail("term '" + term.term + "': give exactly one of reads_as (a systematic name) and entry");
    if (!term.entry.empty()) {
      const auto* e = registry.Find(term.entry);
      if (!e) throw fail("term '" + term.term + "': no registry entry '" + term.entry + "'");
      if (e->smiles.empty()) throw fail("term '" + term.term + "': entry '" + term.entry + "' has no structure");
    }
    if (term.note.empty()) throw fail("term '" + term.term + "': a note saying why it means that is required");
    auto key = registry.names().Normalize(term.term).key;
    if (key.empty()) throw fail("term '" + term.term + "' is empty once normalised");
    if (!registry.ByName(key).empty())
      throw fail("term '" + term.term + "' is already a registry synonym; the registry's reading wins");
    if (!v.terms_.emplace(key, term).second) throw fail("term '" + term.term + "' is listed twice");
  }
  return v;
}

const VocabularyTerm* NameVocabulary::Find(std::string_view name) const {
  if (!normalizer_) return nullptr;
  auto it = terms_.find(normalizer_->Normalize(name).key);
  return it == terms_.end() ? nullptr : &it->second;
}

}  // namespace pc::names
