// Reduces a molecule as entered (salt, hydrate, charged form, tautomer,
// labelled isotopologue, mixture) to the parent structures the law speaks of,
// and records what it removed so that a match can say why a salt or an
// isomer of a listed substance is covered.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <GraphMol/ROMol.h>
#include <boost/shared_ptr.hpp>

namespace RDKit::MolStandardize {
class FragmentRemover;
class Normalizer;
class Uncharger;
class TautomerEnumerator;
class MetalDisconnector;
}  // namespace RDKit::MolStandardize

namespace pc::chem {

// One covalent unit of the input after standardisation.
struct Component {
  // Neutral, canonical tautomer (that keeps the input's aromatic rings
  // aromatic), atoms numbered in the order of `smiles`.
  std::shared_ptr<const RDKit::ROMol> mol;
  std::string smiles;        // canonical isomeric SMILES, isotopes kept
  std::string stereo_key;    // canonical isomeric SMILES without isotope labels
  std::string skeleton_key;  // canonical SMILES without stereo or isotope labels
  bool has_stereo = false;
  bool has_isotopes = false;
};

struct StandardForm {
  // Distinct organic components, largest first. A mixture is screened
  // component by component: the law controls a preparation that "contains
  // any quantity" of a listed substance (e.g. 21 U.S.C. 812(c) Sch. I (e)(1)).
  std::vector<Component> components;
  std::vector<std::string> removed_fragments;  // counter-ions, solvents, water
  bool neutralised = false;                    // a charged parent was neutralised
  bool hydrate_reduced = false;                // a gem-diol became its carbonyl
  // Set (to RDKit's reason) when the tautomer step failed on a component,
  // which is then screened in the tautomer it was written in.
  std::string tautomer_kept;
  std::string error;                           // set when standardisation failed

  // True when the input was a salt, hydrate or other form of its parent(s).
  bool is_derived_form() const {
    return !removed_fragments.empty() || neutralised || hydrate_reduced;
  }
};

struct StandardizeLimits {
  unsigned max_tautomers = 50;
  unsigned max_tautomer_transforms = 50;
};

// Holds RDKit's standardisation catalogues, which are costly to build.
// Not thread-safe: give each worker thread its own instance.
class Standardizer {
 public:
  explicit Standardizer(const StandardizeLimits& limits = {});
  ~Standardizer();
  Standardizer(const Standardizer&) = delete;
  Standardizer& operator=(const Standardizer&) = delete;

  // An input: metals disconnected, normalised, salts and solvents removed,
  // each organic component neutralised and in its canonical tautomer.
  StandardForm Standardize(const RDKit::ROMol& mol) const;

  // A molecule the engine made from a standard component with a conversion
  // transform (rules/conversions.h). It has no bond to a metal and no group
  // the normaliser rewrites (its reactant had none, and the transforms make
  // only amines, alcohols, ketones, acids and amides), and it keeps its
  // reactant's tautomer: RDKit's tautomer canonicalisation, the costliest
  // step, would be run on every product of every search. The rest of the
  // standardisation applies (a test checks the normaliser on products).
  StandardForm StandardizeProduct(const RDKit::ROMol& product) const;

  // An input as Standardize leaves it just before the tautomer step:
  // metals disconnected, normalised, salts removed, neutralised, hydrates
  // read as carbonyls. The screening fast path analyses these components
  // when the earlier steps could move a charge or a bond of the input, since
  // what remains to be done to them is only a hydrogen shift.
  StandardForm StandardizeBeforeTautomers(const RDKit::ROMol& mol) const;

 private:
  enum class Steps { kInput, kInputBeforeTautomers, kProduct };
  StandardForm Components(const RDKit::ROMol& mol, Steps steps) const;
  // RDKit's fragments are boost shared pointers; a molecule of one fragment
  // is its own, not owned.
  using Fragment = boost::shared_ptr<const RDKit::ROMol>;
  // The fragments to screen as components (valid while `mol` is); the
  // others go to form.removed_fragments.
  std::vector<Fragment> OrganicFragments(const RDKit::ROMol& mol, StandardForm& form) const;
  Component MakeComponent(const RDKit::ROMol& fragment, StandardForm& form,
                          bool canonical_tautomer) const;

  std::unique_ptr<RDKit::MolStandardize::MetalDisconnector> metal_;
  std::unique_ptr<RDKit::MolStandardize::Normalizer> normalizer_;
  std::unique_ptr<RDKit::MolStandardize::FragmentRemover> fragment_remover_;
  std::unique_ptr<RDKit::MolStandardize::Uncharger> uncharger_;
  std::unique_ptr<RDKit::MolStandardize::TautomerEnumerator> tautomers_;
  std::unique_ptr<RDKit::ROMol> gem_diol_;
};

// This thread's Standardizer, built on first use: one per thread for every
// caller (the screener and the conversion search), since building one loads
// RDKit's catalogues.
const Standardizer& ThreadStandardizer();

// Canonical key helpers, shared by the registry (for listed structures) and
// the screening path (for inputs) so that both sides are keyed identically.
std::string SkeletonKey(const RDKit::ROMol& mol);
std::string StereoKey(const RDKit::ROMol& mol);

}  // namespace pc::chem
