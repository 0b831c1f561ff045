#include "chem/search_order.h"

#include <algorithm>
#include <iterator>

#include <GraphMol/MolOps.h>
#include <GraphMol/QueryOps.h>

namespace pc::chem {
namespace {

using AtomQuery = RDKit::Atom::QUERYATOM_QUERY;

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

}  // namespace

Elements QueryAtomElements(const RDKit::Atom& atom) {
  if (atom.hasQuery()) return QueryElements(atom.getQuery());
  int z = atom.getAtomicNum();  // a plain dummy atom ('*') matches any atom
  return z > 0 ? Elements(std::vector<int>{z}) : std::nullopt;
}

int ElementRarity(const Elements& elements) {
  if (!elements) return -100;
  int rarity = 40;
  for (int z : *elements) rarity = std::min(rarity, z == 6 ? 0 : (z == 7 || z == 8) ? 20 : 40);
  return rarity;
}

std::vector<unsigned> SelectiveOrder(const RDKit::ROMol& graph, const std::vector<int>& selectivity) {
  const unsigned n = graph.getNumAtoms();
  std::vector<unsigned> order;
  std::vector<int> fragment_of;
  if (n == 0 || RDKit::MolOps::getMolFrags(graph, fragment_of) != 1) {
    for (unsigned i = 0; i < n; ++i) order.push_back(i);
    return order;
  }
  std::vector<bool> placed(n, false), frontier(n, false);
  unsigned first = 0;
  for (unsigned i = 1; i < n; ++i)
    if (selectivity[i] > selectivity[first]) first = i;
  frontier[first] = true;
  while (order.size() < n) {
    int next = -1;
    for (unsigned i = 0; i < n; ++i)
      if (frontier[i] && !placed[i] && (next < 0 || selectivity[i] > selectivity[unsigned(next)])) next = int(i);
    placed[unsigned(next)] = true;
    order.push_back(unsigned(next));
    for (const auto* nb : graph.atomNeighbors(graph.getAtomWithIdx(unsigned(next)))) frontier[nb->getIdx()] = true;
  }
  return order;
}

std::unique_ptr<RDKit::ROMol> InSearchOrder(const RDKit::ROMol& query) {
  std::vector<int> selectivity;
  for (const auto* atom : query.atoms())
    selectivity.push_back(ElementRarity(QueryAtomElements(*atom)) + int(atom->getDegree()));
  return std::unique_ptr<RDKit::ROMol>(RDKit::MolOps::renumberAtoms(query, SelectiveOrder(query, selectivity)));
}

}  // namespace pc::chem
