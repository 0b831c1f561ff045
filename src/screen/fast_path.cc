#include "screen/fast_path.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <set>

#include <GraphMol/MolOps.h>
#include <GraphMol/PeriodicTable.h>
#include <GraphMol/QueryAtom.h>
#include <GraphMol/QueryBond.h>
#include <GraphMol/QueryOps.h>
#include <GraphMol/SmilesParse/SmartsWrite.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include "chem/standardize.h"

namespace pc::screen {
namespace {

using AtomQuery = RDKit::Atom::QUERYATOM_QUERY;

// The elements an anchor atom may have, if its query limits them: one for
// "N" or "[#7;R]", several for "[#7,#8]". A query we cannot read (a
// recursive SMARTS, a negation) limits none, which only makes the fast path
// weaker, never wrong.
using Elements = std::optional<std::vector<int>>;

Elements QueryElements(const AtomQuery* q) {
  if (!q || q->getNegation()) return std::nullopt;
  const std::string& d = q->getDescription();
  if (d == "AtomAtomicNum" || d == "AtomType") {
    const auto* eq = dynamic_cast<const RDKit::ATOM_EQUALS_QUERY*>(q);
    if (!eq) return std::nullopt;
    int z = d == "AtomType" ? RDKit::getAtomTypeAtomicNum(eq->getVal()) : eq->getVal();
    return z > 0 ? Elements(std::vector<int>{z}) : std::nullopt;
  }
  if (d == "AtomAnd") {  // what every conjunct that limits the element allows
    Elements out;
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it) {
      auto c = QueryElements(it->get());
      if (!c) continue;
      if (!out) {
        out = c;
      } else {
        std::vector<int> both;
        std::set_intersection(out->begin(), out->end(), c->begin(), c->end(), std::back_inserter(both));
        out = both;
      }
    }
    return out && !out->empty() ? out : std::nullopt;
  }
  if (d == "AtomOr") {  // only when every alternative limits it
    std::vector<int> any;
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it) {
      auto c = QueryElements(it->get());
      if (!c) return std::nullopt;
      any.insert(any.end(), c->begin(), c->end());
    }
    std::sort(any.begin(), any.end());
    any.erase(std::unique(any.begin(), any.end()), any.end());
    return any.empty() ? std::nullopt : Elements(any);
  }
  return std::nullopt;
}

Elements AtomElements(const RDKit::Atom& atom) {
  if (atom.hasQuery()) return QueryElements(atom.getQuery());
  int z = atom.getAtomicNum();  // a plain dummy atom ('*') matches any atom
  return z > 0 ? Elements(std::vector<int>{z}) : std::nullopt;
}

// The relaxed anchor as a query (elements only, any bond, no hydrogens) and
// as a plain molecule of the same graph (unknown atoms as dummies), on which
// load-time checks can match other patterns without reading queries.
// What each relaxed anchor atom requires of the input atom it lies on.
struct AtomNeeds {
  int element = 0;        // 0: any
  int bond_order = 0;     // least sum of its anchor bonds' orders in a match
  int degree = 0;         // its anchor bonds
  int total_degree = -1;  // SMARTS X (neighbours and hydrogens), -1: any
  int max_degree = -1;    // SMARTS D (heavy neighbours), -1: any
  bool in_ring = false;   // SMARTS R, or in a ring of the anchor, or aromatic
  int rings = -1;         // SMARTS R1, R2, R0, !R: in exactly that many rings, -1: any
  int aromatic = -1;      // 1: aromatic ("a", "c", an atom of an aromatic bond), 0: aliphatic, -1: any
};

// Whether an anchor atom's SMARTS requires an aromatic atom ("a", "c",
// "[#6;a]") or an aliphatic one ("A", "C"): 1, 0, or -1 when it does not say.
int QueryAromatic(const AtomQuery* q) {
  if (!q || q->getNegation()) return -1;
  const std::string& d = q->getDescription();
  if (d == "AtomIsAromatic") return 1;
  if (d == "AtomIsAliphatic") return 0;
  if (d == "AtomType") {
    const auto* eq = dynamic_cast<const RDKit::ATOM_EQUALS_QUERY*>(q);
    return eq ? int(RDKit::getAtomTypeIsAromatic(eq->getVal())) : -1;
  }
  if (d == "AtomAnd")
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it)
      if (int a = QueryAromatic(it->get()); a >= 0) return a;
  return -1;
}

// True when an anchor atom's SMARTS requires a ring atom ("R", "R1"...).
bool QueryInRing(const AtomQuery* q) {
  if (!q || q->getNegation()) return false;
  const std::string& d = q->getDescription();
  if (d == "AtomInNRings" || d == "AtomInRing") {  // "R" is AtomInNRings -1: any number
    const auto* eq = dynamic_cast<const RDKit::ATOM_EQUALS_QUERY*>(q);
    return eq && eq->getVal() != 0;
  }
  if (d == "AtomAnd")
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it)
      if (QueryInRing(it->get())) return true;
  return false;
}

// The value of an integer primitive ("AtomTotalDegree" for X,
// "AtomExplicitDegree" for D) that an anchor atom's SMARTS requires, alone
// or in a conjunction, as in "[#6X4]" or "[#8;D1]"; -1 when none.
int QueryValue(const AtomQuery* q, const std::string& primitive) {
  if (!q || q->getNegation()) return -1;
  const std::string& d = q->getDescription();
  if (d == primitive) {
    const auto* eq = dynamic_cast<const RDKit::ATOM_EQUALS_QUERY*>(q);
    return eq ? eq->getVal() : -1;
  }
  if (d == "AtomAnd")
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it)
      if (int x = QueryValue(it->get(), primitive); x >= 0) return x;
  return -1;
}

// The number of rings an anchor atom's SMARTS requires it to be in: n for
// "Rn", 0 for "R0" or "!R"; -1 when it does not say (as for "R").
int QueryRings(const AtomQuery* q) {
  if (!q) return -1;
  const std::string& d = q->getDescription();
  if (d == "AtomInNRings") {
    const auto* eq = dynamic_cast<const RDKit::ATOM_EQUALS_QUERY*>(q);
    if (!eq) return -1;
    if (q->getNegation()) return eq->getVal() == -1 ? 0 : -1;  // "!R": in no ring
    return eq->getVal();
  }
  if (d == "AtomAnd" && !q->getNegation())
    for (auto it = q->beginChildren(); it != q->endChildren(); ++it)
      if (int n = QueryRings(it->get()); n >= 0) return n;
  return -1;
}

struct Relaxed {
  std::unique_ptr<RDKit::RWMol> query, skeleton;
  bool whole = false;  // the rule matches only a molecule equal to the anchor
  std::array<unsigned short, 119> counts{};
  std::vector<AtomNeeds> atoms;
  // Anchor bonds (by their atoms) that must be single, double or triple,
  // never aromatic, as "-" and "=" in SMARTS or a plain bond of those types.
  std::vector<std::pair<unsigned, unsigned>> non_aromatic;
};

// The order an anchor bond must have, when it admits one non-aromatic order
// only ("-", "=", "#" in SMARTS, or a plain bond of that type); 0 otherwise.
int ExactOrder(const RDKit::Bond& bond) {
  auto order = [](RDKit::Bond::BondType type) {
    switch (type) {
      case RDKit::Bond::SINGLE: return 1;
      case RDKit::Bond::DOUBLE: return 2;
      case RDKit::Bond::TRIPLE: return 3;
      default: return 0;
    }
  };
  if (!bond.hasQuery()) return order(bond.getBondType());
  const auto* q = bond.getQuery();
  if (q->getNegation() || q->getDescription() != "BondOrder") return 0;
  const auto* eq = dynamic_cast<const RDKit::BOND_EQUALS_QUERY*>(q);
  return eq ? order(RDKit::Bond::BondType(eq->getVal())) : 0;
}

// The least order an anchor bond has in a molecule it matches: RDKit
// matches a plain bond only to a bond of the same type, a "-" or "="
// query only to that order; any other query may match anything, even a
// zero-order bond.
int LeastOrder(const RDKit::Bond& bond) {
  if (int order = ExactOrder(bond)) return order;
  return !bond.hasQuery() && bond.getBondType() == RDKit::Bond::AROMATIC ? 1 : 0;  // 1.5, rounded down
}

Relaxed Relax(const RDKit::ROMol& anchor, bool whole) {
  Relaxed r;
  r.whole = whole;
  r.query = std::make_unique<RDKit::RWMol>();
  r.skeleton = std::make_unique<RDKit::RWMol>();
  std::vector<int> index(anchor.getNumAtoms(), -1);
  for (const auto* atom : anchor.atoms()) {
    auto elements = AtomElements(*atom);
    if (elements && *elements == std::vector<int>{1}) continue;  // hydrogens: not in the heavy-atom graph
    RDKit::QueryAtom qa;
    if (!elements) {
      qa.setQuery(RDKit::makeAtomNullQuery());
    } else {
      qa.setQuery(RDKit::makeAtomNumQuery(elements->front()));
      for (size_t i = 1; i < elements->size(); ++i)
        qa.expandQuery(RDKit::makeAtomNumQuery((*elements)[i]), Queries::COMPOSITE_OR);
    }
    index[atom->getIdx()] = int(r.query->addAtom(&qa, true, false));
    int z = elements && elements->size() == 1 ? elements->front() : 0;  // 0: not one element
    const AtomQuery* q = atom->hasQuery() ? atom->getQuery() : nullptr;
    int aromatic = QueryAromatic(q);
    r.atoms.push_back({z, 0, 0, QueryValue(q, "AtomTotalDegree"), QueryValue(q, "AtomExplicitDegree"),
                       QueryInRing(q) || aromatic == 1, QueryRings(q), aromatic});
    RDKit::Atom plain(z);
    plain.setNoImplicit(true);
    r.skeleton->addAtom(&plain, true, false);
    if (z && z < int(r.counts.size())) ++r.counts[size_t(z)];
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
    if (ExactOrder(*bond)) r.non_aromatic.emplace_back(unsigned(a), unsigned(b));
    // A plain aromatic bond matches aromatic bonds only, which join
    // aromatic atoms.
    if (!bond->hasQuery() && bond->getBondType() == RDKit::Bond::AROMATIC)
      for (int end : {a, b}) {
        r.atoms[size_t(end)].aromatic = 1;
        r.atoms[size_t(end)].in_ring = true;
      }
    for (int end : {a, b}) {
      r.atoms[size_t(end)].bond_order += LeastOrder(*bond);
      ++r.atoms[size_t(end)].degree;
    }
  }
  // Ring information is computed once here, not lazily by concurrent matches.
  RDKit::MolOps::fastFindRings(*r.query);
  r.skeleton->updatePropertyCache(false);
  RDKit::MolOps::fastFindRings(*r.skeleton);
  // A ring of the anchor maps onto a cycle of the molecule: ring atoms.
  for (unsigned a = 0; a < r.skeleton->getNumAtoms(); ++a)
    if (r.skeleton->getRingInfo()->numAtomRings(a)) r.atoms[a].in_ring = true;
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

// True when the standardiser's steps before the tautomer one could change
// the molecule: a charge to neutralise or recombine, a metal to disconnect.
bool ChargedOrMetal(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getFormalCharge() != 0 || !Organic(atom->getAtomicNum())) return true;
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
  // Nor does an atom lose a heavy neighbour: an alcohol's or ketone's
  // oxygen ("[#8;D1]") is not an ether's.
  if (needs.max_degree >= 0 && heavy > needs.max_degree) return false;
  if (needs.element == 0) return true;
  int max = MaxValence(needs.element, charged);
  if (max == 0) return true;
  return needs.bond_order + std::max(0, heavy - needs.degree) <= max;
}

// Hydrogens standardisation could bring to other atoms: tautomer shifts
// move H from heteroatoms and from carbons next to a multiple bond (keto,
// imine, aci-nitro, ketene donors), neutralisation adds H to anions and to
// atoms cut from metals. An anchor atom required to have X connections (as
// "[#6X4]", a saturated carbon) on an input atom with fewer neighbours and
// hydrogens needs the difference; an aromatic ring cannot become a
// saturated one without that many hydrogens to spare.
int HydrogenBudget(const RDKit::ROMol& mol) {
  auto unsaturated = [](const RDKit::ROMol& m, const RDKit::Atom* atom) {
    for (const auto* bond : m.atomBonds(atom))
      if (bond->getBondType() != RDKit::Bond::SINGLE || bond->getIsAromatic()) return true;
    return atom->getIsAromatic();
  };
  int budget = 0;
  for (const auto* atom : mol.atoms()) {
    int z = atom->getAtomicNum();
    if (z == 1) continue;
    int h = int(atom->getTotalNumHs(/*includeNeighbors=*/true));
    if (atom->getFormalCharge() < 0) budget -= atom->getFormalCharge();
    for (const auto* nbr : mol.atomNeighbors(atom))
      if (!Organic(nbr->getAtomicNum())) budget += 3;  // cut from a metal, then neutralised
    if (h == 0) continue;
    if (z != 6) {
      budget += h;
      continue;
    }
    bool donor = false;
    for (const auto* nbr : mol.atomNeighbors(atom))
      donor = donor || (!unsaturated(mol, atom) && unsaturated(mol, nbr)) ||
              nbr->getFormalCharge() > 0;
    for (const auto* bond : mol.atomBonds(atom))  // ketene-like C=C=X
      if (bond->getBondType() == RDKit::Bond::DOUBLE &&
          unsaturated(mol, bond->getOtherAtom(atom)))
        for (const auto* b2 : mol.atomBonds(bond->getOtherAtom(atom)))
          donor = donor || (b2 != bond && b2->getBondType() == RDKit::Bond::DOUBLE);
    if (donor) budget += h;
  }
  return budget;
}

// A charge of a nitro group, [N+](=O)[O-]: RDKit's normal form, which no
// standardisation step changes.
bool NitroCharge(const RDKit::ROMol& mol, const RDKit::Atom* atom) {
  const RDKit::Atom* n = atom;
  if (atom->getAtomicNum() == 8 && atom->getFormalCharge() == -1 && atom->getDegree() == 1)
    n = *mol.atomNeighbors(atom).begin();
  if (n->getAtomicNum() != 7 || n->getFormalCharge() != 1) return false;
  int oxide = 0, oxo = 0;
  for (const auto* bond : mol.atomBonds(n)) {
    const auto* o = bond->getOtherAtom(n);
    if (o->getAtomicNum() != 8 || o->getDegree() != 1) continue;
    if (bond->getBondType() == RDKit::Bond::SINGLE && o->getFormalCharge() == -1) ++oxide;
    if (bond->getBondType() == RDKit::Bond::DOUBLE && o->getFormalCharge() == 0) ++oxo;
  }
  return oxide == 1 && oxo == 1;
}

// A saturated ammonium nitrogen (an amine salt's [NH+], a quaternary
// [N+]): the uncharger at most takes a proton from it, and no normaliser
// rule reads a positive charge without a multiple bond on it.
bool SaturatedAmmonium(const RDKit::ROMol& mol, const RDKit::Atom* atom) {
  if (atom->getAtomicNum() != 7 || atom->getFormalCharge() != 1 || atom->getIsAromatic()) return false;
  for (const auto* bond : mol.atomBonds(atom))
    if (bond->getBondType() != RDKit::Bond::SINGLE) return false;
  return true;
}

// A sulfoxide sulfur in a ring: the normaliser writes S=O as [S+][O-],
// which may change the ring's aromaticity.
bool RingSulfoxide(const RDKit::ROMol& mol, const RDKit::Atom* atom) {
  if (atom->getAtomicNum() != 16 || atom->getFormalCharge() != 0 || atom->getDegree() != 3) return false;
  if (!mol.getRingInfo()->numAtomRings(atom->getIdx())) return false;
  for (const auto* bond : mol.atomBonds(atom))
    if (bond->getBondType() == RDKit::Bond::DOUBLE && bond->getOtherAtom(atom)->getAtomicNum() == 8)
      return true;
  return false;
}

// A carbon with two OH groups: the standardiser reads the carbonyl hydrate
// (gem-diol) as its carbonyl, dropping one OH and making a C=O.
bool CarbonylHydrate(const RDKit::ROMol& mol, const RDKit::Atom* atom) {
  if (atom->getAtomicNum() != 6) return false;
  int hydroxyls = 0;
  for (const auto* nbr : mol.atomNeighbors(atom))
    hydroxyls += nbr->getAtomicNum() == 8 && nbr->getDegree() == 1 && nbr->getTotalNumHs() > 0;
  return hydroxyls >= 2;
}

// The input's fragments (covalent units), computed once per molecule for
// the checks that need them. The sizes a fragment's component can have:
// its heavy atoms, less one for each carbonyl hydrate; any size for a
// fragment with a metal, which the metal disconnector splits.
struct Fragments {
  std::vector<int> fragment;  // per atom
  std::vector<int> heavy, hydrates;
  std::vector<bool> metal;

  explicit Fragments(const RDKit::ROMol& mol) {
    unsigned n = RDKit::MolOps::getMolFrags(mol, fragment);
    heavy.assign(n, 0);
    hydrates.assign(n, 0);
    metal.assign(n, false);
    for (const auto* atom : mol.atoms()) {
      size_t f = size_t(fragment[atom->getIdx()]);
      if (atom->getAtomicNum() > 1) ++heavy[f];
      if (!Organic(atom->getAtomicNum())) metal[f] = true;
      if (CarbonylHydrate(mol, atom)) ++hydrates[f];
    }
  }
  size_t count() const { return heavy.size(); }
  bool CanHave(size_t f, int size) const {
    return metal[f] || (heavy[f] >= size && heavy[f] - hydrates[f] <= size);
  }
  bool AnyCanHave(int size) const {
    for (size_t f = 0; f < heavy.size(); ++f)
      if (CanHave(f, size)) return true;
    return false;
  }
};

// Per atom: does its fragment hold an atom through which standardisation
// could change an aromatic ring? The normaliser's and uncharger's changes
// to aromatic rings all start from charged atoms (or a ring sulfoxide), the
// metal disconnector's from metals. A nitro group's charges stay as they
// are, and so does a saturated ammonium's, but for a proton, in a fragment
// without negative charges to pair with it.
std::vector<bool> UnsettledFragments(const RDKit::ROMol& mol, const Fragments& fragments) {
  const auto& fragment = fragments.fragment;
  std::vector<bool> unsettled_fragment = fragments.metal, anion(fragments.count(), false);
  for (const auto* atom : mol.atoms())
    if (atom->getFormalCharge() < 0 && !NitroCharge(mol, atom)) anion[size_t(fragment[atom->getIdx()])] = true;
  for (const auto* atom : mol.atoms()) {
    size_t f = size_t(fragment[atom->getIdx()]);
    bool settled_charge = atom->getFormalCharge() == 0 || NitroCharge(mol, atom) ||
                          (!anion[f] && SaturatedAmmonium(mol, atom));
    if (!settled_charge || RingSulfoxide(mol, atom)) unsettled_fragment[f] = true;
  }
  std::vector<bool> out(mol.getNumAtoms());
  for (unsigned i = 0; i < mol.getNumAtoms(); ++i) out[i] = unsettled_fragment[size_t(fragment[i])];
  return out;
}

// Per atom: can it carry a multiple (or aromatic) bond in the standard form
// of a settled fragment? RDKit's tautomer rules shift a hydrogen along a
// conjugated chain, H-X-Y=Z to X=Y-Z-H (and the 1,5- to 1,11- versions):
// only the donor X gains a multiple bond, and the chain's atoms had one
// already. Where the donor is a carbon the acceptor is a heteroatom (N, O,
// S, Se, Te) in every rule. The hydrate rule gives a carbon with two OH
// groups its C=O. So the atoms that can are the closure, from those that
// have one, of: a hydrogen-bearing heteroatom next to one that can, and a
// hydrogen-bearing carbon next to one whose conjugated set (linked atoms
// that can) holds a heteroatom. A carbon outside it is never aromatic in
// the standard form.
//
// A hydrogen shift moves a multiple bond, never makes one, so each
// conjugated set of the closure keeps its count of multiple bonds (a
// hydrate's C=O included) through tautomer canonicalisation; and in a
// settled fragment the normaliser only turns multiple bonds into charge
// pairs (nitro, N-oxide, azide, sulfoxide), never the reverse.
struct PiReach {
  std::vector<bool> pi;         // per atom: can carry a multiple bond
  std::vector<int> set;         // per atom: its conjugated set, -1 if none
  std::vector<int> half_bonds;  // per set: twice its multiple bonds, at most
  bool radicals = false;        // RDKit may count a radical into a ring's electrons
};

PiReach CanHavePi(const RDKit::ROMol& mol) {
  const unsigned n = mol.getNumAtoms();
  PiReach reach;
  std::vector<bool>& pi = reach.pi;
  pi.assign(n, false);
  for (const auto* bond : mol.bonds())
    if (bond->getBondType() != RDKit::Bond::SINGLE || bond->getIsAromatic())
      pi[bond->getBeginAtomIdx()] = pi[bond->getEndAtomIdx()] = true;
  std::vector<unsigned> hydrates;
  for (const auto* atom : mol.atoms()) {
    if (atom->getNumRadicalElectrons() > 0) reach.radicals = true;
    if (!CarbonylHydrate(mol, atom)) continue;
    hydrates.push_back(atom->getIdx());
    pi[atom->getIdx()] = true;
    for (const auto* nbr : mol.atomNeighbors(atom))
      if (nbr->getAtomicNum() == 8) pi[nbr->getIdx()] = true;
  }
  auto hetero = [](const RDKit::Atom* a) {
    switch (a->getAtomicNum()) {
      case 7: case 8: case 16: case 34: case 52: return true;
    }
    return false;
  };
  std::vector<int>& set = reach.set;
  for (bool grew = true; grew;) {
    grew = false;
    // The conjugated sets as they stand: does each atom's hold a heteroatom?
    set.assign(n, -1);
    std::vector<bool> set_hetero;
    for (unsigned start = 0; start < n; ++start) {
      if (!pi[start] || set[start] >= 0) continue;
      int id = int(set_hetero.size());
      set_hetero.push_back(false);
      std::vector<unsigned> stack{start};
      set[start] = id;
      while (!stack.empty()) {
        const auto* atom = mol.getAtomWithIdx(stack.back());
        stack.pop_back();
        if (hetero(atom)) set_hetero[size_t(id)] = true;
        for (const auto* nbr : mol.atomNeighbors(atom))
          if (pi[nbr->getIdx()] && set[nbr->getIdx()] < 0) {
            set[nbr->getIdx()] = id;
            stack.push_back(nbr->getIdx());
          }
      }
    }
    for (const auto* atom : mol.atoms()) {
      if (pi[atom->getIdx()] || atom->getTotalNumHs(/*includeNeighbors=*/true) == 0) continue;
      bool carbon = atom->getAtomicNum() == 6;
      if (!carbon && !hetero(atom)) continue;
      for (const auto* nbr : mol.atomNeighbors(atom)) {
        int id = set[nbr->getIdx()];
        if (id >= 0 && (!carbon || set_hetero[size_t(id)])) {
          pi[atom->getIdx()] = grew = true;
          break;
        }
      }
    }
  }
  // The last pass grew nothing: its sets are the closure's. An aromatic
  // bond counts half a multiple bond, at least its share of a Kekule form.
  int sets = 0;
  for (int id : set) sets = std::max(sets, id + 1);
  reach.half_bonds.assign(size_t(sets), 0);
  for (const auto* bond : mol.bonds()) {
    int id = set[bond->getBeginAtomIdx()];
    if (id < 0 || id != set[bond->getEndAtomIdx()]) continue;
    reach.half_bonds[size_t(id)] += std::max(0, int(2 * bond->getBondTypeAsDouble()) - 2);
  }
  for (unsigned c : hydrates) reach.half_bonds[size_t(set[c])] += 2;
  return reach;
}

// True when an input atom of a settled fragment can be aromatic in the
// standard form: it is aromatic already (and stays so), or it lies in a
// ring whose carbons can all carry a multiple bond, and whose conjugated
// sets hold enough multiple bonds for them. An aromatic atom lies in an
// aromatic ring or fused system, made of rings whose carbons (uncharged)
// each have a multiple bond in a Kekule form: one in the ring serves two
// carbons, an exocyclic one (a pyridone's C=O) one.
bool CanBeAromatic(const RDKit::ROMol& mol, unsigned idx, const PiReach& reach) {
  if (mol.getAtomWithIdx(idx)->getIsAromatic()) return true;
  for (const auto& ring : mol.getRingInfo()->atomRings()) {
    if (std::find(ring.begin(), ring.end(), int(idx)) == ring.end()) continue;
    std::vector<int> carbons(reach.half_bonds.size(), 0);  // per conjugated set
    bool can = true;
    for (int a : ring) {
      if (mol.getAtomWithIdx(unsigned(a))->getAtomicNum() != 6) continue;
      if (!reach.pi[size_t(a)]) can = false;
      else ++carbons[size_t(reach.set[size_t(a)])];
    }
    for (size_t id = 0; can && !reach.radicals && id < carbons.size(); ++id)
      can = carbons[id] <= reach.half_bonds[id];
    if (can) return true;
  }
  return false;
}

// Hydrogens an input atom lacks for its anchor atom's X.
int HydrogensNeeded(const RDKit::ROMol& mol, const AtomNeeds& needs, unsigned idx) {
  if (needs.total_degree < 0) return 0;
  const auto* atom = mol.getAtomWithIdx(idx);
  int heavy = 0;
  for (const auto* nbr : mol.atomNeighbors(atom)) heavy += nbr->getAtomicNum() > 1;
  int h = int(atom->getTotalNumHs(/*includeNeighbors=*/true));
  return std::max(0, needs.total_degree - heavy - h);
}

// The sanitisation steps that can reject a molecule (cleanup first, as
// sanitizeMol does, so that nitro groups and the like are accepted), and
// the symmetrised smallest rings before them, as sanitizeMol finds them:
// kekulisation reads its ring systems from them, so it sees the rings the
// full pipeline's parse sees (and aromaticity perception reuses them).
constexpr unsigned kRejectingSteps = RDKit::MolOps::SANITIZE_CLEANUP |
                                     RDKit::MolOps::SANITIZE_PROPERTIES |
                                     RDKit::MolOps::SANITIZE_SYMMRINGS |
                                     RDKit::MolOps::SANITIZE_KEKULIZE |
                                     RDKit::MolOps::SANITIZE_FINDRADICALS;

}  // namespace

struct FastPath::Anchor {
  std::unique_ptr<RDKit::RWMol> query;
  bool whole = false;  // matches only a fragment of its own size
  std::vector<AtomNeeds> atoms;
  std::vector<std::pair<unsigned, unsigned>> non_aromatic;
  std::array<unsigned short, 119> counts{};
  std::vector<std::pair<int, int>> needs;  // (element, count) with count > 0
};

FastPath::FastPath(const std::vector<std::unique_ptr<rules::Rule>>& rules) {
  std::vector<Relaxed> relaxed;
  std::set<std::string> seen;
  for (const auto& rule : rules) {
    auto anchors = rule->Anchors();
    if (anchors.empty()) {
      description_ = "off: a rule has no anchors, so no molecule can be ruled out";
      return;
    }
    const bool whole = rule->AnchorsAreWholeMolecules();
    for (const auto& a : anchors) {
      if (!a) continue;
      // Rules may share an anchor (conversion and similarity rules do).
      if (!seen.insert(RDKit::MolToSmarts(*a) + (whole ? " whole" : "")).second) continue;
      relaxed.push_back(Relax(*a, whole));
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
      // j makes i redundant only if j's atom conditions are no stronger
      // than i's where j lies in i: else j could rule out what i allows.
      auto no_stronger = [&](const RDKit::ROMol&, const std::vector<unsigned>& match) {
        for (size_t k = 0; k < match.size(); ++k) {
          const auto& nj = relaxed[j].atoms[k];
          const auto& ni = relaxed[i].atoms[match[k]];
          if (nj.bond_order - nj.degree > ni.bond_order - ni.degree) return false;
          if (nj.element && nj.element != ni.element) return false;
          if (nj.total_degree >= 0 && nj.total_degree != ni.total_degree) return false;
          if (nj.max_degree >= 0 && (ni.max_degree < 0 || ni.max_degree > nj.max_degree)) return false;
          if (nj.in_ring && !ni.in_ring) return false;
          if (nj.rings >= 0 && nj.rings != ni.rings) return false;
          if (nj.aromatic >= 0 && nj.aromatic != ni.aromatic) return false;
        }
        const auto& bonds_i = relaxed[i].non_aromatic;
        for (auto [a, b] : relaxed[j].non_aromatic) {
          std::pair<unsigned, unsigned> ab{match[a], match[b]}, ba{match[b], match[a]};
          if (std::find(bonds_i.begin(), bonds_i.end(), ab) == bonds_i.end() &&
              std::find(bonds_i.begin(), bonds_i.end(), ba) == bonds_i.end())
            return false;
        }
        return true;
      };
      bool equal = relaxed[i].skeleton->getNumAtoms() == relaxed[j].skeleton->getNumAtoms() &&
                   relaxed[i].skeleton->getNumBonds() == relaxed[j].skeleton->getNumBonds();
      // A whole-molecule anchor only stands for molecules of its own size.
      if (relaxed[j].whole && !(relaxed[i].whole && equal)) continue;
      if (i == j || redundant[j] || !Contains(*relaxed[i].skeleton, *relaxed[j].query, no_stronger))
        continue;
      if (!equal || j < i) redundant[i] = true;
    }

  // Candidate cores, most telling first: the first that every anchor
  // contains is matched before any anchor (one search rules out most
  // molecules: those without a piperidine-like ring carrying N or O at C4).
  std::vector<std::unique_ptr<RDKit::RWMol>> cores;
  for (const char* smarts : {"[#7]1~[#6]~[#6]~[#6](~[#7,#8])~[#6]~[#6]~1", "[#7]1~[#6]~[#6]~[#6]~[#6]~[#6]~1",
                             "[#7]1~*~*~*~*~*1"})
    cores.emplace_back(RDKit::SmartsToMol(smarts));
  std::vector<bool> core_everywhere(cores.size(), true);
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
    for (size_t c = 0; c < cores.size(); ++c)
      core_everywhere[c] = core_everywhere[c] && Contains(*relaxed[i].skeleton, *cores[c]);
    a.whole = relaxed[i].whole;
    a.query = std::move(relaxed[i].query);
    a.atoms = relaxed[i].atoms;
    a.non_aromatic = relaxed[i].non_aromatic;
    anchors_.push_back(std::move(a));
  }
  text_elements_ = common;
  for (size_t c = 0; c < cores.size() && !core_; ++c)
    if (core_everywhere[c]) {
      RDKit::MolOps::fastFindRings(*cores[c]);
      core_ = std::move(cores[c]);
    }
  enabled_ = true;
  description_ = "on: " + std::to_string(anchors_.size()) + " relaxed anchors (of " +
                 std::to_string(relaxed.size()) + ")";
  std::string symbols;
  for (int z : text_elements_)
    symbols += (symbols.empty() ? "" : ",") + RDKit::PeriodicTable::getTable()->getElementSymbol(z);
  description_ += "; every anchor has " + (symbols.empty() ? std::string("no common element") : symbols);
  description_ += core_ ? "; every anchor has " + RDKit::MolToSmarts(*core_) : "; no common core";
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

bool FastPath::GraphMayMatch(const RDKit::ROMol& mol, bool aromaticity_perceived) const {
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
  if (core_ && !Contains(mol, *core_)) return false;
  int budget = -1;  // computed when first needed
  const bool charged = ChargedOrMetal(mol);
  // An aromatic bond stays aromatic through standardisation in a fragment
  // without charges (but a nitro group's) or metals, since the tautomer
  // step keeps aromatic bonds aromatic (chem/standardize.h).
  std::optional<Fragments> fragments;  // computed when first needed
  auto fragments_of = [&]() -> const Fragments& {
    if (!fragments) fragments.emplace(mol);
    return *fragments;
  };
  std::vector<bool> unsettled;
  std::optional<PiReach> reach;  // computed when first needed
  // Ring counts per atom ("R1") are the same for every choice of smallest
  // rings when the symmetrised set has no more rings than the cycle rank.
  bool unique_rings = false;
  if (aromaticity_perceived) {
    unsettled = UnsettledFragments(mol, fragments_of());
    unique_rings =
        mol.getRingInfo()->numRings() + mol.getNumAtoms() == mol.getNumBonds() + fragments_of().count();
  }
  for (const auto& a : anchors_) {
    bool enough = std::all_of(a.needs.begin(), a.needs.end(),
                              [&](const auto& n) { return counts[size_t(n.first)] >= n.second; });
    if (!enough) continue;
    const int size = int(a.query->getNumAtoms());
    if (a.whole && !fragments_of().AnyCanHave(size)) continue;
    auto valences_allow = [&](const RDKit::ROMol& m, const std::vector<unsigned>& match) {
      if (a.whole) {
        const Fragments& f = fragments_of();
        if (!f.CanHave(size_t(f.fragment[match[0]]), size)) return false;
      }
      // A ring atom of the standard form is one in the input: no bond is
      // added. (Ring information exists once aromaticity is perceived.)
      if (aromaticity_perceived)
        for (size_t i = 0; i < match.size(); ++i)
          if (a.atoms[i].in_ring && !m.getRingInfo()->numAtomRings(match[i])) return false;
      if (aromaticity_perceived && !unsettled[match[0]]) {
        for (auto [x, y] : a.non_aromatic) {
          const auto* bond = m.getBondBetweenAtoms(match[x], match[y]);
          if (bond && bond->getIsAromatic()) return false;
        }
        for (size_t i = 0; i < match.size(); ++i) {
          // A settled fragment keeps its rings (which atoms are in none,
          // and with unique smallest rings how many each is in).
          int rings = a.atoms[i].rings;
          if (rings >= 0 && (unique_rings || rings == 0) &&
              int(m.getRingInfo()->numAtomRings(match[i])) != rings)
            return false;
          int need = a.atoms[i].aromatic;
          if (need == 0 && m.getAtomWithIdx(match[i])->getIsAromatic()) return false;
          if (need == 1) {
            if (!reach) reach = CanHavePi(m);
            if (!CanBeAromatic(m, match[i], *reach)) return false;
          }
        }
      }
      int needed = 0;
      for (size_t i = 0; i < match.size(); ++i) {
        if (!ValenceAllows(m, a.atoms[i], match[i], charged)) return false;
        needed += HydrogensNeeded(m, a.atoms[i], match[i]);
      }
      if (needed == 0) return true;
      if (budget < 0) budget = HydrogenBudget(m);
      return needed <= budget;
    };
    if (Contains(mol, *a.query, valences_allow)) return true;
  }
  return false;
}

bool FastPath::SettlesClear(std::string_view smiles, const chem::ParseLimits& limits) const {
  if (!enabled_ || smiles.empty() || smiles.size() > limits.max_text_bytes) return false;
  bool text_may_match = TextMayMatch(smiles);
  // The same parse as chem::ParseSmiles, which sanitises afterwards.
  std::unique_ptr<RDKit::RWMol> mol;
  try {
    mol = chem::ParseSmilesRaw(smiles);
    if (!mol || mol->getNumAtoms() == 0 || mol->getNumHeavyAtoms() > limits.max_heavy_atoms)
      return false;
    // RDKit's cleanup rewrites hypervalent groups (a nitro group written
    // N(=O)=O) with explicit charges before the valence check, and changes
    // nothing else; most molecules have none, so it runs only when the
    // valence check fails without it, on a fresh parse.
    unsigned failed = 0;
    try {
      RDKit::MolOps::sanitizeMol(*mol, failed, kRejectingSteps & ~RDKit::MolOps::SANITIZE_CLEANUP);
    } catch (const RDKit::MolSanitizeException&) {
      mol = chem::ParseSmilesRaw(smiles);
      if (!mol) return false;
      RDKit::MolOps::sanitizeMol(*mol, failed, kRejectingSteps);
    }
    // Neutralising a carbocation (as in "[CH+](=N)N") or an aromatic
    // carbanion ("[c-]1cccc1") can leave a structure RDKit rejects, which
    // the full pipeline reports as an error. Another carbanion (an
    // isocyanide's, an enolate's) takes a hydrogen it has room for.
    for (const auto* atom : mol->atoms())
      if (atom->getAtomicNum() == 6 &&
          (atom->getFormalCharge() > 0 || (atom->getFormalCharge() < 0 && atom->getIsAromatic())))
        return false;
    if (text_may_match && GraphMayMatch(*mol)) {
      // Aromaticity, perceived only now, rules out anchors whose
      // non-aromatic bonds lie on an aromatic ring.
      RDKit::MolOps::setAromaticity(*mol);
      if (GraphMayMatch(*mol, /*aromaticity_perceived=*/true))
        return ChargedOrMetal(*mol) && !StandardFormMayMatch(smiles, limits);
    }
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

bool FastPath::StandardFormMayMatch(std::string_view smiles, const chem::ParseLimits& limits) const {
  // The full pipeline's own parse and steps, all but the tautomer step. A
  // component they leave is settled or not by what it holds now, and for a
  // settled one the analysis above covers what is left (a hydrogen shift
  // keeps aromatic bonds, rings and the count of multiple bonds).
  auto parsed = chem::ParseSmiles(smiles, limits);
  if (!parsed) return true;
  auto form = chem::ThreadStandardizer().StandardizeBeforeTautomers(*parsed.mol);
  if (!form.error.empty() || form.components.empty()) return true;
  for (const auto& c : form.components) {
    RDKit::RWMol component(*c.mol);
    component.updatePropertyCache(/*strict=*/false);
    // The smallest rings as the first step finds them (GraphMayMatch reads
    // how many each atom is in).
    component.getRingInfo()->reset();
    RDKit::MolOps::symmetrizeSSSR(component);
    if (GraphMayMatch(component, /*aromaticity_perceived=*/true)) return true;
  }
  return false;
}

}  // namespace pc::screen
