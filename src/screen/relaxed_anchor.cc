#include "screen/relaxed_anchor.h"

#include <algorithm>
#include <cassert>
#include <optional>

#include <GraphMol/MolOps.h>
#include <GraphMol/QueryAtom.h>
#include <GraphMol/QueryBond.h>
#include <GraphMol/QueryOps.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include "chem/search_order.h"
#include "screen/standardisation_effects.h"

namespace pc::screen {
namespace {

using AtomQuery = RDKit::Atom::QUERYATOM_QUERY;

using chem::Elements;

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

// How much an anchor atom narrows a search that starts on it
// (chem/search_order.h): the rarity of its elements, more for a bound on its
// neighbours and for more anchor bonds.
int Selectivity(const Elements& elements, const AtomNeeds& needs) {
  return chem::ElementRarity(elements) + (needs.max_degree >= 0 ? 3 : 0) +
         (needs.total_degree >= 0 ? 2 : 0) + needs.degree;
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
    auto elements = chem::QueryAtomElements(*atom);
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
  // Numbered for RDKit's search, most selective atom first
  // (chem/search_order.h); the per-atom needs and bond lists go with them.
  std::vector<int> selectivity;
  for (size_t i = 0; i < r.atoms.size(); ++i) selectivity.push_back(Selectivity(elements_of[i], r.atoms[i]));
  Renumber(r, chem::SelectiveOrder(*r.skeleton, selectivity));
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
