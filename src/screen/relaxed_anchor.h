// A rule's anchor relaxed to what standardisation cannot change: the same
// heavy-atom graph with only elements kept (any bond order, charge,
// aromaticity, hydrogens), and, per atom, what the anchor's SMARTS still
// requires of the input atom it lies on. screen/fast_path.h says why each
// requirement survives standardisation; a query this cannot read (a
// recursive SMARTS, a negation) requires nothing, which only makes the fast
// path weaker, never wrong.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <GraphMol/RWMol.h>

namespace pc::screen {

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

struct RelaxedAnchor {
  // The relaxed anchor as a query (elements only, any bond, no hydrogens),
  // and as a plain molecule of the same graph (unknown atoms as dummies),
  // on which load-time checks can match other patterns without reading
  // queries.
  std::unique_ptr<RDKit::RWMol> query, skeleton;
  bool whole = false;  // the rule matches only a molecule equal to the anchor
  std::array<unsigned short, 119> counts{};  // atoms per element
  std::vector<AtomNeeds> atoms;              // by query atom
  // Anchor bonds (by their atoms) that must be single, double or triple,
  // never aromatic, as "-" and "=" in SMARTS or a plain bond of those types.
  std::vector<std::pair<unsigned, unsigned>> non_aromatic;
  // Of those, the bonds that must be double or triple ("=", "#"): both
  // their atoms carry a multiple bond in a matching molecule.
  std::vector<std::pair<unsigned, unsigned>> multiple;
};

RelaxedAnchor Relax(const RDKit::ROMol& anchor, bool whole);

// The relaxed anchor's query with each atom's per-atom conditions added to
// its element test: what standardisation cannot give an input atom
// (ValenceAllows in screen/standardisation_effects.h, for an input that is
// `charged` or not) and, once the input's rings are perceived, a ring atom
// where the anchor needs one. RDKit's VF2 tests an atom's query whenever it
// extends a partial embedding, so a molecule that holds the anchor's graph
// only on atoms that fail them is ruled out at the first such atom, instead
// of after every complete embedding (a piperidine ring's twelve
// automorphisms and more) has been tried against a final check.
std::unique_ptr<RDKit::RWMol> PrunedQuery(const RelaxedAnchor& anchor, bool charged, bool rings_perceived);

// True when `pattern` matches `mol` with a match (mol's atoms, in the
// pattern's atom order) that `check`, if given, accepts.
bool Contains(const RDKit::ROMol& mol, const RDKit::ROMol& pattern,
              std::function<bool(const RDKit::ROMol&, const std::vector<unsigned>&)> check = {});

}  // namespace pc::screen
