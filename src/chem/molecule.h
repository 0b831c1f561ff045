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
  // Independent rings (bonds - atoms + fragments), counted before RDKit's
  // ring perception, whose cost grows with them; C60 has 31.
  unsigned max_rings = 128;
};

struct ParsedMolecule {
  std::unique_ptr<RDKit::RWMol> mol;  // null when `error` is set
  std::string error;
  explicit operator bool() const { return mol != nullptr; }
};

ParsedMolecule ParseSmiles(std::string_view smiles, const ParseLimits& limits = {});
// The raw RDKit parse ParseSmiles starts from: not sanitised, hydrogens kept.
// Null when RDKit cannot parse the text or SmilesTextProblem finds one; may
// throw what RDKit throws.
std::unique_ptr<RDKit::RWMol> ParseSmilesRaw(std::string_view smiles);
ParsedMolecule ParseMolBlock(std::string_view molblock, const ParseLimits& limits = {});

// Why a (trimmed) text cannot be one SMILES, or empty. RDKit stops reading
// a SMILES at the first white space and takes the rest as the molecule's
// name, so "C CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1" would be screened as
// methane: anything after white space other than a CXSMILES extension
// ("|...|") is refused, and so is any control character (a NUL, say).
std::string SmilesTextProblem(std::string_view smiles);

// Why a text holds a control character (any below U+0020 but tab, and
// DEL), or empty: a NUL from an API client would otherwise cut what is
// screened short. Checked for every input, SMILES, CAS RN or name.
std::string ControlCharacterProblem(std::string_view text);

// Why a molfile's counts line cannot be believed, or empty. RDKit sizes its
// atom and bond tables from the counts line before reading them; every atom
// and bond takes a line of its own, so a claim beyond the lines present (a
// 172-byte V3000 block claiming 20 million atoms) is refused unread.
std::string MolBlockCountsProblem(std::string_view molblock);

// True when hydrogens are atoms of the graph ("[H]", "[2H]"), not counts.
bool HasHydrogenAtoms(const RDKit::ROMol& mol);

// RDKit reports parse problems on its own log streams; the product reports
// them in its records instead. Call once at program start.
void SilenceRDKitLogs();

}  // namespace pc::chem
