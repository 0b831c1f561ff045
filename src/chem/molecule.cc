#include "chem/molecule.h"

#include <charconv>
#include <optional>
#include <vector>

#include <GraphMol/FileParsers/FileParsers.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <RDGeneral/RDLog.h>

namespace pc::chem {
namespace {

// Sanitisation is done separately from parsing so that its exception, which
// names the atom and the valence problem, becomes the record's reason.
ParsedMolecule Finish(std::unique_ptr<RDKit::RWMol> mol, const ParseLimits& limits) {
  ParsedMolecule out;
  if (mol->getNumHeavyAtoms() > limits.max_heavy_atoms) {
    out.error = "molecule too large to screen: " + std::to_string(mol->getNumHeavyAtoms()) +
                " heavy atoms (limit " + std::to_string(limits.max_heavy_atoms) + ")";
    return out;
  }
  if (mol->getNumAtoms() == 0) {
    out.error = "empty structure: no atoms";
    return out;
  }
  std::vector<int> fragment_of;
  unsigned fragments = RDKit::MolOps::getMolFrags(*mol, fragment_of);
  unsigned rings = mol->getNumBonds() + fragments - mol->getNumAtoms();
  if (rings > limits.max_rings) {
    out.error = "molecule too large to screen: " + std::to_string(rings) + " rings (limit " +
                std::to_string(limits.max_rings) + ")";
    return out;
  }
  try {
    RDKit::MolOps::sanitizeMol(*mol);
    // RDKit's removeHs clears what sanitisation computed and sanitises
    // again, hydrogens or not: most inputs have no hydrogen atom to remove.
    if (HasHydrogenAtoms(*mol)) RDKit::MolOps::removeHs(*mol);
    RDKit::MolOps::assignStereochemistry(*mol, /*cleanIt=*/true, /*force=*/true);
  } catch (const RDKit::MolSanitizeException& e) {
    out.error = std::string("invalid structure: ") + e.what();
    return out;
  } catch (const std::exception& e) {
    out.error = std::string("invalid structure: ") + e.what();
    return out;
  }
  out.mol = std::move(mol);
  return out;
}

std::string TooLong(size_t size, const ParseLimits& limits) {
  return "input too long: " + std::to_string(size) + " bytes (limit " +
         std::to_string(limits.max_text_bytes) + ")";
}

// The unsigned number in `field` (spaces around it allowed), or nothing.
std::optional<uint64_t> Count(std::string_view field) {
  while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
  while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return value;
}

// RDKit's parse, unsanitised, of a text SmilesTextProblem has passed.
std::unique_ptr<RDKit::RWMol> RDKitParse(std::string_view smiles) {
  RDKit::SmilesParserParams params;
  params.sanitize = false;
  // A CXSMILES extension RDKit cannot read is an error: leniently, RDKit
  // drops it, and "C |<fentanyl>|" would be screened as methane.
  params.allowCXSMILES = true;
  params.strictCXSMILES = true;
  params.parseName = false;
  // RDKit's removeHs on an unsanitised molecule is quadratic in its size;
  // explicit hydrogens are removed after sanitisation instead (Finish).
  params.removeHs = false;
  return std::unique_ptr<RDKit::RWMol>(RDKit::SmilesToMol(std::string(smiles), params));
}

}  // namespace

std::string ControlCharacterProblem(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      static const char* kHex = "0123456789ABCDEF";
      return std::string("control character U+00") + kHex[c >> 4] + kHex[c & 15] + " at position " +
             std::to_string(i + 1) + "; an input is printable text";
    }
  }
  return "";
}

std::string SmilesTextProblem(std::string_view smiles) {
  if (auto problem = ControlCharacterProblem(smiles); !problem.empty()) return problem;
  size_t space = smiles.find_first_of(" \t");
  if (space == std::string_view::npos) return "";
  std::string_view rest = smiles.substr(space);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  if (rest.size() >= 2 && rest.front() == '|' && rest.back() == '|' &&
      rest.find_first_of(" \t") == std::string_view::npos)
    return "";  // a CXSMILES extension
  if (rest.empty()) return "";
  std::string shown(rest.substr(0, 40));
  return "text after the SMILES '" + std::string(smiles.substr(0, space)) + "': '" + shown +
         (rest.size() > 40 ? "...'" : "'") +
         "; a SMILES has no white space (give an id in its own column, after a tab)";
}

std::string MolBlockCountsProblem(std::string_view block) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= block.size();) {
    size_t end = block.find('\n', start);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  if (lines.size() < 4) return "";  // RDKit reports the missing header itself
  uint64_t atoms = 0, bonds = 0;
  if (lines[3].find("V3000") != std::string_view::npos) {
    constexpr std::string_view kCounts = "M  V30 COUNTS ";
    for (auto line : lines) {
      if (line.substr(0, kCounts.size()) != kCounts) continue;
      line.remove_prefix(kCounts.size());
      size_t sp = line.find(' ');
      auto a = Count(line.substr(0, sp));
      auto b = sp == std::string_view::npos ? std::optional<uint64_t>(0)
                                             : Count(line.substr(sp + 1, line.find(' ', sp + 1) - sp - 1));
      if (!a || !b) return "molfile's V3000 COUNTS line is not two numbers: '" + std::string(line) + "'";
      atoms = *a;
      bonds = *b;
      break;
    }
  } else {
    // Fixed columns (aaabbb...); a line too short for them has no counts.
    std::string_view counts = lines[3];
    if (counts.size() < 6) return "";  // RDKit names the malformed counts line
    auto a = Count(counts.substr(0, 3));
    auto b = Count(counts.substr(3, 3));
    if (!a || !b) return "";  // RDKit names the malformed counts line
    atoms = *a;
    bonds = *b;
  }
  // Each compared alone first: their sum may wrap.
  if (atoms > lines.size() || bonds > lines.size() || atoms + bonds > lines.size())
    return "molfile claims " + std::to_string(atoms) + " atoms and " + std::to_string(bonds) +
           " bonds in " + std::to_string(lines.size()) + " lines; every atom and bond needs a line";
  return "";
}

ParsedMolecule ParseSmiles(std::string_view smiles, const ParseLimits& limits) {
  if (smiles.size() > limits.max_text_bytes) return {nullptr, TooLong(smiles.size(), limits)};
  if (smiles.empty()) return {nullptr, "empty SMILES"};
  if (auto problem = SmilesTextProblem(smiles); !problem.empty()) return {nullptr, problem};
  std::unique_ptr<RDKit::RWMol> mol;
  try {
    mol = RDKitParse(smiles);
  } catch (const std::exception& e) {
    return {nullptr, std::string("malformed SMILES: ") + e.what()};
  }
  if (!mol) return {nullptr, "malformed SMILES: RDKit could not parse it"};
  return Finish(std::move(mol), limits);
}

std::unique_ptr<RDKit::RWMol> ParseSmilesRaw(std::string_view smiles) {
  if (!SmilesTextProblem(smiles).empty()) return nullptr;
  return RDKitParse(smiles);
}

ParsedMolecule ParseMolBlock(std::string_view molblock, const ParseLimits& limits) {
  if (molblock.size() > limits.max_text_bytes) return {nullptr, TooLong(molblock.size(), limits)};
  if (auto problem = MolBlockCountsProblem(molblock); !problem.empty())
    return {nullptr, "malformed molfile: " + problem};
  std::unique_ptr<RDKit::RWMol> mol;
  try {
    mol.reset(RDKit::MolBlockToMol(std::string(molblock), /*sanitize=*/false, /*removeHs=*/false));
  } catch (const std::exception& e) {
    return {nullptr, std::string("malformed molfile: ") + e.what()};
  }
  if (!mol) return {nullptr, "malformed molfile: RDKit could not parse it"};
  return Finish(std::move(mol), limits);
}

bool HasHydrogenAtoms(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getAtomicNum() == 1) return true;
  return false;
}

void SilenceRDKitLogs() {
  RDLog::InitLogs();
  boost::logging::disable_logs("rdApp.*");
}

}  // namespace pc::chem
