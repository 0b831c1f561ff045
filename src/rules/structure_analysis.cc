#include "rules/structure_analysis.h"

#include "common/error.h"
#include "common/strings.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>

#include <GraphMol/MolOps.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <GraphMol/Substruct/SubstructMatch.h>

namespace pc::rules {
namespace {

using AtomSet = std::set<unsigned>;

// Groups of one molecule written as SMILES (canonical, of the fragment;
// "H" for no atoms), each once: the views of its scaffold matches describe
// the same groups again and again (a symmetric scaffold matches several
// ways; three in five descriptions are repeats).
class FragmentNames {
 public:
  explicit FragmentNames(const RDKit::ROMol& mol) : mol_(mol) {}
  const std::string& Of(const AtomSet& atoms) {
    auto it = names_.find(atoms);
    if (it == names_.end()) {
      std::string name = "H";
      if (!atoms.empty()) {
        std::vector<int> use(atoms.begin(), atoms.end());
        name = RDKit::MolFragmentToSmiles(mol_, use, nullptr, nullptr, nullptr, false);
      }
      it = names_.emplace(atoms, std::move(name)).first;
    }
    return it->second;
  }

 private:
  const RDKit::ROMol& mol_;
  std::map<AtomSet, std::string> names_;
};

// The view of one molecule through one scaffold match. Region methods add
// hits (allowed changes) and violations (why the molecule is outside).
class ScaffoldView {
 public:
  ScaffoldView(const StructureDefinition& def, const RDKit::ROMol& mol,
               const std::vector<unsigned>& match, const SubstituentMatcher* matcher,
               const SubstituentTypes* vocabulary, FragmentNames& names, bool explain = true)
      : def_(def),
        mol_(mol),
        matcher_(matcher),
        vocabulary_(vocabulary),
        names_(names),
        explain_(explain) {
    for (const auto& [map, q] : def.query_atom) atom_[map] = match[q];
    for (unsigned a : match) scaffold_.insert(a);
  }

  // What lies beyond `start` without crossing the scaffold or `blocked`;
  // `touched` collects scaffold atoms the walk bumps into (ring closures).
  AtomSet Reach(unsigned start, const AtomSet& blocked, AtomSet* touched) const {
    AtomSet seen{start};
    std::deque<unsigned> todo{start};
    while (!todo.empty()) {
      unsigned a = todo.front();
      todo.pop_front();
      for (const auto* n : mol_.atomNeighbors(mol_.getAtomWithIdx(a))) {
        unsigned i = n->getIdx();
        if (seen.count(i)) continue;
        if (scaffold_.count(i) || blocked.count(i)) {
          if (touched && scaffold_.count(i)) touched->insert(i);
          continue;
        }
        seen.insert(i);
        todo.push_back(i);
      }
    }
    return seen;
  }

  // Non-scaffold, non-blocked neighbours of `site`, grouped into connected
  // substituents (a spiro ring attaches twice to the same site).
  std::vector<AtomSet> Substituents(unsigned site, const AtomSet& blocked,
                                    std::vector<std::string>& bridges, const std::string& where) {
    std::vector<AtomSet> out;
    for (const auto* n : mol_.atomNeighbors(mol_.getAtomWithIdx(site))) {
      unsigned i = n->getIdx();
      if (scaffold_.count(i) || blocked.count(i)) continue;
      if (std::any_of(out.begin(), out.end(), [&](const AtomSet& s) { return s.count(i); })) continue;
      AtomSet touched;
      AtomSet c = Reach(i, blocked, &touched);
      touched.erase(site);
      if (!touched.empty())
        bridges.push_back("a ring is fused or bridged onto the " + where + " (" + Shown(c) +
                          "): not a substitution");
      out.push_back(std::move(c));
    }
    return out;
  }

  std::vector<unsigned> Attachments(unsigned site, const AtomSet& component) const {
    std::vector<unsigned> out;
    for (const auto* n : mol_.atomNeighbors(mol_.getAtomWithIdx(site)))
      if (component.count(n->getIdx())) out.push_back(n->getIdx());
    return out;
  }

  // The clause (from `changes`) whose substituent list types `component`;
  // empty optional when none does.
  const RegionChange* TypeSubstituent(const std::vector<RegionChange>& changes, unsigned site,
                                      const AtomSet& component, std::string* type_label) const {
    for (unsigned attachment : Attachments(site, component))
      for (const auto& change : changes)
        for (const auto* type : change.substituents)
          if (matcher_->IsOfType(*type, site, attachment, component, scaffold_)) {
            *type_label = type->label;
            return &change;
          }
    return nullptr;
  }

  // A group as an explanation writes it; nothing when none is wanted (the
  // texts never decide an outcome, only how many violations there are).
  std::string Shown(const AtomSet& atoms) const {
    return explain_ ? names_.Of(atoms) : "";
  }

  // Plain words for a substituent no clause allows: its closest chemical type.
  std::string Describe(unsigned site, const AtomSet& component) const {
    if (!explain_) return "";
    for (const auto* type : vocabulary_->All())
      for (unsigned attachment : Attachments(site, component))
        if (matcher_->IsOfType(*type, site, attachment, component, scaffold_)) return type->label;
    bool ring = std::any_of(component.begin(), component.end(), [&](unsigned a) {
      return mol_.getRingInfo()->numAtomRings(a) > 0;
    });
    return ring ? "a ring-containing group" : "a group of no listed type";
  }

  std::string TypeList(const RegionChange& change) const {
    std::vector<std::string> labels;
    for (const auto* t : change.substituents) labels.push_back(t->label);
    return Join(labels, ", ");
  }

  // Why the molecule is outside, and in which region.
  void Violate(const Region& r, std::string text) {
    violations.push_back(std::move(text));
    violated_regions.push_back(r.name);
  }

  void Hit(const std::string& clause, const Region& r, std::string text, const AtomSet& atoms) {
    if (clause.empty()) return;
    hits.push_back({clause, r.name, std::move(text), {atoms.begin(), atoms.end()}});
  }

  // The atoms of a group or ring region's signature, and the one written
  // as '*'.
  std::pair<AtomSet, unsigned> SignatureAtoms(const Region& r) const {
    unsigned anchor = atom_.at(r.anchor);
    AtomSet group;
    AtomSet blocked;
    if (r.kind == RegionKind::kRing) {
      // The ring atom itself is a scaffold atom; compare it with its ring.
      group = Reach(anchor, blocked, nullptr);
      group.insert(anchor);
      unsigned attach = 0;
      for (const auto* n : mol_.atomNeighbors(mol_.getAtomWithIdx(anchor)))
        if (scaffold_.count(n->getIdx())) attach = n->getIdx();
      return {group, attach};
    }
    for (const auto* n : mol_.atomNeighbors(mol_.getAtomWithIdx(anchor)))
      if (!scaffold_.count(n->getIdx()))
        for (unsigned a : Reach(n->getIdx(), blocked, nullptr)) group.insert(a);
    return {group, anchor};
  }

  std::string Signature(const Region& r) const {
    if (r.kind == RegionKind::kSites) return "";
    auto [group, attach] = SignatureAtoms(r);
    return GroupSignature(mol_, {group.begin(), group.end()}, attach);
  }

  // Signature(r) == parent_sig. A signature writes each of its atoms as one
  // "[...]", so differing atom counts settle it without writing one.
  bool SameAsParent(const Region& r, const std::string& parent_sig) const {
    if (r.kind == RegionKind::kSites) return parent_sig.empty();
    auto [group, attach] = SignatureAtoms(r);
    size_t atoms = group.size() + (group.count(attach) ? 0 : 1);
    if (atoms != size_t(std::count(parent_sig.begin(), parent_sig.end(), '['))) return false;
    return GroupSignature(mol_, {group.begin(), group.end()}, attach) == parent_sig;
  }

  // The groups on a region's anchor atom. False when there is nothing more
  // to judge: the region is as in the parent, or a ring closes onto the
  // scaffold (reported).
  bool ChangedGroups(const Region& r, const std::string& parent_sig, std::vector<AtomSet>& groups,
                     AtomSet& all) {
    std::vector<std::string> bridges;
    groups = Substituents(atom_.at(r.anchor), {}, bridges, def_.Position(r.anchor));
    for (const auto& g : groups) all.insert(g.begin(), g.end());
    AddRegionAtoms(r, all);
    if (SameAsParent(r, parent_sig)) return false;
    for (auto& b : bridges) Violate(r, r.label + ": " + b);
    return bridges.empty();
  }

  void AnalyzeGroup(const Region& r, const std::string& parent_sig) {
    std::vector<AtomSet> groups;
    AtomSet all;
    if (!ChangedGroups(r, parent_sig, groups, all)) return;
    if (groups.size() > 1) {
      Violate(r, "more than one group on the " + def_.Position(r.anchor) + " (" +
                           Shown(all) + ")");
      return;
    }
    AtomSet shown = all;
    for (int m : r.include) shown.insert(atom_.at(m));
    for (const auto& change : r.changes) {
      if (change.accept == "any_but_h" && all.empty()) {
        Violate(r, r.label + " replaced by hydrogen, which clause " + change.clause +
                             " excludes");
        return;
      }
      if (change.accept == "any" || change.accept == "any_but_h") {
        Hit(change.clause, r, r.label + " replaced by " + Shown(shown), all);
        return;
      }
    }
    Violate(r, r.label + " changed to " + Shown(all) + ", which no clause allows");
  }

  // The ring containing `atom` if it is an isolated ring (a monocycle);
  // otherwise empty, with the reason in `why`.
  std::vector<int> Monocycle(unsigned atom, std::string* why) const {
    const auto* rings = mol_.getRingInfo();
    if (rings->numAtomRings(atom) == 0) {
      *why = "not a ring";
      return {};
    }
    for (const auto& ring : rings->atomRings()) {
      if (std::find(ring.begin(), ring.end(), int(atom)) == ring.end()) continue;
      for (int a : ring)
        if (rings->numAtomRings(a) > 1) {
          *why = "a fused or polycyclic ring system, not a monocycle";
          return {};
        }
      return ring;
    }
    *why = "not a ring";
    return {};
  }

  static bool IsBenzene(const RDKit::ROMol& mol, const std::vector<int>& ring) {
    if (ring.size() != 6) return false;
    for (int a : ring) {
      const auto* atom = mol.getAtomWithIdx(a);
      if (atom->getAtomicNum() != 6 || !atom->getIsAromatic()) return false;
    }
    return true;
  }

  static bool AllAromatic(const RDKit::ROMol& mol, const std::vector<int>& ring) {
    for (int a : ring)
      if (!mol.getAtomWithIdx(a)->getIsAromatic()) return false;
    return true;
  }

  void AnalyzeRing(const Region& r, const std::string& parent_sig) {
    unsigned anchor = atom_.at(r.anchor);
    AtomSet touched;
    AtomSet group = Reach(anchor, {}, &touched);
    AddRegionAtoms(r, group);
    if (SameAsParent(r, parent_sig)) return;
    std::string why;
    auto ring = Monocycle(anchor, &why);
    if (ring.empty()) {
      Violate(r, r.label + " replaced by " + Shown(group) + ": " + why);
      return;
    }
    for (const auto& change : r.changes) {
      if (change.ring == RingRequirement::kAromaticMonocycle && !AllAromatic(mol_, ring)) {
        Violate(r, r.label + " replaced by a non-aromatic ring (" + Shown(group) +
                             "): clause " + change.clause + " requires an aromatic monocycle");
        return;
      }
      if (change.ring != RingRequirement::kNone && change.any_substituents) {
        Hit(change.clause, r, r.label + " replaced by " + Shown(group), group);
        return;
      }
    }
    Violate(r, r.label + " changed to " + Shown(group) + ", which no clause allows");
  }

  void AnalyzeSites(const Region& r) {
    AtomSet region_atoms;
    for (int m : r.include) region_atoms.insert(atom_.at(m));
    for (int map : r.sites) {
      unsigned site = atom_.at(map);
      region_atoms.insert(site);
      std::vector<std::string> bridges;
      auto subs = Substituents(site, {}, bridges, def_.Position(map));
      for (auto& b : bridges) Violate(r, r.label + ": " + b);
      if (!bridges.empty()) continue;
      bool typed_any = false;
      for (const auto& s : subs) {
        region_atoms.insert(s.begin(), s.end());
        std::string label;
        const RegionChange* change = TypeSubstituent(r.changes, site, s, &label);
        if (change) {
          typed_any = true;
          Hit(change->clause, r, label + " (" + Shown(s) + ") on " + def_.Position(map), s);
          continue;
        }
        std::vector<std::string> allowed;
        for (const auto& c : r.changes)
          if (!c.substituents.empty()) allowed.push_back(TypeList(c));
        Violate(r, Shown(s) + " on " + def_.Position(map) + " is " +
                             Describe(site, s) +
                             (allowed.empty() ? ", and no substituent is allowed there"
                                              : ", not among the groups allowed there (" +
                                                    Join(allowed, "; ") + ")"));
      }
      if (r.required && !typed_any)
        Violate(r, "no " + r.label + " on " + def_.Position(map));
    }
    AddRegionAtoms(r, region_atoms);
  }

  void AnalyzeArylalkyl(const Region& r, const std::string& parent_sig) {
    unsigned anchor = atom_.at(r.anchor);
    std::vector<AtomSet> groups;
    AtomSet all;
    if (!ChangedGroups(r, parent_sig, groups, all)) return;
    if (groups.empty()) {
      Violate(r, r.label + " replaced by hydrogen (no substituent on the " +
                           def_.Position(r.anchor) + ")");
      return;
    }
    if (groups.size() > 1) {
      Violate(r, "more than one group on the " + def_.Position(r.anchor));
      return;
    }
    const AtomSet& group = groups.front();
    // The nearest ring atom along the group fixes the linker and the ring.
    int ring_atom = -1;
    size_t best = 0;
    for (unsigned a : group) {
      if (mol_.getRingInfo()->numAtomRings(a) == 0) continue;
      auto path = RDKit::MolOps::getShortestPath(mol_, int(anchor), int(a));
      if (ring_atom < 0 || path.size() < best) {
        ring_atom = int(a);
        best = path.size();
      }
    }
    if (ring_atom < 0) {
      Violate(r, r.label + " replaced by " + Shown(group) +
                           ": the N-substituent has no ring (the phenyl is not replaced by a monocycle)");
      return;
    }
    auto path_list = RDKit::MolOps::getShortestPath(mol_, int(anchor), ring_atom);
    std::vector<int> path(path_list.begin(), path_list.end());  // anchor ... ring atom
    std::vector<std::string> symbols;
    bool carbon_linker = true;
    for (size_t i = 1; i + 1 < path.size(); ++i) {
      const auto* atom = mol_.getAtomWithIdx(path[i]);
      symbols.push_back(atom->getSymbol());
      carbon_linker &= atom->getAtomicNum() == 6 && !atom->getIsAromatic() &&
                       atom->getHybridization() == RDKit::Atom::SP3;
    }
    if (int(path.size()) - 2 != r.linker || !carbon_linker) {
      Violate(r, "linker between the " + def_.Position(r.anchor) + " and the ring is " +
                           (symbols.empty() ? "a direct bond" : Join(symbols, "-")) + " (not the " +
                           std::to_string(r.linker) + "-carbon chain of the parent)");
      return;
    }
    std::string why;
    auto ring = Monocycle(unsigned(ring_atom), &why);
    AtomSet ring_set(ring.begin(), ring.end());
    if (ring.empty()) {
      AtomSet ring_system = Reach(unsigned(ring_atom), AtomSet(path.begin(), path.end() - 1), nullptr);
      Violate(r, "ring of the " + r.label + " replaced by " + Shown(ring_system) +
                           ": " + why);
      return;
    }
    const RegionChange* ring_change = nullptr;
    const RegionChange* substituent_change = nullptr;
    for (const auto& c : r.changes) {
      if (c.ring != RingRequirement::kNone && !ring_change) ring_change = &c;
      if (!c.substituents.empty() && !substituent_change) substituent_change = &c;
    }
    bool replaced = !IsBenzene(mol_, ring);
    if (replaced) {
      if (!ring_change || (ring_change->ring == RingRequirement::kAromaticMonocycle &&
                           !AllAromatic(mol_, ring))) {
        Violate(r, "ring of the " + r.label + " replaced by " + Shown(ring_set) +
                             ", which no clause allows");
        return;
      }
      Hit(ring_change->clause, r, "phenyl of the " + r.label + " replaced by the monocycle " +
                                      Shown(ring_set), ring_set);
    }
    // Substituents on the linker and on the ring.
    AtomSet backbone(path.begin(), path.end());
    backbone.insert(ring.begin(), ring.end());
    std::vector<std::pair<unsigned, std::string>> sites;
    for (size_t i = 1; i + 1 < path.size(); ++i)
      sites.push_back({unsigned(path[i]), i == 1 ? "alpha carbon of the linker" : "beta carbon of the linker"});
    for (int a : ring) sites.push_back({unsigned(a), "ring"});
    for (const auto& [site, where] : sites) {
      bool on_ring = where == "ring";
      for (const auto* n : mol_.atomNeighbors(mol_.getAtomWithIdx(site))) {
        unsigned i = n->getIdx();
        if (backbone.count(i) || scaffold_.count(i)) continue;
        AtomSet s = Reach(i, backbone, nullptr);
        if (on_ring && replaced && ring_change && ring_change->any_substituents) continue;  // under A
        std::string label;
        if (substituent_change &&
            TypeSubstituent({*substituent_change}, site, s, &label)) {
          Hit(substituent_change->clause, r,
              label + " (" + Shown(s) + ") on the " + (on_ring ? "phenyl ring" : where) +
                  " of the " + r.label,
              s);
          continue;
        }
        Violate(r, Shown(s) + " on the " + (on_ring ? "ring" : where) + " of the " +
                             r.label + " is " + Describe(site, s) +
                             (substituent_change ? ", not among the groups clause " +
                                                       substituent_change->clause + " allows (" +
                                                       TypeList(*substituent_change) + ")"
                                                 : ""));
      }
    }
  }

  void AddRegionAtoms(const Region& r, const AtomSet& atoms) {
    auto& v = region_atoms[r.name];
    AtomSet merged(v.begin(), v.end());
    merged.insert(atoms.begin(), atoms.end());
    if (r.anchor) merged.insert(atom_.at(r.anchor));
    for (int m : r.include) merged.insert(atom_.at(m));
    v.assign(merged.begin(), merged.end());
  }

  std::vector<ClauseHit> hits;
  std::vector<std::string> violations;
  std::vector<std::string> violated_regions;  // by violation: the region it is about
  std::map<std::string, std::vector<unsigned>> region_atoms;

 private:
  const StructureDefinition& def_;
  const RDKit::ROMol& mol_;
  const SubstituentMatcher* matcher_;
  const SubstituentTypes* vocabulary_;
  FragmentNames& names_;
  bool explain_;
  std::map<int, unsigned> atom_;
  AtomSet scaffold_;
};

std::vector<std::vector<unsigned>> ScaffoldMatches(const StructureDefinition& def,
                                                   const RDKit::ROMol& mol) {
  RDKit::SubstructMatchParameters params;
  params.uniquify = false;
  params.maxMatches = 64;
  std::vector<std::vector<unsigned>> out;
  for (const auto& m : RDKit::SubstructMatch(mol, *def.scaffold, params)) {
    std::vector<unsigned> atoms(m.size());
    for (const auto& [q, a] : m) atoms[q] = a;
    out.push_back(std::move(atoms));
  }
  return out;
}

}  // namespace

std::string GroupSignature(const RDKit::ROMol& mol, const std::vector<unsigned>& atoms,
                           unsigned attachment) {
  std::vector<int> use(atoms.begin(), atoms.end());
  use.push_back(int(attachment));
  std::vector<std::string> symbols(mol.getNumAtoms());
  for (const auto* a : mol.atoms()) {
    std::string s = a->getSymbol();
    if (a->getIsAromatic()) s[0] = char(std::tolower(s[0]));
    symbols[a->getIdx()] = "[" + s + "]";
  }
  symbols[attachment] = "[*]";
  return RDKit::MolFragmentToSmiles(mol, use, nullptr, &symbols, nullptr, false);
}

std::map<std::string, std::string> ParentSignatures(const StructureDefinition& def) {
  auto matches = ScaffoldMatches(def, *def.parent);
  if (matches.empty()) throw InvalidData("does not match its own scaffold");
  FragmentNames names(*def.parent);
  ScaffoldView view(def, *def.parent, matches.front(), nullptr, nullptr, names);
  std::map<std::string, std::string> out;
  for (const auto& r : def.regions) out[r.name] = view.Signature(r);
  return out;
}

Analysis Analyze(const StructureDefinition& def, const RDKit::ROMol& mol,
                 const SubstituentTypes& vocabulary, bool explain) {
  Analysis best;
  auto matches = ScaffoldMatches(def, mol);
  if (matches.empty()) return best;
  SubstituentMatcher matcher(mol);
  FragmentNames names(mol);
  for (const auto& match : matches) {
    ScaffoldView view(def, mol, match, &matcher, &vocabulary, names, explain);
    for (const auto& r : def.regions) {
      const std::string& parent_sig = def.parent_signature.at(r.name);
      switch (r.kind) {
        case RegionKind::kGroup: view.AnalyzeGroup(r, parent_sig); break;
        case RegionKind::kRing: view.AnalyzeRing(r, parent_sig); break;
        case RegionKind::kSites: view.AnalyzeSites(r); break;
        case RegionKind::kArylalkyl: view.AnalyzeArylalkyl(r, parent_sig); break;
      }
    }
    Analysis a;
    a.hits = std::move(view.hits);
    a.violations = std::move(view.violations);
    a.violated_regions = std::move(view.violated_regions);
    a.region_atoms = std::move(view.region_atoms);
    a.outcome = !a.violations.empty() ? Analysis::Outcome::kOutside
                : a.hits.empty()      ? Analysis::Outcome::kParent
                                      : Analysis::Outcome::kInside;
    // Prefer inside, then the parent itself, then the nearest miss.
    auto rank = [](const Analysis& x) {
      switch (x.outcome) {
        case Analysis::Outcome::kInside: return 0;
        case Analysis::Outcome::kParent: return 1;
        case Analysis::Outcome::kOutside: return 2;
        default: return 3;
      }
    };
    // Symmetric matches name the same change "C3" or "C5"; the lowest name
    // reads best.
    auto names = [](const Analysis& x) {
      std::string s;
      for (const auto& h : x.hits) s += h.text + ";";
      return s;
    };
    if (best.outcome == Analysis::Outcome::kNoScaffold || rank(a) < rank(best) ||
        (rank(a) == rank(best) && a.violations.size() < best.violations.size()) ||
        (rank(a) == rank(best) && a.violations.size() == best.violations.size() &&
         names(a) < names(best)))
      best = std::move(a);
  }
  return best;
}

}  // namespace pc::rules
