// What the standardiser's steps (chem/standardize.h) can and cannot do to
// the atoms of an input, read from the input as parsed and partly
// sanitised, before any standardisation: the facts behind the fast path's
// conditions (screen/fast_path.h). Each is conservative: where it is unsure
// it allows the change, which only makes the fast path settle less.
#pragma once

#include <vector>

#include <GraphMol/ROMol.h>

#include "screen/relaxed_anchor.h"

namespace pc::screen {

// An element of organic chemistry (H, B, C, N, O, F, Si, P, S, Cl, Se, Br,
// I); any other is a metal or a metalloid the metal disconnector may cut.
bool Organic(int z);

// True when the standardiser's steps before the tautomer one could change
// the molecule: a charge to neutralise or recombine, a metal to disconnect.
bool ChargedOrMetal(const RDKit::ROMol& mol);

// Standardisation keeps every bond between two organic atoms, except the
// hydrate rule's C-OH on a carbon with two heteroatoms (and bonds to metals,
// which the metal disconnector breaks). So an input atom keeps its
// neighbours, each bond of order at least one, and an anchor atom with
// bonds of order `bond_order` cannot lie on an atom whose other neighbours
// would take it past its element's valence: a 4-piperidone's C4 (C=O) is
// not on a quaternary carbon, its O not on an ether oxygen.
bool ValenceAllows(const RDKit::ROMol& mol, const AtomNeeds& needs, unsigned idx, bool charged);

// Hydrogens standardisation could bring to other atoms: tautomer shifts
// move H from heteroatoms and from carbons next to a multiple bond (keto,
// imine, aci-nitro, ketene donors), neutralisation adds H to anions and to
// atoms cut from metals. An anchor atom required to have X connections (as
// "[#6X4]", a saturated carbon) on an input atom with fewer neighbours and
// hydrogens needs the difference; an aromatic ring cannot become a
// saturated one without that many hydrogens to spare.
int HydrogenBudget(const RDKit::ROMol& mol);

// Hydrogens an input atom lacks for its anchor atom's X.
int HydrogensNeeded(const RDKit::ROMol& mol, const AtomNeeds& needs, unsigned idx);

// The input's fragments (covalent units), computed once per molecule for
// the checks that need them. The sizes a fragment's component can have:
// its heavy atoms, less one for each carbonyl hydrate; any size for a
// fragment with a metal, which the metal disconnector splits.
struct Fragments {
  std::vector<int> fragment;  // per atom
  std::vector<int> heavy, hydrates;
  std::vector<bool> metal;

  explicit Fragments(const RDKit::ROMol& mol);
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
std::vector<bool> UnsettledFragments(const RDKit::ROMol& mol, const Fragments& fragments);

// Per atom: can it carry a multiple (or aromatic) bond in the standard form
// of a settled fragment? RDKit's tautomer rules shift a hydrogen along a
// conjugated chain, H-X-Y=Z to X=Y-Z-H (and the 1,5- to 1,11- versions):
// only the donor X gains a multiple bond, and the chain's atoms had one
// already. Where the donor is a carbon (RDKit's 37 default transforms,
// 2022.09), Y is a carbon and the acceptor Z a heteroatom beside it (1,3
// keto/enol, aliphatic imine, furanone); or Z lies three or five bonds on
// (1,5 keto/enol, 1,7 aromatic shift; special imine: a ring n beside an
// aromatic Y), but those rules ask for a donor with no heteroatom
// neighbour ("Cz0"); or Y is a nitroso nitrogen or a nitro group's N+
// and Z its oxygen. The hydrate rule gives a carbon with two OH groups its
// C=O, and the "phosphonic acid" rule an [OH]-P its O=P. So the atoms that
// can are the closure, from those that have one and those two, of: a
// hydrogen-bearing heteroatom next to one that can; and a hydrogen-bearing
// carbon next to a Y that can, with a heteroatom beside Y, or, for a carbon
// with no neighbour but carbon and hydrogen, three or five bonds from Y
// along atoms that can, or, for Y a neutral nitrogen, an oxygen on Y. A
// carbon outside it is never aromatic in the standard form; nor is a
// pyrrolidine's CH2 beside an N-linked pyrazole, an amide's nitrogen, or
// the C4 of a 4-amido- or 4-sulfonamidopiperidine (so the enamine anchor's
// C3=C4 cannot lie there). tests/throughput_test.cc checks the closure
// against every tautomer RDKit enumerates for the committed samples.
//
// A hydrogen shift moves a multiple bond, never makes one, so each
// conjugated set of the closure keeps its count of multiple bonds (a
// hydrate's C=O and a phosphorus acid's P=O included) through tautomer
// canonicalisation; and in a settled fragment the normaliser only turns
// multiple bonds into charge pairs (nitro, N-oxide, azide, sulfoxide),
// never the reverse.
struct PiReach {
  std::vector<bool> pi;         // per atom: can carry a multiple bond
  std::vector<int> set;         // per atom: its conjugated set, -1 if none
  std::vector<int> half_bonds;  // per set: twice its multiple bonds, at most
  bool radicals = false;        // RDKit may count a radical into a ring's electrons
};
PiReach CanHavePi(const RDKit::ROMol& mol);

// True when an input atom of a settled fragment can be aromatic in the
// standard form: it is aromatic already (and stays so), or it lies in a
// ring whose carbons can all carry a multiple bond, and whose conjugated
// sets hold enough multiple bonds for them. An aromatic atom lies in an
// aromatic ring or fused system, made of rings whose carbons (uncharged)
// each have a multiple bond in a Kekule form: one in the ring serves two
// carbons, an exocyclic one (a pyridone's C=O) one.
bool CanBeAromatic(const RDKit::ROMol& mol, unsigned idx, const PiReach& reach);

}  // namespace pc::screen
