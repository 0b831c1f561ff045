#include "screen/fast_path.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include <GraphMol/MolOps.h>
#include <GraphMol/PeriodicTable.h>
#include <GraphMol/SanitException.h>
#include <GraphMol/SmilesParse/SmartsWrite.h>
#include <GraphMol/SmilesParse/SmilesParse.h>

#include "chem/standardize.h"
#include "screen/relaxed_anchor.h"
#include "screen/standardisation_effects.h"
#include "screen/sure_kekule.h"

namespace pc::screen {
namespace {

// Letters by which an element can appear in a SMILES: its symbol's first
// letter, upper case, or lower case for an aromatic atom.
bool TextCanHaveElement(std::string_view text, int z) {
  const std::string& symbol = RDKit::PeriodicTable::getTable()->getElementSymbol(z);
  char upper = symbol[0], lower = char(std::tolower(static_cast<unsigned char>(upper)));
  return text.find(upper) != std::string_view::npos || text.find(lower) != std::string_view::npos;
}

// The sanitisation steps that can reject a molecule (cleanup first, as
// sanitizeMol does, so that nitro groups and the like are accepted), and
// the symmetrised smallest rings before them, as sanitizeMol finds them:
// kekulisation reads its ring systems from the ring information, and
// aromaticity perception reuses it (SettlesClear tries cheaper rings first).
constexpr unsigned kRejectingSteps = RDKit::MolOps::SANITIZE_CLEANUP |
                                     RDKit::MolOps::SANITIZE_PROPERTIES |
                                     RDKit::MolOps::SANITIZE_SYMMRINGS |
                                     RDKit::MolOps::SANITIZE_KEKULIZE |
                                     RDKit::MolOps::SANITIZE_FINDRADICALS;

// The rejecting steps for `mol` as parsed. Kekulisation is the only one
// that reads rings, and RDKit's returns before it does when no atom or
// bond is aromatic; so a molecule written without aromatic atoms (one in
// twelve of the background set) is spared the ring search, which costs
// about a quarter of these steps. Its rings are found, symmetrised as
// sanitizeMol finds them, only if aromaticity is perceived later.
unsigned RejectingSteps(const RDKit::ROMol& mol, unsigned steps) {
  for (const auto* atom : mol.atoms())
    if (atom->getIsAromatic()) return steps;
  for (const auto* bond : mol.bonds())
    if (bond->getIsAromatic()) return steps;
  return steps & ~RDKit::MolOps::SANITIZE_SYMMRINGS;
}

// How kekulisation, the costliest of the rejecting steps, is run (see
// SettlesClear): on the symmetrised smallest rings, as sanitizeMol runs it;
// on the rings of RDKit's fast ring search (fastFindRings); or not yet, for
// a molecule whose aromatic systems RDKit cannot fail to kekulise
// (screen/sure_kekule.h), until aromaticity is perceived.
enum class Kekulisation { kSmallestRings, kFastRings, kDeferred };

// Kekulises `mol` on the rings of RDKit's fast ring search.
void KekuliseOnFastRings(RDKit::RWMol& mol) {
  RDKit::MolOps::fastFindRings(mol);
  RDKit::MolOps::Kekulize(mol);
}

// Runs the rejecting `steps` on `mol` in sanitizeMol's order, kekulising
// as `how` says; kFastRings becomes kDeferred when KekulisesSurely. (Radicals
// are assigned as on the Kekulé structure: the deferred rings' atoms have
// their full valence either way.)
void RunRejectingSteps(RDKit::RWMol& mol, unsigned steps, Kekulisation& how) {
  unsigned failed = 0;
  if (how == Kekulisation::kSmallestRings) {
    RDKit::MolOps::sanitizeMol(mol, failed, steps);
    return;
  }
  RDKit::MolOps::sanitizeMol(
      mol, failed, steps & (RDKit::MolOps::SANITIZE_CLEANUP | RDKit::MolOps::SANITIZE_PROPERTIES));
  how = KekulisesSurely(mol) ? Kekulisation::kDeferred : Kekulisation::kFastRings;
  if (how == Kekulisation::kFastRings) KekuliseOnFastRings(mol);
  if (steps & RDKit::MolOps::SANITIZE_FINDRADICALS) RDKit::MolOps::assignRadicals(mol);
}

// Runs the rejecting `steps` on `mol`; if they reject it, runs them again
// on a fresh parse of `smiles`, with RDKit's cleanup first and the
// symmetrised smallest rings. The cleanup rewrites hypervalent groups (a
// nitro group written N(=O)=O) with explicit charges and changes nothing
// else; most molecules have none, so it runs only when needed. Throws what
// the steps throw the second time; false if the fresh parse fails.
bool RunRejectingStepsOrRetry(std::unique_ptr<RDKit::RWMol>& mol, std::string_view smiles,
                              unsigned& steps, Kekulisation& how) {
  try {
    RunRejectingSteps(*mol, steps, how);
    return true;
  } catch (const RDKit::MolSanitizeException&) {
  }
  mol = chem::ParseSmilesRaw(smiles);
  if (!mol) return false;
  steps |= RDKit::MolOps::SANITIZE_CLEANUP;  // the same parse: the same aromatic atoms
  how = Kekulisation::kSmallestRings;
  RunRejectingSteps(*mol, steps, how);
  return true;
}

// True when every molecule that `outer` can match holds `inner` too: inner
// lies in outer's graph with per-atom and per-bond conditions no stronger
// than outer's where it lies (one such embedding is enough: a match of
// outer composed with it is a match of inner). ValenceAllows reads an
// atom's degree bound, which inner must not tighten, and for an atom of
// one element the bond order its pattern bonds ask beyond their count.
bool HoldsNoStronger(const RelaxedAnchor& outer, const RelaxedAnchor& inner) {
  auto no_stronger = [&](const RDKit::ROMol&, const std::vector<unsigned>& match) {
    for (size_t k = 0; k < match.size(); ++k) {
      const auto& nj = inner.atoms[k];
      const auto& ni = outer.atoms[match[k]];
      if (nj.element && nj.element != ni.element) return false;
      if (nj.element && nj.bond_order - nj.degree > ni.bond_order - ni.degree) return false;
      if (nj.total_degree >= 0 && nj.total_degree != ni.total_degree) return false;
      if (nj.max_degree >= 0 && (ni.max_degree < 0 || ni.max_degree > nj.max_degree)) return false;
      if (nj.in_ring && !ni.in_ring) return false;
      if (nj.rings >= 0 && nj.rings != ni.rings) return false;
      if (nj.aromatic >= 0 && nj.aromatic != ni.aromatic) return false;
    }
    // inner's bond conditions must be outer's too.
    auto among = [&](const auto& bonds_j, const auto& bonds_i) {
      for (auto [a, b] : bonds_j) {
        std::pair<unsigned, unsigned> ab{match[a], match[b]}, ba{match[b], match[a]};
        if (std::find(bonds_i.begin(), bonds_i.end(), ab) == bonds_i.end() &&
            std::find(bonds_i.begin(), bonds_i.end(), ba) == bonds_i.end())
          return false;
      }
      return true;
    };
    return among(inner.non_aromatic, outer.non_aromatic) && among(inner.multiple, outer.multiple);
  };
  return Contains(*outer.skeleton, *inner.query, no_stronger);
}

// A relaxed pattern's PrunedQuery for each kind of input (charged or not,
// rings perceived or not), so that one is picked per molecule, not built.
class PrunedQueries {
 public:
  PrunedQueries() = default;
  explicit PrunedQueries(const RelaxedAnchor& pattern) {
    for (int charged : {0, 1})
      for (int rings : {0, 1}) queries_[size_t(2 * charged + rings)] = PrunedQuery(pattern, charged, rings);
  }
  const RDKit::ROMol& For(bool charged, bool rings_perceived) const {
    return *queries_[size_t(2 * charged + rings_perceived)];
  }

 private:
  std::array<std::unique_ptr<RDKit::RWMol>, 4> queries_;
};

bool HasDummyAtoms(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getAtomicNum() == 0) return true;
  return false;
}

}  // namespace

struct FastPath::Core {
  PrunedQueries pruned;
  std::string smarts;  // for the description
};

struct FastPath::Anchor {
  std::unique_ptr<RDKit::RWMol> query;
  PrunedQueries pruned;
  bool whole = false;  // matches only a fragment of its own size
  std::vector<AtomNeeds> atoms;
  std::vector<std::pair<unsigned, unsigned>> non_aromatic, multiple;
  std::array<unsigned short, 119> counts{};
  std::vector<std::pair<int, int>> needs;  // (element, count) with count > 0
  int core = -1;  // partial anchors: the index in cores_ of the core it holds
};

FastPath::FastPath(const std::vector<std::unique_ptr<rules::Rule>>& rules) {
  std::vector<RelaxedAnchor> relaxed;
  std::set<std::string> seen;
  for (const auto& rule : rules) {
    auto anchors = rule->Anchors();
    if (anchors.empty()) {
      description_ = "off: a rule has no anchors, so no molecule can be ruled out";
      return;
    }
    const bool whole = rule->AnchorsAreWholeMolecules();
    for (const auto& a : anchors) {
      if (!a) continue;
      // Rules may share an anchor (conversion and similarity rules do).
      if (!seen.insert(RDKit::MolToSmarts(*a) + (whole ? " whole" : "")).second) continue;
      relaxed.push_back(Relax(*a, whole));
      // An anchor each atom of which has as many heavy neighbours (SMARTS
      // D) as anchor bonds is a whole fragment of the standard form it
      // matches (benzaldehyde, gamma-butyrolactone): like a listed molecule,
      // it is matched only in a fragment of its size, and needs no core.
      auto& r = relaxed.back();
      if (!whole && std::all_of(r.atoms.begin(), r.atoms.end(),
                                [](const AtomNeeds& n) { return n.max_degree >= 0 && n.max_degree == n.degree; }))
        r.whole = true;
      if (relaxed.back().query->getNumAtoms() == 0) {
        description_ = "off: an anchor has no heavy atoms";
        return;
      }
    }
  }
  if (relaxed.empty()) {
    description_ = "off: no rules";
    return;
  }
  // An anchor containing another anchor adds nothing: whatever contains it
  // contains the smaller one. Keep the minimal ones (the first of equals).
  std::vector<bool> redundant(relaxed.size(), false);
  for (size_t i = 0; i < relaxed.size(); ++i)
    for (size_t j = 0; j < relaxed.size() && !redundant[i]; ++j) {
      bool equal = relaxed[i].skeleton->getNumAtoms() == relaxed[j].skeleton->getNumAtoms() &&
                   relaxed[i].skeleton->getNumBonds() == relaxed[j].skeleton->getNumBonds();
      // A whole-molecule anchor only stands for molecules of its own size.
      if (relaxed[j].whole && !(relaxed[i].whole && equal)) continue;
      if (i == j || redundant[j] || !HoldsNoStronger(relaxed[i], relaxed[j])) continue;
      if (!equal || j < i) redundant[i] = true;
    }

  // Candidate cores, most telling first: the first that every anchor
  // contains is matched before any anchor (one search rules out most
  // molecules: those without a piperidine-like ring carrying N or O at C4).
  // Anchors of several families (the fentanyl piperidines, the
  // amphetamine-type aryl-propyl chains and arylacetic acids, the ergoline
  // of lysergide, the 4-hydroxybutanoyl chains of GHB, the 2-chlorophenyl
  // carbinamine of ketamine) have no core in common; each partial anchor
  // then takes the first candidate it holds with conditions no stronger
  // than its own (HoldsNoStronger), and a molecule holding none of the
  // cores so taken is left to the whole-molecule anchors. A rare family's
  // core comes before a common one its anchors also hold (the ergoline
  // before the piperidine), so that they take it. A core's conditions are
  // checked as an anchor's are (PrunedQuery). The amphetamine-type
  // aryl-propyl anchors all leave free both ring positions beside the chain
  // and one beyond (a phenyl's, or a 3,4-methylenedioxyphenyl's 2-, 5- and
  // 6-positions): an aryl-propyl chain held that way is about half as common
  // in ordinary molecules as the bare chain (4,615 against 8,967 of the
  // first 20,000 background molecules), so half as many are searched for
  // those anchors. The other families' cores carry their anchors' degree
  // conditions likewise (an unbranched chain, a free ring position).
  std::vector<RelaxedAnchor> cores;
  std::vector<std::string> core_smarts;
  for (const char* smarts : {
           "[#7]1~[#6]~[#6]~[#6](~[#7,#8])~[#6]~[#6]~1",
           "[#7]1~[#6]~[#6]~[#6]~[#6]2~[#6]3~[#6]~[#6]~[#6]~[#6]4~[#7]~[#6]~[#6](~[#6]~3~4)~[#6]~[#6]~2~1",
           "[#7]1~[#6]~[#6]~[#6]~[#6]~[#6]~1", "[#7]1~*~*~*~*~*1",
           "[#6;D2]1~[#6;D2]~[#6]~[#6]~[#6;D2]~[#6]~1~[#6]~[#6]~[#6]",
           "[#6]1~[#6]~[#6]~[#6]~[#6]~[#6]~1~[#6]~[#6]~[#6]",
           "[#8;D1]~[#6;D3](~[#8])~[#6;D2]~[#6]1~[#6;D2]~[#6]~[#6]~[#6]~[#6;D2]~1",
           "[#6;D3](~[#8;D1])(~[#8])~[#6;D2]~[#6;D2]~[#6;D2]~[#8]",
           "[#8]~[#6]~[#8]~[#6;D2]~[#6;D2]~[#6;D2]~[#6;D2]~[#7;D1]",
           "[#17]~[#6]1~[#6;D2]~[#6;D2]~[#6;D2]~[#6;D2]~[#6]~1~[#6]~[#7]"}) {
    std::unique_ptr<RDKit::RWMol> pattern(RDKit::SmartsToMol(smarts));
    cores.push_back(Relax(*pattern, /*whole=*/false));
    // A core asks of its atoms their elements (in its query), degree bounds
    // and rings, not the valence room ValenceAllows checks for an anchor
    // atom of one element: its "~" bonds, of order 0 there, would ask for
    // more room than the anchors' own atoms do.
    for (auto& atom : cores.back().atoms) atom.element = 0;
    core_smarts.emplace_back(smarts);
  }
  std::vector<bool> core_everywhere(cores.size(), true);
  std::vector<bool> core_chosen(cores.size(), false);
  bool some_without_core = false;
  std::vector<int> common;
  bool first = true, any_partial = false;
  for (size_t i = 0; i < relaxed.size(); ++i) {
    if (redundant[i]) continue;
    Anchor a;
    a.counts = relaxed[i].counts;
    std::vector<int> elements;
    for (int z = 2; z < int(a.counts.size()); ++z)
      if (a.counts[size_t(z)]) {
        a.needs.emplace_back(z, a.counts[size_t(z)]);
        elements.push_back(z);
      }
    if (first) common = elements;
    else
      common.erase(std::remove_if(common.begin(), common.end(),
                                  [&](int z) {
                                    return std::find(elements.begin(), elements.end(), z) ==
                                           elements.end();
                                  }),
                   common.end());
    first = false;
    // The core stands for the anchors that match within a molecule; a
    // whole-molecule anchor (a listed solvent, a reagent, an acid) is ruled
    // out by its fragment's size instead, so it does not void the core.
    if (!relaxed[i].whole) {
      any_partial = true;
      size_t first = cores.size();
      for (size_t c = 0; c < cores.size(); ++c) {
        bool has = HoldsNoStronger(relaxed[i], cores[c]);
        core_everywhere[c] = core_everywhere[c] && has;
        if (has && first == cores.size()) first = c;
      }
      if (first < cores.size()) core_chosen[first] = true;
      else some_without_core = true;
      a.core = first < cores.size() ? int(first) : -1;  // a candidate's index, mapped below
    }
    a.whole = relaxed[i].whole;
    a.pruned = PrunedQueries(relaxed[i]);
    a.query = std::move(relaxed[i].query);
    a.atoms = relaxed[i].atoms;
    a.non_aromatic = relaxed[i].non_aromatic;
    a.multiple = relaxed[i].multiple;
    anchors_.push_back(std::move(a));
  }
  text_elements_ = common;
  // Each partial anchor is tried only in a molecule holding its core:
  // candidate index -> index in cores_ (-1: none).
  std::vector<int> slot(cores.size(), -1);
  auto take_core = [&](size_t c) {
    cores_.push_back({PrunedQueries(cores[c]), core_smarts[c]});
  };
  for (size_t c = 0; c < cores.size() && cores_.empty() && any_partial; ++c)
    if (core_everywhere[c]) {
      take_core(c);
      std::fill(slot.begin(), slot.end(), -2);  // one core for every anchor
    }
  if (cores_.empty() && any_partial && !some_without_core)
    for (size_t c = 0; c < cores.size(); ++c)
      if (core_chosen[c]) {
        slot[c] = int(cores_.size());
        take_core(c);
      }
  for (auto& a : anchors_)
    a.core = a.whole || a.core < 0 || cores_.empty() ? -1 : slot[size_t(a.core)] == -2 ? 0 : slot[size_t(a.core)];
  enabled_ = true;
  description_ = "on: " + std::to_string(anchors_.size()) + " relaxed anchors (of " +
                 std::to_string(relaxed.size()) + ")";
  std::string symbols;
  for (int z : text_elements_)
    symbols += (symbols.empty() ? "" : ",") + RDKit::PeriodicTable::getTable()->getElementSymbol(z);
  description_ += "; every anchor has " + (symbols.empty() ? std::string("no common element") : symbols);
  std::string core_text;
  for (const auto& core : cores_) core_text += (core_text.empty() ? "" : " or ") + core.smarts;
  description_ += cores_.empty() ? "; no common core" : "; every anchor within a molecule has " + core_text;
  for (const auto& a : anchors_) description_ += "; " + RDKit::MolToSmarts(*a.query);
}

FastPath::~FastPath() = default;

bool FastPath::TextMayMatch(std::string_view text) const {
  // '#' can write an atom by atomic number ("[#7]"), which no letter shows.
  if (text.find('#') != std::string_view::npos) return true;
  for (int z : text_elements_)
    if (!TextCanHaveElement(text, z)) return false;
  return true;
}

bool FastPath::GraphMayMatch(const RDKit::ROMol& mol, bool aromaticity_perceived) const {
  std::array<unsigned short, 119> counts{};
  for (const auto* atom : mol.atoms()) {
    unsigned z = atom->getAtomicNum();
    if (z < counts.size() && counts[z] < 0xffff) ++counts[z];
  }
  bool any = false;
  for (const auto& a : anchors_) {
    bool enough = std::all_of(a.needs.begin(), a.needs.end(),
                              [&](const auto& n) { return counts[size_t(n.first)] >= n.second; });
    if (enough) {
      any = true;
      break;
    }
  }
  if (!any) return false;
  // Without the core, only the whole-molecule anchors are left to try.
  const bool charged = ChargedOrMetal(mol);
  // Each core is looked for once, and only when an anchor with the elements
  // to be here needs it.
  std::vector<signed char> core_found(cores_.size(), -1);
  auto has_core = [&](size_t c) {
    if (core_found[c] < 0)
      core_found[c] = Contains(mol, cores_[c].pruned.For(charged, aromaticity_perceived)) ? 1 : 0;
    return core_found[c] == 1;
  };
  int budget = -1;  // computed when first needed
  // An aromatic bond stays aromatic through standardisation in a fragment
  // without charges (but a nitro group's) or metals, since the tautomer
  // step keeps aromatic bonds aromatic (chem/standardize.h).
  std::optional<Fragments> fragments;  // computed when first needed
  auto fragments_of = [&]() -> const Fragments& {
    if (!fragments) fragments.emplace(mol);
    return *fragments;
  };
  std::vector<bool> unsettled;
  std::optional<PiReach> reach;  // computed when first needed
  // Ring counts per atom ("R1") are the same for every choice of smallest
  // rings when the symmetrised set has no more rings than the cycle rank.
  bool unique_rings = false;
  if (aromaticity_perceived) {
    unsettled = UnsettledFragments(mol, fragments_of());
    unique_rings =
        mol.getRingInfo()->numRings() + mol.getNumAtoms() == mol.getNumBonds() + fragments_of().count();
  }
  for (const auto& a : anchors_) {
    bool enough = std::all_of(a.needs.begin(), a.needs.end(),
                              [&](const auto& n) { return counts[size_t(n.first)] >= n.second; });
    if (!enough || (!a.whole && a.core >= 0 && !has_core(size_t(a.core)))) continue;
    const int size = int(a.query->getNumAtoms());
    if (a.whole && !fragments_of().AnyCanHave(size)) continue;
    auto rest_of_match_holds = [&](const RDKit::ROMol& m, const std::vector<unsigned>& match) {
      if (a.whole) {
        const Fragments& f = fragments_of();
        if (!f.CanHave(size_t(f.fragment[match[0]]), size)) return false;
      }
      if (aromaticity_perceived && !unsettled[match[0]]) {
        for (auto [x, y] : a.non_aromatic) {
          const auto* bond = m.getBondBetweenAtoms(match[x], match[y]);
          if (bond && bond->getIsAromatic()) return false;
        }
        // A double bond of the anchor (an enamine's or enol ether's C3=C4,
        // an oxime's C=N) joins two atoms that carry a multiple bond in the
        // standard form; in a settled fragment only those of CanHavePi can.
        if (!a.multiple.empty()) {
          if (!reach) reach = CanHavePi(m);
          for (auto [x, y] : a.multiple)
            if (!reach->pi[match[x]] || !reach->pi[match[y]]) return false;
        }
        for (size_t i = 0; i < match.size(); ++i) {
          // A settled fragment keeps its rings (which atoms are in none,
          // and with unique smallest rings how many each is in).
          int rings = a.atoms[i].rings;
          if (rings >= 0 && (unique_rings || rings == 0) &&
              int(m.getRingInfo()->numAtomRings(match[i])) != rings)
            return false;
          int need = a.atoms[i].aromatic;
          if (need == 0 && m.getAtomWithIdx(match[i])->getIsAromatic()) return false;
          if (need == 1) {
            if (!reach) reach = CanHavePi(m);
            if (!CanBeAromatic(m, match[i], *reach)) return false;
          }
        }
      }
      // The query's atoms checked ValenceAllows, and ring atoms once rings
      // are perceived (PrunedQuery).
      int needed = 0;
      for (size_t i = 0; i < match.size(); ++i) needed += HydrogensNeeded(m, a.atoms[i], match[i]);
      if (needed == 0) return true;
      if (budget < 0) budget = HydrogenBudget(m);
      return needed <= budget;
    };
    if (Contains(mol, a.pruned.For(charged, aromaticity_perceived), rest_of_match_holds)) return true;
  }
  return false;
}

bool FastPath::SettlesClear(std::string_view smiles, const chem::ParseLimits& limits) const {
  if (!enabled_ || smiles.empty() || smiles.size() > limits.max_text_bytes) return false;
  bool text_may_match = TextMayMatch(smiles);
  // The same parse as chem::ParseSmiles, which sanitises afterwards.
  std::unique_ptr<RDKit::RWMol> mol;
  try {
    mol = chem::ParseSmilesRaw(smiles);
    if (!mol || mol->getNumAtoms() == 0 || mol->getNumHeavyAtoms() > limits.max_heavy_atoms)
      return false;
    // Neutralising a carbocation (as in "[CH+](=N)N") or an aromatic
    // carbanion ("[c-]1cccc1") can leave a structure RDKit rejects, which
    // the full pipeline reports as an error. Another carbanion (an
    // isocyanide's, an enolate's) takes a hydrogen it has room for. Read as
    // written: kekulisation clears the aromatic flags, and RDKit's cleanup,
    // which rewrites hypervalent nitrogen and halogen groups, charges no
    // carbon.
    for (const auto* atom : mol->atoms())
      if (atom->getAtomicNum() == 6 &&
          (atom->getFormalCharge() > 0 || (atom->getFormalCharge() < 0 && atom->getIsAromatic())))
        return false;
    // Kekulisation asks, for each fused aromatic system, for a Kekulé
    // structure; the rings that describe the system change the order in
    // which RDKit's search tries bonds. So it is first given the rings of
    // RDKit's fast ring search, and only a rejection is checked again on the
    // symmetrised smallest rings the full pipeline's parse uses. What could
    // differ is a system that RDKit's bounded search (100 backtracks)
    // kekulises from one order and not the other; none of the 1,093,460
    // background molecules is one. Dummy atoms, which the search permutes,
    // always get the smallest rings. The Kekulé structure itself may
    // differ: the conditions of GraphMayMatch read only what every Kekulé
    // structure of the molecule shares (which atoms carry a double bond,
    // how many double bonds a conjugated set holds, neighbours, hydrogens),
    // and so does aromaticity perception (below).
    // A molecule whose aromatic systems RDKit surely kekulises (three in
    // four) is kekulised only if aromaticity is to be perceived: the first
    // GraphMayMatch reads bond orders only to tell which atoms are
    // unsaturated (an aromatic atom or bond is), and every atom unsaturated
    // in a Kekulé structure of such systems is so in their aromatic form
    // too (and a furan's O besides), so it rules out no more than on the
    // Kekulé structure.
    unsigned steps = RejectingSteps(*mol, kRejectingSteps & ~RDKit::MolOps::SANITIZE_CLEANUP);
    Kekulisation how = (steps & RDKit::MolOps::SANITIZE_SYMMRINGS) && !HasDummyAtoms(*mol)
                           ? Kekulisation::kFastRings
                           : Kekulisation::kSmallestRings;
    if (!RunRejectingStepsOrRetry(mol, smiles, steps, how)) return false;
    if (text_may_match && GraphMayMatch(*mol)) {
      if (how == Kekulisation::kDeferred) KekuliseOnFastRings(*mol);
      // Aromaticity, perceived only now, rules out anchors whose
      // non-aromatic bonds lie on an aromatic ring.
      // On the symmetrised smallest rings, as sanitizeMol perceives it.
      // RDKit's aromaticity reads, besides the rings, each atom's electron
      // count and whether its multiple bond lies in a ring or outside, which
      // every Kekulé structure of the molecule shares (a Kekulé structure
      // places its double bonds in the aromatic rings it was made from): on
      // the structure the fast rings gave, it is the full pipeline's.
      if (how != Kekulisation::kSmallestRings || !(steps & RDKit::MolOps::SANITIZE_SYMMRINGS)) {
        mol->getRingInfo()->reset();
        RDKit::MolOps::symmetrizeSSSR(*mol);
      }
      RDKit::MolOps::setAromaticity(*mol);
      // A charge, a metal or a second fragment ("X.Cl", a hydrochloride)
      // is what the standardiser's steps before the tautomer step change:
      // an anchor that lies only in a counter-ion it removes is no match.
      if (GraphMayMatch(*mol, /*aromaticity_perceived=*/true))
        return (ChargedOrMetal(*mol) || smiles.find('.') != std::string_view::npos) &&
               !StandardFormMayMatch(smiles, limits);
    }
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

bool FastPath::StandardFormMayMatch(std::string_view smiles, const chem::ParseLimits& limits) const {
  // The full pipeline's own parse and steps, all but the tautomer step. A
  // component they leave is settled or not by what it holds now, and for a
  // settled one the analysis above covers what is left (a hydrogen shift
  // keeps aromatic bonds, rings and the count of multiple bonds).
  auto parsed = chem::ParseSmiles(smiles, limits);
  if (!parsed) return true;
  return FormMayMatch(chem::ThreadStandardizer().StandardizeBeforeTautomers(*parsed.mol));
}

bool FastPath::FormMayMatch(const chem::StandardForm& form) const {
  if (!form.error.empty() || form.components.empty()) return true;
  for (const auto& c : form.components)
    if (ComponentMayMatch(*c.mol)) return true;
  return false;
}

bool FastPath::ComponentMayMatch(const RDKit::ROMol& component) const {
  RDKit::RWMol m(component);
  m.updatePropertyCache(/*strict=*/false);
  // The smallest rings as the first step finds them (GraphMayMatch reads
  // how many each atom is in).
  m.getRingInfo()->reset();
  RDKit::MolOps::symmetrizeSSSR(m);
  return GraphMayMatch(m, /*aromaticity_perceived=*/true);
}

}  // namespace pc::screen
