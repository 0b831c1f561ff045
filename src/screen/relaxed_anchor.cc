#include "screen/relaxed_anchor.h"

#include <algorithm>
#include <cassert>
#include <optional>

#include <GraphMol/MolOps.h>
#include <GraphMol/QueryAtom.h>
#include <GraphMol/QueryBond.h>
#include <GraphMol/QueryOps.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include "screen/standardisation_effects.h"

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

// The per-atom conditions of PrunedQuery, conjoined with an anchor atom's
// element test (which runs first). Stateless but for its settings, so one
// query serves concurrent searches.
class AtomNeedsQuery final : public AtomQuery {
 public:
  AtomNeedsQuery(const AtomNeeds& needs, bool charged, bool rings_perceived)
      : needs_(needs), charged_(charged), rings_perceived_(rings_perceived) {
    setDescription("AnchorAtomNeeds");
  }
  bool Match(const RDKit::Atom* atom) const override {
    const RDKit::ROMol& mol = atom->getOwningMol();
    // A ring atom of the standard form is one in the input: no bond is added.
    if (rings_perceived_ && needs_.in_ring && !mol.getRingInfo()->numAtomRings(atom->getIdx())) return false;
    return ValenceAllows(mol, needs_, atom->getIdx(), charged_);
  }
  AtomQuery* copy() const override { return new AtomNeedsQuery(needs_, charged_, rings_perceived_); }

 private:
  AtomNeeds needs_;
  bool charged_, rings_perceived_;
};

// How much an anchor atom narrows a search that starts on it: an atom of
// rarer elements (any, then carbon, then nitrogen or oxygen, then any
// other), with a bound on its neighbours or more anchor bonds, has fewer
// candidates in a molecule. `elements` are the atom's (none: any element).
int Selectivity(const Elements& elements, const AtomNeeds& needs) {
  int rarity = 40;
  if (!elements) rarity = -100;
  for (int z : elements.value_or(std::vector<int>{}))
    rarity = std::min(rarity, z == 6 ? 0 : (z == 7 || z == 8) ? 20 : 40);
  return rarity + (needs.max_degree >= 0 ? 3 : 0) + (needs.total_degree >= 0 ? 2 : 0) + needs.degree;
}

// The order in which RDKit's VF2 search should meet the anchor's atoms. It
// extends a partial match with the lowest-numbered query atom next to it
// (and starts from atom 0), so numbering the most selective atom first and
// then, breadth first, the most selective neighbour of those numbered makes
// most molecules fail on their first few candidate atoms rather than after
// many embeddings of a common carbon chain (about half the time, measured
// on aryl-propyl and piperidine anchors). The match found, if any, is the
// same set of molecules: only the search order changes. A disconnected
// anchor keeps its order (its checks read the fragment of atom 0).
std::vector<unsigned> SearchOrder(const RelaxedAnchor& r, const std::vector<int>& selectivity) {
  const auto& q = *r.skeleton;
  const unsigned n = q.getNumAtoms();
  std::vector<unsigned> order;
  std::vector<int> fragment_of;
  if (n == 0 || RDKit::MolOps::getMolFrags(q, fragment_of) != 1) {
    for (unsigned i = 0; i < n; ++i) order.push_back(i);
    return order;
  }
  std::vector<bool> placed(n, false), frontier(n, false);
  auto better = [&](unsigned a, unsigned b) { return selectivity[a] > selectivity[b]; };
  unsigned first = 0;
  for (unsigned i = 1; i < n; ++i)
    if (better(i, first)) first = i;
  frontier[first] = true;
  while (order.size() < n) {
    int next = -1;
    for (unsigned i = 0; i < n; ++i)
      if (frontier[i] && !placed[i] && (next < 0 || better(i, unsigned(next)))) next = int(i);
    placed[unsigned(next)] = true;
    order.push_back(unsigned(next));
    for (const auto* nb : q.atomNeighbors(q.getAtomWithIdx(unsigned(next)))) frontier[nb->getIdx()] = true;
  }
  return order;
}

// `r` with its atoms renumbered so that new atom k is old atom order[k].
void Renumber(RelaxedAnchor& r, const std::vector<unsigned>& order) {
  std::vector<unsigned> new_index(order.size());
  for (unsigned k = 0; k < order.size(); ++k) new_index[order[k]] = k;
  auto renumbered = [&](const RDKit::RWMol& mol) {
    std::unique_ptr<RDKit::ROMol> out(RDKit::MolOps::renumberAtoms(mol, order));
    return std::make_unique<RDKit::RWMol>(*out);
  };
  r.query = renumbered(*r.query);
  r.skeleton = renumbered(*r.skeleton);
  std::vector<AtomNeeds> atoms;
  for (unsigned old : order) atoms.push_back(r.atoms[old]);
  r.atoms = std::move(atoms);
  for (auto* bonds : {&r.non_aromatic, &r.multiple})
    for (auto& [a, b] : *bonds) {
      a = new_index[a];
      b = new_index[b];
    }
}

}  // namespace

std::unique_ptr<RDKit::RWMol> PrunedQuery(const RelaxedAnchor& anchor, bool charged, bool rings_perceived) {
  auto query = std::make_unique<RDKit::RWMol>(*anchor.query);
  for (auto* atom : query->atoms()) {
    auto* q = static_cast<RDKit::QueryAtom*>(atom);
    q->expandQuery(new AtomNeedsQuery(anchor.atoms[atom->getIdx()], charged, rings_perceived),
                   Queries::COMPOSITE_AND);
  }
  return query;
}

RelaxedAnchor Relax(const RDKit::ROMol& anchor, bool whole) {
  RelaxedAnchor r;
  r.whole = whole;
  r.query = std::make_unique<RDKit::RWMol>();
  r.skeleton = std::make_unique<RDKit::RWMol>();
  std::vector<int> index(anchor.getNumAtoms(), -1);
  std::vector<Elements> elements_of;  // by query atom
  for (const auto* atom : anchor.atoms()) {
    auto elements = AtomElements(*atom);
    if (elements && *elements == std::vector<int>{1}) continue;  // hydrogens: not in the heavy-atom graph
    elements_of.push_back(elements);
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
    if (ExactOrder(*bond) >= 2) r.multiple.emplace_back(unsigned(a), unsigned(b));
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
  assert(r.atoms.size() == r.query->getNumAtoms() && r.skeleton->getNumAtoms() == r.query->getNumAtoms());
  std::vector<int> selectivity;
  for (size_t i = 0; i < r.atoms.size(); ++i) selectivity.push_back(Selectivity(elements_of[i], r.atoms[i]));
  Renumber(r, SearchOrder(r, selectivity));
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
              std::function<bool(const RDKit::ROMol&, const std::vector<unsigned>&)> check) {
  RDKit::SubstructMatchParameters params;
  params.maxMatches = 1;
  params.uniquify = false;
  params.recursionPossible = false;
  params.extraFinalCheck = std::move(check);
  return !RDKit::SubstructMatch(mol, pattern, params).empty();
}

}  // namespace pc::screen
