// Turning text into RDKit molecules, with bounds: an input record can never
// make the engine run without limit or crash it. Parse failures are values
// (a reason a person can act on), not exceptions.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <GraphMol/RWMol.h>

namespace pc::chem {

struct ParseLimits {
  size_t max_text_bytes = 100'000;  // a SMILES or molblock longer than this is refused
  unsigned max_heavy_atoms = 1'000;  // far above any precursor; bounds later steps
};

struct ParsedMolecule {
  std::unique_ptr<RDKit::RWMol> mol;  // null when `error` is set
  std::string error;
  explicit operator bool() const { return mol != nullptr; }
};

ParsedMolecule ParseSmiles(std::string_view smiles, const ParseLimits& limits = {});
// The raw RDKit parse ParseSmiles starts from: not sanitised, hydrogens kept.
// Null when RDKit cannot parse the text; may throw what RDKit throws.
std::unique_ptr<RDKit::RWMol> ParseSmilesRaw(std::string_view smiles);
ParsedMolecule ParseMolBlock(std::string_view molblock, const ParseLimits& limits = {});

// True when hydrogens are atoms of the graph ("[H]", "[2H]"), not counts.
bool HasHydrogenAtoms(const RDKit::ROMol& mol);

// RDKit reports parse problems on its own log streams; the product reports
// them in its records instead. Call once at program start.
void SilenceRDKitLogs();

}  // namespace pc::chem
