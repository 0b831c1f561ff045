#include "screen/standardisation_effects.h"

#include <algorithm>

#include <GraphMol/MolOps.h>
#include <GraphMol/PeriodicTable.h>

namespace pc::screen {
namespace {

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

// Neighbours other than hydrogen atoms written as atoms.
int HeavyNeighbours(const RDKit::ROMol& mol, const RDKit::Atom* atom) {
  int heavy = 0;
  for (const auto* nbr : mol.atomNeighbors(atom)) heavy += nbr->getAtomicNum() > 1;
  return heavy;
}

}  // namespace

bool Organic(int z) {
  switch (z) {
    case 1: case 5: case 6: case 7: case 8: case 9: case 14: case 15: case 16: case 17: case 34:
    case 35: case 53:
      return true;
  }
  return false;
}

bool ChargedOrMetal(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getFormalCharge() != 0 || !Organic(atom->getAtomicNum())) return true;
  return false;
}

bool ValenceAllows(const RDKit::ROMol& mol, const AtomNeeds& needs, unsigned idx, bool charged) {
  const auto* atom = mol.getAtomWithIdx(idx);
  int heavy = 0, single_oxygens = 0;
  for (const auto* bond : mol.atomBonds(atom)) {
    const auto* other = bond->getOtherAtom(atom);
    int z = other->getAtomicNum();
    if (!Organic(z)) return true;  // a bond the metal disconnector may break
    auto type = bond->getBondType();
    if (z == 8 && type == RDKit::Bond::SINGLE) ++single_oxygens;
    if (z > 1 && (type == RDKit::Bond::SINGLE || type == RDKit::Bond::DOUBLE ||
                  type == RDKit::Bond::TRIPLE || type == RDKit::Bond::AROMATIC))
      ++heavy;
  }
  // A carbonyl hydrate's carbon (two singly bonded oxygens, as OH or O-)
  // loses one of them to the standardiser (chem/standardize.cc); no other
  // carbon loses a heavy neighbour. An amide's or ester's carbon keeps its
  // three, so a D1 anchor atom (the methyl of an amphetamine) never lies on
  // the carbonyl carbon of a peptide's phenylalanine.
  if (single_oxygens >= 2) return true;
  // Nor does an atom lose a heavy neighbour: an alcohol's or ketone's
  // oxygen ("[#8;D1]") is not an ether's.
  if (needs.max_degree >= 0 && heavy > needs.max_degree) return false;
  if (needs.element == 0) return true;
  int max = MaxValence(needs.element, charged);
  if (max == 0) return true;
  return needs.bond_order + std::max(0, heavy - needs.degree) <= max;
}

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

Fragments::Fragments(const RDKit::ROMol& mol) {
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

PiReach CanHavePi(const RDKit::ROMol& mol) {
  const unsigned n = mol.getNumAtoms();
  PiReach reach;
  std::vector<bool>& pi = reach.pi;
  pi.assign(n, false);
  for (const auto* bond : mol.bonds())
    if (bond->getBondType() != RDKit::Bond::SINGLE || bond->getIsAromatic())
      pi[bond->getBeginAtomIdx()] = pi[bond->getEndAtomIdx()] = true;
  // Multiple bonds that standardisation makes, each counted below: a
  // hydrate's C=O, and the P=O of RDKit's "phosphonic acid f" tautomer rule
  // ([OH]-[PX3H0] to O=P-H), the one rule that makes a multiple bond.
  std::vector<unsigned> made;
  for (const auto* atom : mol.atoms()) {
    if (atom->getNumRadicalElectrons() > 0) reach.radicals = true;
    if (CarbonylHydrate(mol, atom)) {
      made.push_back(atom->getIdx());
      pi[atom->getIdx()] = true;
      for (const auto* nbr : mol.atomNeighbors(atom))
        if (nbr->getAtomicNum() == 8) pi[nbr->getIdx()] = true;
    }
    if (atom->getAtomicNum() == 15 && !pi[atom->getIdx()])
      for (const auto* nbr : mol.atomNeighbors(atom))
        if (nbr->getAtomicNum() == 8 && nbr->getTotalNumHs(/*includeNeighbors=*/true) > 0) {
          made.push_back(atom->getIdx());
          pi[atom->getIdx()] = pi[nbr->getIdx()] = true;
          break;
        }
  }
  auto hetero = [](const RDKit::Atom* a) {
    switch (a->getAtomicNum()) {
      case 7: case 8: case 16: case 34: case 52: return true;
    }
    return false;
  };
  // RDKit's rules where a carbon gives the hydrogen (H-C-Y=Z to C=Y-Z-H
  // and the 1,5 and 1,7 versions, H-C-Y=A-B=Z ...; 2022.09): 1,3
  // keto/enol, aliphatic imine and furanone, with Y a carbon and the
  // acceptor Z a heteroatom beside it; 1,5 keto/enol, special imine and 1,7
  // aromatic H shift, with Y a carbon or an X2 nitrogen and Z three or five
  // bonds on along atoms that carry a multiple bond (in "special imine r2"
  // a ring n beside Y), but only for a donor with no heteroatom neighbour
  // (their "Cz0": no neighbour but carbon and hydrogen, as RDKit counts
  // z); oxim/nitroso, with Y a nitrogen and Z its oxygen; and aci-nitro,
  // with Y a nitro group's N+ and Z its oxygen. So beside a neutral
  // nitrogen a carbon gains a multiple bond only from a nitroso oxygen on
  // it (the donor then has a heteroatom neighbour, Y itself), and a donor
  // beside any heteroatom only from a Z one bond from Y: the CH of a
  // 4-aminopiperidine's C4 stays saturated unless C3 or C5 carries a
  // carbonyl or imine. Y is never an oxygen or a sulfur. Walks of those
  // lengths over the atoms that can carry a multiple bond include every
  // such chain.
  auto heteroatom_neighbour = [&](const RDKit::Atom* atom) {
    for (const auto* nbr : mol.atomNeighbors(atom))
      if (nbr->getAtomicNum() != 6 && nbr->getAtomicNum() != 1) return true;
    return false;
  };
  auto carbon_donor_partner = [&](const RDKit::Atom* donor, const RDKit::Atom* y) {
    if (y->getAtomicNum() == 7 && y->getFormalCharge() == 0) {
      for (const auto* nbr : mol.atomNeighbors(y))
        if (nbr->getAtomicNum() == 8 && pi[nbr->getIdx()]) return true;
      return false;
    } else if (y->getAtomicNum() != 6 && y->getAtomicNum() != 7) {
      return false;
    }
    const int longest = heteroatom_neighbour(donor) ? 1 : 5;
    std::vector<bool> in_next(n);
    std::vector<unsigned> frontier{y->getIdx()}, next;
    for (int bonds = 1; bonds <= longest; ++bonds) {
      next.clear();
      std::fill(in_next.begin(), in_next.end(), false);
      for (unsigned a : frontier)
        for (const auto* nbr : mol.atomNeighbors(mol.getAtomWithIdx(a))) {
          unsigned b = nbr->getIdx();
          if (!pi[b] || in_next[b]) continue;
          in_next[b] = true;
          next.push_back(b);
          if (bonds % 2 == 1 && hetero(nbr)) return true;
        }
      frontier.swap(next);
    }
    return false;
  };
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto* atom : mol.atoms()) {
      if (pi[atom->getIdx()] || atom->getTotalNumHs(/*includeNeighbors=*/true) == 0) continue;
      bool carbon = atom->getAtomicNum() == 6;
      if (!carbon && !hetero(atom)) continue;
      for (const auto* nbr : mol.atomNeighbors(atom))
        if (pi[nbr->getIdx()] && (!carbon || carbon_donor_partner(atom, nbr))) {
          pi[atom->getIdx()] = grew = true;
          break;
        }
    }
  }
  // The conjugated sets of the closure: linked atoms that can carry a
  // multiple bond.
  std::vector<int>& set = reach.set;
  set.assign(n, -1);
  int sets = 0;
  for (unsigned start = 0; start < n; ++start) {
    if (!pi[start] || set[start] >= 0) continue;
    std::vector<unsigned> stack{start};
    set[start] = sets;
    while (!stack.empty()) {
      const auto* atom = mol.getAtomWithIdx(stack.back());
      stack.pop_back();
      for (const auto* nbr : mol.atomNeighbors(atom))
        if (pi[nbr->getIdx()] && set[nbr->getIdx()] < 0) {
          set[nbr->getIdx()] = sets;
          stack.push_back(nbr->getIdx());
        }
    }
    ++sets;
  }
  // An aromatic bond counts half a multiple bond, at least its share of a
  // Kekule form.
  reach.half_bonds.assign(size_t(sets), 0);
  for (const auto* bond : mol.bonds()) {
    int id = set[bond->getBeginAtomIdx()];
    if (id < 0 || id != set[bond->getEndAtomIdx()]) continue;
    reach.half_bonds[size_t(id)] += std::max(0, int(2 * bond->getBondTypeAsDouble()) - 2);
  }
  for (unsigned a : made) reach.half_bonds[size_t(set[a])] += 2;
  return reach;
}

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

int HydrogensNeeded(const RDKit::ROMol& mol, const AtomNeeds& needs, unsigned idx) {
  if (needs.total_degree < 0) return 0;
  const auto* atom = mol.getAtomWithIdx(idx);
  int h = int(atom->getTotalNumHs(/*includeNeighbors=*/true));
  return std::max(0, needs.total_degree - HeavyNeighbours(mol, atom) - h);
}

}  // namespace pc::screen
