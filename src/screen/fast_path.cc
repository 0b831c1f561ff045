#include "screen/fast_path.h"

#include <algorithm>
#include <array>
#include <functional>
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
// What each relaxed anchor atom requires of the input atom it lies on.
struct AtomNeeds {
  int element = 0;     // 0: any
  int bond_order = 0;  // least sum of its anchor bonds' orders in a match
  int degree = 0;      // its anchor bonds
};

struct Relaxed {
  std::unique_ptr<RDKit::RWMol> query, skeleton;
  std::array<unsigned short, 119> counts{};
  std::vector<AtomNeeds> atoms;
};

// The least order an anchor bond has in a molecule it matches: RDKit
// matches a plain bond only to a bond of the same type. A query bond may
// match anything, even a zero-order bond.
int LeastOrder(const RDKit::Bond& bond) {
  if (bond.hasQuery()) return 0;
  switch (bond.getBondType()) {
    case RDKit::Bond::SINGLE: return 1;
    case RDKit::Bond::DOUBLE: return 2;
    case RDKit::Bond::TRIPLE: return 3;
    case RDKit::Bond::AROMATIC: return 1;  // 1.5, rounded down
    default: return 0;
  }
}

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
    r.atoms.push_back({z.value_or(0), 0, 0});
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
    for (int end : {a, b}) {
      r.atoms[size_t(end)].bond_order += LeastOrder(*bond);
      ++r.atoms[size_t(end)].degree;
    }
  }
  // Ring information is computed once here, not lazily by concurrent matches.
  RDKit::MolOps::fastFindRings(*r.query);
  r.skeleton->updatePropertyCache(false);
  RDKit::MolOps::fastFindRings(*r.skeleton);
  return r;
}

bool Contains(const RDKit::ROMol& mol, const RDKit::ROMol& pattern,
              std::function<bool(const RDKit::ROMol&, const std::vector<unsigned>&)> check = {}) {
  RDKit::SubstructMatchParameters params;
  params.maxMatches = 1;
  params.uniquify = false;
  params.recursionPossible = false;
  params.extraFinalCheck = std::move(check);
  return !RDKit::SubstructMatch(mol, pattern, params).empty();
}

// Letters by which an element can appear in a SMILES: its symbol's first
// letter, upper case, or lower case for an aromatic atom.
bool TextCanHaveElement(std::string_view text, int z) {
  const std::string& symbol = RDKit::PeriodicTable::getTable()->getElementSymbol(z);
  char upper = symbol[0], lower = char(std::tolower(static_cast<unsigned char>(upper)));
  return text.find(upper) != std::string_view::npos || text.find(lower) != std::string_view::npos;
}

bool Organic(int z) {
  switch (z) {
    case 1: case 5: case 6: case 7: case 8: case 9: case 14: case 15: case 16: case 17: case 34:
    case 35: case 53:
      return true;
  }
  return false;
}

// The most bonds (by order) an atom of element z can carry in a sanitised
// standardised molecule: carbon 4; oxygen 2, or 3 as an oxonium ion when
// the input has charges or metals to give one; nitrogen 4 (ammonium);
// others one more than RDKit's largest valence. 0: no bound.
int MaxValence(int z, bool charged) {
  if (z == 6) return 4;
  if (z == 7) return 4;
  if (z == 8) return charged ? 3 : 2;
  const auto& valences = RDKit::PeriodicTable::getTable()->getValenceList(unsigned(z));
  if (valences.empty() || std::find(valences.begin(), valences.end(), -1) != valences.end()) return 0;
  return *std::max_element(valences.begin(), valences.end()) + 1;
}

// Standardisation keeps every bond between two organic atoms, except the
// hydrate rule's C-OH on a carbon with two heteroatoms (and bonds to metals,
// which the metal disconnector breaks). So an input atom keeps its
// neighbours, each bond of order at least one, and an anchor atom with
// bonds of order `bond_order` cannot lie on an atom whose other neighbours
// would take it past its element's valence: a 4-piperidone's C4 (C=O) is
// not on a quaternary carbon, its O not on an ether oxygen.
bool ValenceAllows(const RDKit::ROMol& mol, const AtomNeeds& needs, unsigned idx, bool charged) {
  if (needs.element == 0) return true;
  int max = MaxValence(needs.element, charged);
  if (max == 0) return true;
  const auto* atom = mol.getAtomWithIdx(idx);
  int heavy = 0, hetero = 0;
  for (const auto* bond : mol.atomBonds(atom)) {
    const auto* other = bond->getOtherAtom(atom);
    int z = other->getAtomicNum();
    if (!Organic(z)) return true;  // a bond the metal disconnector may break
    if (z != 1 && z != 6) ++hetero;
    auto type = bond->getBondType();
    if (z > 1 && (type == RDKit::Bond::SINGLE || type == RDKit::Bond::DOUBLE ||
                  type == RDKit::Bond::TRIPLE || type == RDKit::Bond::AROMATIC))
      ++heavy;
  }
  if (hetero >= 2) return true;  // a hydrate carbon may lose a bond
  return needs.bond_order + std::max(0, heavy - needs.degree) <= max;
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
  std::vector<AtomNeeds> atoms;
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
    a.atoms = relaxed[i].atoms;
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
  bool charged = false;
  for (const auto* atom : mol.atoms())
    charged = charged || atom->getFormalCharge() != 0 || !Organic(atom->getAtomicNum());
  for (const auto& a : anchors_) {
    bool enough = std::all_of(a.needs.begin(), a.needs.end(),
                              [&](const auto& n) { return counts[size_t(n.first)] >= n.second; });
    if (!enough) continue;
    auto valences_allow = [&](const RDKit::ROMol& m, const std::vector<unsigned>& match) {
      for (size_t i = 0; i < match.size(); ++i)
        if (!ValenceAllows(m, a.atoms[i], match[i], charged)) return false;
      return true;
    };
    if (Contains(mol, *a.query, valences_allow)) return true;
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
    // Cleanup first: it makes charges explicit (nitro groups) for the checks.
    unsigned failed = 0;
    RDKit::MolOps::sanitizeMol(*mol, failed, kRejectingSteps);
    // Neutralising a charged carbon (as in "[CH+](=N)N") can leave a
    // structure RDKit rejects, which the full pipeline reports as an error.
    for (const auto* atom : mol->atoms())
      if (atom->getAtomicNum() == 6 && atom->getFormalCharge() != 0) return false;
    if (text_may_match && GraphMayMatch(*mol)) return false;
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace pc::screen
