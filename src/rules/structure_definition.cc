#include "rules/structure_definition.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include <GraphMol/SmilesParse/SmilesParse.h>
#include <nlohmann/json.hpp>

#include "chem/molecule.h"
#include "chem/search_order.h"
#include "common/error.h"
#include "rules/rule.h"
#include "rules/structure_analysis.h"

namespace pc::rules {
namespace {

using json = nlohmann::json;

[[noreturn]] void Fail(const std::string& where, const std::string& reason) {
  throw InvalidData(where + ": " + reason);
}

RegionKind ParseKind(const std::string& s, const std::string& where) {
  if (s == "group") return RegionKind::kGroup;
  if (s == "ring") return RegionKind::kRing;
  if (s == "sites") return RegionKind::kSites;
  if (s == "arylalkyl") return RegionKind::kArylalkyl;
  Fail(where, "kind '" + s + "' is not one of group, ring, sites, arylalkyl");
}

RegionChange ParseChange(const json& j, const SubstituentTypes& types, const std::string& where) {
  RegionChange c;
  c.clause = j.value("clause", "");
  c.accept = j.value("accept", "");
  if (!c.accept.empty() && c.accept != "any" && c.accept != "any_but_h")
    Fail(where, "accept must be any or any_but_h");
  std::string ring = j.value("ring", "");
  if (ring == "monocycle") c.ring = RingRequirement::kMonocycle;
  else if (ring == "aromatic_monocycle") c.ring = RingRequirement::kAromaticMonocycle;
  else if (!ring.empty()) Fail(where, "ring must be monocycle or aromatic_monocycle");
  if (j.contains("substituents")) {
    const auto& s = j["substituents"];
    if (s.is_string() && s.get<std::string>() == "any") {
      c.any_substituents = true;
    } else if (s.is_array()) {
      for (const auto& name : s) {
        const auto* t = types.Find(name.get<std::string>());
        if (!t) Fail(where, "unknown substituent type '" + name.get<std::string>() + "'");
        c.substituents.push_back(t);
      }
    } else {
      Fail(where, "substituents must be \"any\" or a list of type names");
    }
  }
  return c;
}

std::shared_ptr<const StructureDefinition> LoadOne(const std::filesystem::path& path,
                                                   const SubstituentTypes& types) {
  auto def = std::make_shared<StructureDefinition>();
  def->file = path.filename().string();
  const std::string& where = def->file;
  std::ifstream in(path);
  if (!in) Fail(where, "cannot open file");
  json doc;
  try {
    doc = json::parse(in);
    if (doc.value("format", "") != "precursor-structure-rule/1")
      Fail(where, "format: expected 'precursor-structure-rule/1'");
    def->entry_id = doc.at("entry").get<std::string>();
    std::string rule = doc.at("rule").get<std::string>();
    if (rule == "class") def->rule = RuleKind::kClass;
    else if (rule == "family") def->rule = RuleKind::kFamily;
    else Fail(where, "rule: must be class or family");
    def->title = doc.at("title").get<std::string>();
    def->legal_text = doc.at("legal_text").get<std::string>();
    def->reading = doc.value("reading", "");
    def->parent_name = doc.at("parent").at("name").get<std::string>();
    auto parent = chem::ParseSmiles(doc.at("parent").at("smiles").get<std::string>());
    if (!parent) Fail(where, "parent.smiles: " + parent.error);
    def->parent = std::shared_ptr<const RDKit::ROMol>(parent.mol.release());
    def->scaffold_smarts = doc.at("scaffold").get<std::string>();
    std::unique_ptr<RDKit::ROMol> scaffold;
    try {
      scaffold.reset(RDKit::SmartsToMol(def->scaffold_smarts));
    } catch (const std::exception&) {
    }
    if (!scaffold) Fail(where, "scaffold: invalid SMARTS");
    for (const auto* atom : scaffold->atoms()) {
      int map = atom->getAtomMapNum();
      if (map == 0) Fail(where, "scaffold: every atom needs a map number");
      if (!def->query_atom.emplace(map, atom->getIdx()).second)
        Fail(where, "scaffold: map number " + std::to_string(map) + " used twice");
    }
    def->scaffold = std::shared_ptr<const RDKit::ROMol>(scaffold.release());
    def->anchors = {def->scaffold};
    if (doc.contains("anchors")) {
      def->anchors.clear();
      const json& list = doc["anchors"];
      if (!list.is_array() || list.empty()) Fail(where, "anchors: expected a list of SMARTS");
      for (const auto& a : list) {
        std::unique_ptr<RDKit::ROMol> anchor;
        try {
          if (a.is_string()) anchor.reset(RDKit::SmartsToMol(a.get<std::string>()));
        } catch (const std::exception&) {
        }
        if (!anchor) Fail(where, "anchors: invalid SMARTS " + a.dump());
        // Anchors are only asked whether they match: searched from their
        // rarest atom (chem/search_order.h).
        def->anchors.emplace_back(chem::InSearchOrder(*anchor).release());
      }
    }
    const json positions = doc.value("positions", json::object());
    for (const auto& [k, v] : positions.items())
      def->positions[std::stoi(k)] = v.get<std::string>();
    for (const auto& [k, v] : doc.at("clauses").items()) def->clauses[k] = v.get<std::string>();
    auto known_map = [&](int m, const std::string& at) {
      if (!def->query_atom.count(m)) Fail(at, "map number " + std::to_string(m) + " is not in the scaffold");
    };
    for (const auto& r : doc.at("regions")) {
      Region region;
      region.name = r.at("name").get<std::string>();
      std::string at = where + ": region '" + region.name + "'";
      region.label = r.value("label", region.name);
      region.kind = ParseKind(r.at("kind").get<std::string>(), at);
      region.anchor = r.value("anchor", 0);
      region.sites = r.value("sites", std::vector<int>{});
      region.include = r.value("include", std::vector<int>{});
      region.linker = r.value("linker", 0);
      region.required = r.value("required", false);
      if (region.kind == RegionKind::kSites ? region.sites.empty() : region.anchor == 0)
        Fail(at, "needs an anchor (or sites)");
      if (region.anchor) known_map(region.anchor, at);
      for (int m : region.sites) known_map(m, at);
      for (int m : region.include) known_map(m, at);
      for (const auto& c : r.at("changes")) {
        region.changes.push_back(ParseChange(c, types, at));
        const auto& clause = region.changes.back().clause;
        if (!clause.empty() && !def->clauses.count(clause))
          Fail(at, "clause '" + clause + "' is not in the file's clauses");
      }
      def->regions.push_back(std::move(region));
    }
  } catch (const json::exception& e) {
    Fail(where, std::string("invalid or missing field: ") + e.what());
  }
  try {
    def->parent_signature = ParentSignatures(*def);
  } catch (const std::exception& e) {
    Fail(where, std::string("parent: ") + e.what());
  }
  if (!ContainsAnyOf(*def->parent, def->anchors)) Fail(where, "anchors: the parent contains none of them");
  return def;
}

}  // namespace

std::string StructureDefinition::Position(int map_number) const {
  auto it = positions.find(map_number);
  return it == positions.end() ? "scaffold atom " + std::to_string(map_number) : it->second;
}

std::vector<std::shared_ptr<const StructureDefinition>> LoadStructureDefinitions(
    const std::vector<std::filesystem::path>& dirs, const SubstituentTypes& types) {
  std::vector<std::filesystem::path> files;
  for (const auto& dir : dirs) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir))
      if (f.path().extension() == ".json") files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::shared_ptr<const StructureDefinition>> out;
  for (const auto& f : files) out.push_back(LoadOne(f, types));
  return out;
}

}  // namespace pc::rules
