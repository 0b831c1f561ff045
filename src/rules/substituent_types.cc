#include "rules/substituent_types.h"

#include <fstream>
#include <stdexcept>

#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/Substruct/SubstructMatch.h>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace pc::rules {
namespace {

std::shared_ptr<const RDKit::ROMol> Smarts(const std::string& text, const std::string& where) {
  std::unique_ptr<RDKit::ROMol> q;
  try {
    q.reset(RDKit::SmartsToMol(text));
  } catch (const std::exception&) {
  }
  if (!q) throw InvalidData(where + ": invalid SMARTS '" + text + "'");
  return std::shared_ptr<const RDKit::ROMol>(q.release());
}

std::vector<std::vector<unsigned>> AllMatches(const RDKit::ROMol& mol, const RDKit::ROMol& query) {
  RDKit::SubstructMatchParameters params;
  params.uniquify = false;
  params.maxMatches = 10000;
  std::vector<std::vector<unsigned>> out;
  for (const auto& match : RDKit::SubstructMatch(mol, query, params)) {
    std::vector<unsigned> atoms(match.size());
    for (const auto& [q, m] : match) atoms[q] = m;
    out.push_back(std::move(atoms));
  }
  return out;
}

}  // namespace

SubstituentTypes SubstituentTypes::Load(const std::filesystem::path& file) {
  std::string name = file.filename().string();
  std::ifstream in(file);
  if (!in) throw IoError(name + ": cannot open file");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidData(name + ": not valid JSON: " + e.what());
  }
  if (doc.value("format", "") != "precursor-substituent-types/1")
    throw InvalidData(name + ": format: expected 'precursor-substituent-types/1'");
  SubstituentTypes out;
  for (const auto& t : doc.at("types")) {
    auto type = std::make_unique<SubstituentType>();
    type->name = t.at("name").get<std::string>();
    std::string where = name + ": type '" + type->name + "'";
    type->label = t.value("label", type->name);
    type->pattern = Smarts(t.at("smarts").get<std::string>(), where);
    if (t.contains("rest")) type->rest = Smarts(t["rest"].get<std::string>(), where);
    if (type->rest && type->rest->getNumAtoms() != 1)
      throw InvalidData(where + ": rest must be a one-atom SMARTS");
    if (t.contains("require")) type->require = Smarts(t["require"].get<std::string>(), where);
    if (out.Find(type->name)) throw InvalidData(where + ": defined twice");
    out.types_.push_back(std::move(type));
  }
  return out;
}

const SubstituentType* SubstituentTypes::Find(const std::string& name) const {
  for (const auto& t : types_)
    if (t->name == name) return t.get();
  return nullptr;
}

std::vector<const SubstituentType*> SubstituentTypes::All() const {
  std::vector<const SubstituentType*> out;
  for (const auto& t : types_) out.push_back(t.get());
  return out;
}

const SubstituentMatcher::Matches& SubstituentMatcher::Of(const SubstituentType& type) const {
  auto it = matches_.find(&type);
  if (it != matches_.end()) return it->second;
  Matches m;
  m.pattern = AllMatches(mol_, *type.pattern);
  if (type.rest)
    for (const auto& r : AllMatches(mol_, *type.rest)) m.rest.insert(r[0]);
  if (type.require) m.required = AllMatches(mol_, *type.require);
  return matches_.emplace(&type, std::move(m)).first->second;
}

bool SubstituentMatcher::IsOfType(const SubstituentType& type, unsigned site, unsigned attachment,
                                  const std::set<unsigned>& component,
                                  const std::set<unsigned>& forbidden) const {
  const Matches& matches = Of(type);
  const auto& rest = matches.rest;
  for (const auto& m : matches.pattern) {
    if (m.size() < 2 || m[0] != site || m[1] != attachment) continue;
    std::set<unsigned> covered(m.begin() + 1, m.end());
    bool clean = true;
    for (unsigned a : covered) clean &= !forbidden.count(a);
    if (!clean) continue;
    bool all = true;
    for (unsigned a : component) all &= covered.count(a) || (type.rest && rest.count(a));
    if (!all) continue;
    if (type.require) {
      bool found = false;
      for (const auto& r : matches.required) {
        bool inside = true;
        for (unsigned a : r) inside &= component.count(a) > 0;
        found |= inside;
      }
      if (!found) continue;
    }
    return true;
  }
  return false;
}

}  // namespace pc::rules
