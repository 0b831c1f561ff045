// The screening fast path: settles as `clear` the SMILES records that no
// loaded rule can match, without standardising them (tautomer
// canonicalisation dominates the full pipeline's cost).
//
// Contract: SettlesClear is true only for a record the full pipeline would
// accept and find plain `clear` (no match, no near miss, no path). Its
// conditions are derived from the rules' Anchors() (every molecule a rule
// can match contains one of its anchors), relaxed to what standardisation
// cannot change: it removes atoms and bonds (counter-ions, solvents, bonds
// to metals, a hydrate's OH) and changes bond orders, charges and hydrogens,
// but never adds a heavy atom or a bond. The checks run cheapest first:
// the text, element counts, a core every partial anchor holds, a relaxed
// substructure match with valence and hydrogen budgets
// (screen/standardisation_effects.h), the aromatic conditions once
// aromaticity is perceived, and for a charged, metal-bearing or
// multi-fragment input the standardiser's own steps before the tautomer
// step. The full argument for each step, and why it is sound, is kept in one
// place: README.md, "Bulk screening", the "Fast path" item; the comments in
// fast_path.cc give each condition's local reason. tests/throughput_test.cc
// screens the corpus, a background sample and edge cases with the fast path
// on and off and requires identical output.
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
  struct Core;
  bool ComponentMayMatch(const RDKit::ROMol& component) const;
  bool enabled_ = false;
  std::string description_;
  std::vector<Anchor> anchors_;        // relaxed, redundant ones removed
  std::vector<int> text_elements_;     // needed by every anchor
  // Every partial anchor holds one of them, with conditions no stronger
  // than its own; empty if some holds none.
  std::vector<Core> cores_;
};

}  // namespace pc::screen
