#include "chem/molecule.h"

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

}  // namespace

ParsedMolecule ParseSmiles(std::string_view smiles, const ParseLimits& limits) {
  if (smiles.size() > limits.max_text_bytes) return {nullptr, TooLong(smiles.size(), limits)};
  if (smiles.empty()) return {nullptr, "empty SMILES"};
  std::unique_ptr<RDKit::RWMol> mol;
  try {
    mol = ParseSmilesRaw(smiles);
  } catch (const std::exception& e) {
    return {nullptr, std::string("malformed SMILES: ") + e.what()};
  }
  if (!mol) return {nullptr, "malformed SMILES: RDKit could not parse it"};
  return Finish(std::move(mol), limits);
}

std::unique_ptr<RDKit::RWMol> ParseSmilesRaw(std::string_view smiles) {
  RDKit::SmilesParserParams params;
  params.sanitize = false;
  params.allowCXSMILES = true;
  params.strictCXSMILES = false;
  params.parseName = false;
  // RDKit's removeHs on an unsanitised molecule is quadratic in its size;
  // explicit hydrogens are removed after sanitisation instead (Finish).
  params.removeHs = false;
  return std::unique_ptr<RDKit::RWMol>(RDKit::SmilesToMol(std::string(smiles), params));
}

ParsedMolecule ParseMolBlock(std::string_view molblock, const ParseLimits& limits) {
  if (molblock.size() > limits.max_text_bytes) return {nullptr, TooLong(molblock.size(), limits)};
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
