#include "screen/fast_path.h"

#include <algorithm>
#include <array>
#include <optional>

#include <GraphMol/MolOps.h>
#include <GraphMol/PeriodicTable.h>
#include <GraphMol/QueryAtom.h>
#include <GraphMol/QueryBond.h>
#include <GraphMol/QueryOps.h>
#include <GraphMol/SmilesParse/SmartsWrite.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/Substruct/SubstructMatch.h>

namespace pc::screen {
namespace {

using AtomQuery = RDKit::Atom::QUERYATOM_QUERY;

// The element an anchor atom certainly has, if its query fixes one. A
// query we cannot read (an OR of elements, a recursive SMARTS, a negation)
// fixes none, which only makes the fast path weaker, never wrong.
std::optional<int> FixedElement(const AtomQuery* q) {
  if (!q || q->getNegation()) return std::nullopt;
  const std::string& d = q->getDescription();
  if (d == "AtomAtomicNum" || d == "AtomType") {
    const auto* eq = dynamic_cast<const RDKit::ATOM_EQUALS_QUERY*>(q);
    if (!eq) return std::nullopt;
    int z = d == "AtomType" ? RDKit::getAtomTypeAtomicNum(eq->getVal()) : eq->getVal();
    return z > 0 ? std::optional(z) : std::nullopt;
  }
  if (d == "AtomAnd") {  // any conjunct fixing the element fixes it
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it)
      if (auto z = FixedElement(it->get())) return z;
    return std::nullopt;
  }
  if (d == "AtomOr") {  // only when every alternative is the same element
    std::optional<int> z;
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it) {
      auto c = FixedElement(it->get());
      if (!c || (z && *z != *c)) return std::nullopt;
      z = c;
    }
    return z;
  }
  return std::nullopt;
}

std::optional<int> FixedElement(const RDKit::Atom& atom) {
  if (atom.hasQuery()) return FixedElement(atom.getQuery());
  int z = atom.getAtomicNum();  // a plain dummy atom ('*') matches any atom
  return z > 0 ? std::optional(z) : std::nullopt;
}

// The relaxed anchor as a query (elements only, any bond, no hydrogens) and
// as a plain molecule of the same graph (unknown atoms as dummies), on which
// load-time checks can match other patterns without reading queries.
struct Relaxed {
  std::unique_ptr<RDKit::RWMol> query, skeleton;
  std::array<unsigned short, 119> counts{};
};

Relaxed Relax(const RDKit::ROMol& anchor) {
  Relaxed r;
  r.query = std::make_unique<RDKit::RWMol>();
  r.skeleton = std::make_unique<RDKit::RWMol>();
  std::vector<int> index(anchor.getNumAtoms(), -1);
  for (const auto* atom : anchor.atoms()) {
    auto z = FixedElement(*atom);
    if (z == 1) continue;  // hydrogens are not part of the heavy-atom graph
    RDKit::QueryAtom qa;
    qa.setQuery(z ? RDKit::makeAtomNumQuery(*z) : RDKit::makeAtomNullQuery());
    index[atom->getIdx()] = int(r.query->addAtom(&qa, true, false));
    RDKit::Atom plain(z.value_or(0));
    plain.setNoImplicit(true);
    r.skeleton->addAtom(&plain, true, false);
    if (z && *z < int(r.counts.size())) ++r.counts[size_t(*z)];
  }
  for (const auto* bond : anchor.bonds()) {
    int a = index[bond->getBeginAtomIdx()], b = index[bond->getEndAtomIdx()];
    if (a < 0 || b < 0) continue;
    RDKit::QueryBond qb;
    qb.setBeginAtomIdx(unsigned(a));
    qb.setEndAtomIdx(unsigned(b));
    qb.setQuery(RDKit::makeBondNullQuery());
    r.query->addBond(&qb, false);
    r.skeleton->addBond(unsigned(a), unsigned(b), RDKit::Bond::SINGLE);
  }
  // Ring information is computed once here, not lazily by concurrent matches.
  RDKit::MolOps::fastFindRings(*r.query);
  r.skeleton->updatePropertyCache(false);
  RDKit::MolOps::fastFindRings(*r.skeleton);
  return r;
}

bool Contains(const RDKit::ROMol& mol, const RDKit::ROMol& pattern) {
  RDKit::SubstructMatchParameters params;
  params.maxMatches = 1;
  params.uniquify = false;
  params.recursionPossible = false;
  return !RDKit::SubstructMatch(mol, pattern, params).empty();
}

// Letters by which an element can appear in a SMILES: its symbol's first
// letter, upper case, or lower case for an aromatic atom.
bool TextCanHaveElement(std::string_view text, int z) {
  const std::string& symbol = RDKit::PeriodicTable::getTable()->getElementSymbol(z);
  char upper = symbol[0], lower = char(std::tolower(static_cast<unsigned char>(upper)));
  return text.find(upper) != std::string_view::npos || text.find(lower) != std::string_view::npos;
}

// The sanitisation steps that can reject a molecule (cleanup first, as
// sanitizeMol does, so that nitro groups and the like are accepted).
constexpr unsigned kRejectingSteps = RDKit::MolOps::SANITIZE_CLEANUP |
                                     RDKit::MolOps::SANITIZE_PROPERTIES |
                                     RDKit::MolOps::SANITIZE_KEKULIZE |
                                     RDKit::MolOps::SANITIZE_FINDRADICALS;

}  // namespace

struct FastPath::Anchor {
  std::unique_ptr<RDKit::RWMol> query;
  std::array<unsigned short, 119> counts{};
  std::vector<std::pair<int, int>> needs;  // (element, count) with count > 0
};

FastPath::FastPath(const std::vector<std::unique_ptr<rules::Rule>>& rules) {
  std::vector<Relaxed> relaxed;
  for (const auto& rule : rules) {
    auto anchors = rule->Anchors();
    if (anchors.empty()) {
      description_ = "off: a rule has no anchors, so no molecule can be ruled out";
      return;
    }
    for (const auto& a : anchors) {
      if (!a) continue;
      relaxed.push_back(Relax(*a));
      if (relaxed.back().query->getNumAtoms() == 0) {
        description_ = "off: an anchor has no heavy atoms";
        return;
      }
    }
  }
  if (relaxed.empty()) {
    description_ = "off: no rules";
    return;
  }
  // An anchor containing another anchor adds nothing: whatever contains it
  // contains the smaller one. Keep the minimal ones (the first of equals).
  std::vector<bool> redundant(relaxed.size(), false);
  for (size_t i = 0; i < relaxed.size(); ++i)
    for (size_t j = 0; j < relaxed.size() && !redundant[i]; ++j) {
      if (i == j || redundant[j] || !Contains(*relaxed[i].skeleton, *relaxed[j].query)) continue;
      bool equal = relaxed[i].skeleton->getNumAtoms() == relaxed[j].skeleton->getNumAtoms() &&
                   relaxed[i].skeleton->getNumBonds() == relaxed[j].skeleton->getNumBonds();
      if (!equal || j < i) redundant[i] = true;
    }

  std::unique_ptr<RDKit::RWMol> ring(RDKit::SmartsToMol("[#7]1~*~*~*~*~*1"));
  bool ring_everywhere = true;
  std::vector<int> common;
  bool first = true;
  for (size_t i = 0; i < relaxed.size(); ++i) {
    if (redundant[i]) continue;
    Anchor a;
    a.counts = relaxed[i].counts;
    std::vector<int> elements;
    for (int z = 2; z < int(a.counts.size()); ++z)
      if (a.counts[size_t(z)]) {
        a.needs.emplace_back(z, a.counts[size_t(z)]);
        elements.push_back(z);
      }
    if (first) common = elements;
    else
      common.erase(std::remove_if(common.begin(), common.end(),
                                  [&](int z) {
                                    return std::find(elements.begin(), elements.end(), z) ==
                                           elements.end();
                                  }),
                   common.end());
    first = false;
    ring_everywhere = ring_everywhere && Contains(*relaxed[i].skeleton, *ring);
    a.query = std::move(relaxed[i].query);
    anchors_.push_back(std::move(a));
  }
  text_elements_ = common;
  if (ring_everywhere) {
    RDKit::MolOps::fastFindRings(*ring);
    ring_ = std::move(ring);
  }
  enabled_ = true;
  description_ = "on: " + std::to_string(anchors_.size()) + " relaxed anchors (of " +
                 std::to_string(relaxed.size()) + ")";
  std::string symbols;
  for (int z : text_elements_)
    symbols += (symbols.empty() ? "" : ",") + RDKit::PeriodicTable::getTable()->getElementSymbol(z);
  description_ += "; every anchor has " + (symbols.empty() ? std::string("no common element") : symbols);
  description_ += ring_ ? "; every anchor has a six-membered ring with N" : "; no common ring";
  for (const auto& a : anchors_) description_ += "; " + RDKit::MolToSmarts(*a.query);
}

FastPath::~FastPath() = default;

bool FastPath::TextMayMatch(std::string_view text) const {
  // '#' can write an atom by atomic number ("[#7]"), which no letter shows.
  if (text.find('#') != std::string_view::npos) return true;
  for (int z : text_elements_)
    if (!TextCanHaveElement(text, z)) return false;
  return true;
}

bool FastPath::GraphMayMatch(const RDKit::ROMol& mol) const {
  std::array<unsigned short, 119> counts{};
  for (const auto* atom : mol.atoms()) {
    unsigned z = atom->getAtomicNum();
    if (z < counts.size() && counts[z] < 0xffff) ++counts[z];
  }
  bool any = false;
  for (const auto& a : anchors_) {
    bool enough = std::all_of(a.needs.begin(), a.needs.end(),
                              [&](const auto& n) { return counts[size_t(n.first)] >= n.second; });
    if (enough) {
      any = true;
      break;
    }
  }
  if (!any) return false;
  if (ring_ && !Contains(mol, *ring_)) return false;
  for (const auto& a : anchors_) {
    bool enough = std::all_of(a.needs.begin(), a.needs.end(),
                              [&](const auto& n) { return counts[size_t(n.first)] >= n.second; });
    if (enough && Contains(mol, *a.query)) return true;
  }
  return false;
}

bool FastPath::SettlesClear(std::string_view smiles, const chem::ParseLimits& limits) const {
  if (!enabled_ || smiles.empty() || smiles.size() > limits.max_text_bytes) return false;
  bool text_may_match = TextMayMatch(smiles);
  // The same parse as chem::ParseSmiles, which sanitises afterwards.
  RDKit::SmilesParserParams params;
  params.sanitize = false;
  params.allowCXSMILES = true;
  params.strictCXSMILES = false;
  params.parseName = false;
  params.removeHs = false;
  std::unique_ptr<RDKit::RWMol> mol;
  try {
    mol.reset(RDKit::SmilesToMol(std::string(smiles), params));
    if (!mol || mol->getNumAtoms() == 0 || mol->getNumHeavyAtoms() > limits.max_heavy_atoms)
      return false;
    if (text_may_match && GraphMayMatch(*mol)) return false;
    unsigned failed = 0;
    RDKit::MolOps::sanitizeMol(*mol, failed, kRejectingSteps);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace pc::screen
