// Aromatic systems that RDKit's kekulisation cannot reject, told from their
// shape and atoms alone: what lets the screening fast path (fast_path.h)
// skip the ring search and kekulisation, a third of its cost, for most
// molecules it settles, while still settling only molecules the full
// pipeline's sanitisation accepts.
//
// Kekulisation gives each aromatic atom that needs one a double bond to an
// aromatic neighbour: a perfect matching of those atoms along aromatic
// bonds. Whether an atom needs one is read from the atom itself (element,
// charge, connections), so an atom like benzene's, pyridine's or pyrrole's
// N needs one, or none, in any molecule as it does there. Among the
// systems of such atoms, these have a matching whatever their atoms'
// order, and being small, RDKit's bounded search finds it:
//   - a lone ring of six atoms that all need one (benzene, pyridine, the
//     diazines), or of five of which one needs none (furan, thiophene,
//     pyrrole, the azoles): the others pair off along the ring;
//   - two such rings fused on one bond: six and six with none that needs
//     none (naphthalene, quinoline, quinazoline), or six and five with one
//     (indole, benzimidazole, benzofuran, indolizine, purine's skeleton),
//     wherever it lies: a check of every position shows a matching.
#pragma once

#include <GraphMol/ROMol.h>

namespace pc::screen {

// True when every aromatic system of `mol` is one of those above, joined
// to the rest of the molecule by single bonds only. `mol` is as parsed,
// with its property cache computed (implicit hydrogens known) and aromatic
// flags as written. False says nothing: kekulise to know.
bool KekulisesSurely(const RDKit::ROMol& mol);

}  // namespace pc::screen
