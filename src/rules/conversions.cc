#include "rules/conversions.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include <GraphMol/ChemReactions/ReactionParser.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <nlohmann/json.hpp>

#include "chem/search_order.h"
#include "common/error.h"
#include "rules/rule.h"

namespace pc::rules {

ConversionLibrary ConversionLibrary::Load(const std::filesystem::path& file) {
  std::string name = file.filename().string();
  std::ifstream in(file);
  if (!in) throw IoError(name + ": cannot open file");
  ConversionLibrary lib;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
    if (doc.value("format", "") != "precursor-conversions/1")
      throw InvalidData(name + ": format: expected 'precursor-conversions/1'");
    lib.limits_.max_depth = doc.at("max_depth").get<int>();
    lib.limits_.max_products_per_step = doc.at("max_products_per_step").get<int>();
    lib.limits_.max_nodes = doc.at("max_nodes").get<int>();
    lib.limits_.max_product_atoms = doc.at("max_product_atoms").get<long>();
    lib.limits_.class_only_watch_depth = doc.value("class_only_watch_depth", 0);
    for (const auto& a : doc.at("invariant_anchors")) {
      // {"family": "fentanyl", "smarts": "..."}: the family names the drugs
      // whose precursors the anchor stands for (backtest reports by it).
      std::unique_ptr<RDKit::ROMol> anchor(RDKit::SmartsToMol(a.at("smarts").get<std::string>()));
      if (!anchor) throw InvalidData(name + ": invariant_anchors: invalid SMARTS");
      // Only asked whether it matches: searched from its rarest atom.
      lib.anchors_.emplace_back(chem::InSearchOrder(*anchor).release());
      lib.anchor_families_.push_back(a.at("family").get<std::string>());
    }
    if (lib.anchors_.empty()) throw InvalidData(name + ": invariant_anchors: none given");
    std::set<std::string> names;
    for (const auto& j : doc.at("transforms")) {
      Transform t;
      t.name = j.at("name").get<std::string>();
      std::string where = name + ": transform '" + t.name + "'";
      if (!names.insert(t.name).second) throw InvalidData(where + ": defined twice");
      t.label = j.at("label").get<std::string>();
      t.kind = j.at("kind").get<std::string>();
      t.smarts = j.at("smarts").get<std::string>();
      t.co_reactant = j.at("co_reactant").get<std::string>();
      t.chemistry = j.at("chemistry").get<std::string>();
      t.example_reactant = j.at("example").at("reactant").get<std::string>();
      t.example_product = j.at("example").at("product").get<std::string>();
      t.counterexample = j.at("counterexample").get<std::string>();
      try {
        t.reaction.reset(RDKit::RxnSmartsToChemicalReaction(t.smarts));
      } catch (const std::exception& e) {
        throw InvalidData(where + ": smarts: " + e.what());
      }
      if (!t.reaction || t.reaction->getNumReactantTemplates() != 1 ||
          t.reaction->getNumProductTemplates() != 1)
        throw InvalidData(where + ": smarts: need one reactant and one product template");
      t.reaction->initReactantMatchers();
      const std::string reactant_smarts = t.smarts.substr(0, t.smarts.find('>'));
      auto same = std::find_if(lib.transforms_.begin(), lib.transforms_.end(), [&](const Transform& o) {
        return o.smarts.substr(0, o.smarts.find('>')) == reactant_smarts;
      });
      if (same != lib.transforms_.end()) {
        t.screen_index = same->screen_index;
      } else {
        t.screen_index = lib.screens_.size();
        lib.screens_.push_back(chem::InSearchOrder(*t.reaction->getReactants().front()));
      }
      lib.transforms_.push_back(std::move(t));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InvalidData(name + ": invalid or missing field: " + e.what());
  }
  return lib;
}

bool ConversionLibrary::HasInvariantAnchor(const RDKit::ROMol& mol) const {
  return ContainsAnyOf(mol, anchors_);
}

std::set<std::string> ConversionLibrary::FamiliesOf(const RDKit::ROMol& mol) const {
  std::set<std::string> out;
  for (size_t i = 0; i < anchors_.size(); ++i)
    if (!out.count(anchor_families_[i]) && ContainsAnyOf(mol, {anchors_[i]})) out.insert(anchor_families_[i]);
  return out;
}

std::vector<bool> ConversionLibrary::Applicable(const RDKit::ROMol& mol) const {
  // No match of a template in any atom order, chirality aside, is no match
  // for the reaction either.
  std::vector<bool> matched;
  for (const auto& screen : screens_) matched.push_back(ContainsAnyOf(mol, {screen}));
  std::vector<bool> out;
  for (const auto& t : transforms_) out.push_back(matched[t.screen_index]);
  return out;
}

std::vector<RDKit::ROMOL_SPTR> ConversionLibrary::Apply(const Transform& t,
                                                       const RDKit::ROMol& mol) const {
  std::vector<RDKit::ROMOL_SPTR> out;
  // RDKit takes reactants by shared pointer; a non-owning one spares a copy
  // of the molecule per transform (the search tries every transform on
  // every node). The reaction only reads its reactants.
  RDKit::MOL_SPTR_VECT reactants{
      RDKit::ROMOL_SPTR(const_cast<RDKit::ROMol*>(&mol), [](RDKit::ROMol*) {})};
  auto results = t.reaction->runReactants(reactants, unsigned(limits_.max_products_per_step));
  // A symmetric group matches the same atoms several ways (a Boc group's
  // three methyls six ways, a benzyl ring two), and each way gives the same
  // product: the same reactant atoms kept, the mapped ones in the same
  // roles. Such repeats are dropped here, before the sanitisation and
  // standardisation a product costs. The same product from two different
  // sites (a symmetric molecule) still comes twice; the caller, which writes
  // canonical SMILES anyway, drops it then.
  std::set<std::vector<std::pair<unsigned, int>>> made;
  for (const auto& products : results) {
    for (const auto& p : products) {
      std::vector<std::pair<unsigned, int>> origin;  // (reactant atom, template map number) per atom
      origin.reserve(p->getNumAtoms());
      for (const auto* atom : p->atoms()) {
        unsigned from = ~0u;  // an atom the product template adds
        int role = 0;
        atom->getPropIfPresent(RDKit::common_properties::reactantAtomIdx, from);
        atom->getPropIfPresent(RDKit::common_properties::reactionMapNum, role);
        origin.emplace_back(from, role);
      }
      std::sort(origin.begin(), origin.end());
      if (!made.insert(std::move(origin)).second) continue;
      // RDKit builds each product as an RWMol, which is sanitised in place
      // (the products are this call's own); a copy only if one ever is not.
      RDKit::ROMOL_SPTR product = p;
      auto* editable = dynamic_cast<RDKit::RWMol*>(product.get());
      if (!editable) {
        product.reset(editable = new RDKit::RWMol(*p));
      }
      try {
        RDKit::MolOps::sanitizeMol(*editable);
      } catch (const std::exception&) {
        continue;  // a product RDKit cannot make sense of is no real product
      }
      out.push_back(std::move(product));
    }
  }
  return out;
}

}  // namespace pc::rules
