// Matching one molecule against one structural definition: which regions
// changed, which clause allows each change (with the atoms), or why the
// molecule falls outside.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <GraphMol/ROMol.h>

#include "rules/structure_definition.h"

namespace pc::rules {

struct ClauseHit {
  std::string clause;
  std::string region;
  std::string text;  // "alkyl (C) on piperidine C3"
  std::vector<unsigned> atoms;
};

struct Analysis {
  enum class Outcome { kNoScaffold, kParent, kInside, kOutside };
  Outcome outcome = Outcome::kNoScaffold;
  std::vector<ClauseHit> hits;          // the modifications, when inside
  std::vector<std::string> violations;  // why outside
  std::vector<std::string> violated_regions;  // by violation: the region's name
  std::map<std::string, std::vector<unsigned>> region_atoms;
};

// Without `explain`, the texts of hits and violations are left empty (the
// outcome is the same; which of several equally good scaffold matches is
// reported may differ): for a caller that only asks whether a molecule is
// inside.
Analysis Analyze(const StructureDefinition& definition, const RDKit::ROMol& mol,
                 const SubstituentTypes& vocabulary, bool explain = true);

// Canonical SMILES of a group of atoms with its attachment atom written as
// '*': how regions are compared with the parent's.
std::string GroupSignature(const RDKit::ROMol& mol, const std::vector<unsigned>& atoms,
                           unsigned attachment);

}  // namespace pc::rules

namespace pc::rules {
// Each region's signature in the definition's parent molecule; a region of an
// input is "changed" when its signature differs. Throws if the parent does
// not match its own scaffold.
std::map<std::string, std::string> ParentSignatures(const StructureDefinition& definition);
}  // namespace pc::rules
