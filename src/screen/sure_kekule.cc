#include "screen/sure_kekule.h"

#include <algorithm>
#include <vector>

namespace pc::screen {
namespace {

// How many double bonds a neutral aromatic atom without radicals takes in
// a Kekulé structure: a carbon with three connections, or a nitrogen with
// two (pyridine's), one; a nitrogen with three (pyrrole's NH, an
// N-substituted or bridgehead one), or an oxygen or sulfur with two
// (furan's, thiophene's), none. Other atoms are not judged here.
enum class DoubleBonds { kOne, kNone, kUnknown };

DoubleBonds Takes(const RDKit::Atom* atom) {
  if (atom->getFormalCharge() != 0 || atom->getNumRadicalElectrons() != 0) return DoubleBonds::kUnknown;
  const unsigned hydrogens = atom->getTotalNumHs(), connections = atom->getDegree() + hydrogens;
  switch (atom->getAtomicNum()) {
    case 6:
      if (connections == 3) return DoubleBonds::kOne;
      break;
    case 7:
      if (connections == 2) return DoubleBonds::kOne;
      if (connections == 3) return DoubleBonds::kNone;
      break;
    case 8:
    case 16:
      if (connections == 2 && hydrogens == 0) return DoubleBonds::kNone;
      break;
  }
  return DoubleBonds::kUnknown;
}

// Per atom, read once: its aromatic bonds, and for an aromatic atom what it
// takes.
struct AtomFacts {
  std::vector<unsigned char> aromatic_bonds;
  std::vector<DoubleBonds> takes;
};

// The atoms of a ring of a fused pair, walking from `from` (a fusion atom)
// through `first` along atoms with two aromatic bonds, to the other fusion
// atom `to`; 0 if the walk ends anywhere else.
int RingSize(const RDKit::ROMol& mol, const AtomFacts& facts, unsigned from, unsigned first,
             unsigned to) {
  unsigned previous = from, current = first;
  int size = 2;  // `from` and `to`
  while (current != to) {
    if (facts.aromatic_bonds[current] != 2) return 0;
    unsigned next = previous;
    for (const auto* bond : mol.atomBonds(mol.getAtomWithIdx(current))) {
      unsigned other = bond->getOtherAtomIdx(current);
      if (bond->getIsAromatic() && other != previous) next = other;
    }
    previous = current;
    current = next;
    ++size;
  }
  return size;
}

// One aromatic system, given its atoms.
bool SystemKekulisesSurely(const RDKit::ROMol& mol, const AtomFacts& facts,
                           const std::vector<unsigned>& atoms) {
  int none = 0;
  std::vector<unsigned> fusion;
  for (unsigned idx : atoms) {
    if (facts.takes[idx] == DoubleBonds::kNone) ++none;
    if (facts.aromatic_bonds[idx] == 3) fusion.push_back(idx);
  }
  const int size = int(atoms.size());
  if (fusion.empty()) return (size == 6 && none == 0) || (size == 5 && none == 1);
  if (fusion.size() != 2) return false;
  const auto* bridge = mol.getBondBetweenAtoms(fusion[0], fusion[1]);
  if (!bridge || !bridge->getIsAromatic()) return false;
  std::vector<int> rings;
  for (const auto* bond : mol.atomBonds(mol.getAtomWithIdx(fusion[0]))) {
    unsigned other = bond->getOtherAtomIdx(fusion[0]);
    if (bond->getIsAromatic() && other != fusion[1])
      rings.push_back(RingSize(mol, facts, fusion[0], other, fusion[1]));
  }
  std::sort(rings.begin(), rings.end());
  if (rings.size() != 2 || rings[0] + rings[1] - 2 != size) return false;
  return (rings[0] == 6 && rings[1] == 6 && none == 0) || (rings[0] == 5 && rings[1] == 6 && none == 1);
}

}  // namespace

bool KekulisesSurely(const RDKit::ROMol& mol) {
  const unsigned n = mol.getNumAtoms();
  AtomFacts facts{std::vector<unsigned char>(n, 0), std::vector<DoubleBonds>(n, DoubleBonds::kUnknown)};
  for (const auto* bond : mol.bonds()) {
    const auto* begin = bond->getBeginAtom();
    const auto* end = bond->getEndAtom();
    if (bond->getIsAromatic()) {
      if (!begin->getIsAromatic() || !end->getIsAromatic()) return false;
      ++facts.aromatic_bonds[begin->getIdx()];
      ++facts.aromatic_bonds[end->getIdx()];
    } else if ((begin->getIsAromatic() || end->getIsAromatic()) &&
               bond->getBondType() != RDKit::Bond::SINGLE) {
      return false;
    }
  }
  for (const auto* atom : mol.atoms()) {
    if (!atom->getIsAromatic()) continue;
    const unsigned idx = atom->getIdx();
    if (facts.aromatic_bonds[idx] != 2 && facts.aromatic_bonds[idx] != 3) return false;
    facts.takes[idx] = Takes(atom);
    if (facts.takes[idx] == DoubleBonds::kUnknown) return false;
  }
  // The systems: atoms linked by aromatic bonds.
  std::vector<bool> seen(n, false);
  std::vector<unsigned> system, stack;
  for (const auto* start : mol.atoms()) {
    if (!start->getIsAromatic() || seen[start->getIdx()]) continue;
    system.clear();
    stack.assign(1, start->getIdx());
    seen[start->getIdx()] = true;
    while (!stack.empty()) {
      unsigned idx = stack.back();
      stack.pop_back();
      system.push_back(idx);
      for (const auto* bond : mol.atomBonds(mol.getAtomWithIdx(idx))) {
        unsigned other = bond->getOtherAtomIdx(idx);
        if (bond->getIsAromatic() && !seen[other]) {
          seen[other] = true;
          stack.push_back(other);
        }
      }
    }
    if (!SystemKekulisesSurely(mol, facts, system)) return false;
  }
  return true;
}

}  // namespace pc::screen
