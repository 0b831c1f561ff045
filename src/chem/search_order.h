// The order in which a substructure query meets a molecule's atoms.
//
// RDKit's VF2 search starts from query atom 0 and extends a partial match
// with the lowest-numbered query atom next to it. A query numbered from its
// most selective atom (a nitrogen or a halogen, a bounded degree) outward
// makes most molecules that do not hold it fail on their first candidate
// atoms, instead of after many embeddings of a common carbon chain. The set
// of molecules a query matches does not depend on its numbering: only the
// time to find out does.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <GraphMol/ROMol.h>

namespace pc::chem {

// The elements a query atom may have, if its query limits them: one for
// "N" or "[#7;R]", several for "[#7,#8]"; nullopt for any element. A query
// this cannot read (a recursive SMARTS, a negation) limits none.
using Elements = std::optional<std::vector<int>>;
Elements QueryAtomElements(const RDKit::Atom& atom);

// How rare an atom of `elements` is in ordinary molecules: any element
// lowest, then carbon, then nitrogen or oxygen, then any other.
int ElementRarity(const Elements& elements);

// The atoms of `graph` in search order: the one of highest `selectivity`
// first, then, breadth first, the most selective neighbour of those already
// placed. new_atom k = order[k]. A disconnected graph keeps its order.
std::vector<unsigned> SelectiveOrder(const RDKit::ROMol& graph, const std::vector<int>& selectivity);

// `query` renumbered in SelectiveOrder, each atom ranked by its elements'
// rarity and its degree in the query: an equivalent query, for a search
// that only asks whether there is a match.
std::unique_ptr<RDKit::ROMol> InSearchOrder(const RDKit::ROMol& query);

}  // namespace pc::chem
