// The screening fast path: settles as `clear` the SMILES records that no
// loaded rule can match, without standardising them (tautomer
// canonicalisation dominates the full pipeline's cost).
//
// It is derived from the rules' Anchors(): every molecule a rule can match
// contains one of that rule's anchors. Standardisation only removes atoms and
// bonds (counter-ions, solvents, bonds to metals, a hydrate's OH) and changes
// bond orders, charges and hydrogens; it never adds a heavy atom or a bond.
// So if a standardised component contains an anchor, the input as written
// contains the anchor's *relaxed* form: the same heavy-atom graph with only
// elements kept (any bond order, charge, aromaticity, hydrogens). The fast
// path checks, cheapest first:
//   1. the text: an element every anchor needs (say N) cannot be in a
//      SMILES without its letter ('N' or 'n') or an atomic-number atom ('#');
//   2. element counts of the parsed (unsanitised) input against each anchor's;
//   3. a core every anchor that matches within a molecule (a class, a
//      family, a conversion's reactant) contains, found at load time: a
//      piperidine-like ring carrying N or O at C4, or failing that a
//      six-membered ring with N; or, when no one core is in all of them
//      (the amphetamine-type anchors), a set of cores each anchor holds one
//      of (that ring, a benzene-like ring bearing a three-carbon chain).
//      Without one only the whole-molecule anchors (the listings) are
//      left, and those only in a fragment of their size;
//   4. a substructure match of each relaxed anchor (for a rule that matches
//      whole molecules only, a listing, in a fragment of the anchor's size
//      or one more atom per carbonyl hydrate; an atom written as
//      "[#7,#8]" stays "N or O"; one the fast path cannot read is any atom),
//      where each anchor atom must fit its input atom's valence:
//      standardisation keeps every bond between organic atoms (but a
//      hydrate's C-OH), so an anchor's C=O cannot lie on a quaternary carbon
//      or an ether oxygen (ValenceAllows, screen/standardisation_effects.h);
//      and anchor atoms required to be saturated ("[#6X4]") may lie on
//      unsaturated input atoms only if the molecule has the hydrogens to
//      spare that tautomer shifts or neutralisation would need
//      (HydrogenBudget); and an input atom has no more organic heavy
//      neighbours than its anchor atom's D allows;
//   5. only for a record that passes 4: aromaticity is perceived and the
//      match repeated with ring atoms ("R") on ring atoms, anchor bonds
//      that must be single or double never on aromatic bonds and aliphatic
//      anchor atoms ("C") never on aromatic atoms: the standardiser keeps
//      aromatic bonds aromatic (chem/standardize.h), unless a charge other
//      than a nitro group's or an amine salt's, a ring sulfoxide or a metal
//      is in the fragment (the normaliser's, uncharger's and metal
//      disconnector's changes to rings start there). Aromatic anchor atoms
//      ("a", "c") lie only on atoms that are aromatic or in a ring whose
//      carbons a tautomer shift could all give a multiple bond (CanHavePi),
//      with enough multiple bonds in reach to go round (a shift moves one,
//      never makes one);
//   6. only for a record that passes 5 and has a charge, a metal or more
//      than one fragment (a salt, whose counter-ion may be what matched a
//      whole-molecule anchor: hydrochloric acid in a hydrochloride): the full
//      pipeline's parse and standardisation steps but the tautomer one are
//      run (chem::Standardizer::StandardizeBeforeTautomers), and step 5 is
//      repeated on each component they leave. What is left to do to it is a
//      hydrogen shift, which step 5 allows for; and a component that is
//      neutral now is settled (a zwitterion, a carboxylate or a protonated
//      heteroaromatic ring no longer stops the aromatic conditions).
// Only when all fail is the record clear. It must also be a record the full
// pipeline accepts: the same RDKit parse, the same size limits, and the
// sanitisation steps that reject input (valence, kekulisation) are run
// first, kekulisation on the rings of RDKit's fast ring search and, only if
// it fails there, again on the symmetrised rings of RDKit's full
// sanitisation (see SettlesClear); a molecule whose aromatic systems RDKit
// cannot fail to kekulise (lone or fused pairs of rings such as benzene's,
// pyridine's, an azole's, indole's: screen/sure_kekule.h) is kekulised only
// if step 5 is reached. Any failure sends the record down the
// full pipeline, which reports it, and so does a charged carbon, which
// neutralisation can turn into a structure RDKit rejects (found on the
// background set: "[CH+](=N)N").
//
// A rule with no anchors disables the fast path: nothing could be ruled out.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <GraphMol/RWMol.h>

#include "chem/molecule.h"
#include "chem/standardize.h"
#include "rules/rule.h"

namespace pc::screen {

class FastPath {
 public:
  explicit FastPath(const std::vector<std::unique_ptr<rules::Rule>>& rules);
  ~FastPath();

  bool enabled() const { return enabled_; }
  // What was derived (or why it is off), for logs and the benchmark.
  const std::string& description() const { return description_; }

  // True when `smiles` is a valid molecule that no rule can match: its
  // record is `clear`. False means "run the full pipeline" (a possible match,
  // or an input the full pipeline must report on). Thread-safe.
  bool SettlesClear(std::string_view smiles, const chem::ParseLimits& limits) const;

  // The steps on their own, for tests and micro-benchmarks.
  bool TextMayMatch(std::string_view smiles) const;
  // GraphMayMatch takes the input parsed and partly sanitised (as SettlesClear
  // does); with aromaticity perceived, anchor bonds that must be single or
  // double may not lie on aromatic bonds.
  bool GraphMayMatch(const RDKit::ROMol& mol, bool aromaticity_perceived = false) const;
  // For an input with a charge or a metal that GraphMayMatch cannot rule
  // out: true unless every component the standardiser makes of it before the
  // tautomer step is ruled out.
  bool StandardFormMayMatch(std::string_view smiles, const chem::ParseLimits& limits) const;
  // A standard form, component by component (chem::Component::mol), judged
  // by the conditions an input meets with aromaticity perceived: true unless
  // every component is ruled out (a form with an error or no component is
  // not).
  bool FormMayMatch(const chem::StandardForm& form) const;

 private:
  struct Anchor;
  bool ComponentMayMatch(const RDKit::ROMol& component) const;
  bool enabled_ = false;
  std::string description_;
  std::vector<Anchor> anchors_;        // relaxed, redundant ones removed
  std::vector<int> text_elements_;     // needed by every anchor
  // Every partial anchor's graph holds one of them; empty if some holds none.
  std::vector<std::unique_ptr<RDKit::RWMol>> cores_;
};

}  // namespace pc::screen
