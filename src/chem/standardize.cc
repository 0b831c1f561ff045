#include "chem/standardize.h"

#include "chem/molecule.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>

#include <GraphMol/MolOps.h>
#include <GraphMol/MolStandardize/Charge.h>
#include <GraphMol/MolStandardize/Fragment.h>
#include <GraphMol/MolStandardize/Metal.h>
#include <GraphMol/MolStandardize/MolStandardize.h>
#include <GraphMol/MolStandardize/Normalize.h>
#include <GraphMol/MolStandardize/Tautomer.h>
#include <GraphMol/RWMol.h>
#include <GraphMol/SanitException.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <GraphMol/Substruct/SubstructMatch.h>

namespace pc::chem {
namespace {

namespace ms = RDKit::MolStandardize;

// Below any score RDKit's tautomer scoring gives a real molecule.
constexpr int kDearomatisedPenalty = 1 << 24;

bool HasCarbon(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getAtomicNum() == 6) return true;
  return false;
}

bool HasCharge(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getFormalCharge() != 0) return true;
  return false;
}

bool HasIsotopes(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getIsotope() != 0) return true;
  return false;
}

bool HasStereo(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms())
    if (atom->getChiralTag() != RDKit::Atom::CHI_UNSPECIFIED) return true;
  for (const auto* bond : mol.bonds())
    if (bond->getStereo() > RDKit::Bond::STEREOANY) return true;
  return false;
}

bool HasBondDirections(const RDKit::ROMol& mol) {
  for (const auto* bond : mol.bonds())
    if (bond->getBondDir() != RDKit::Bond::NONE) return true;
  return false;
}

RDKit::RWMol WithoutIsotopes(const RDKit::ROMol& mol) {
  RDKit::RWMol copy(mol);
  for (auto* atom : copy.atoms()) atom->setIsotope(0);
  // Deuterium written as explicit [2H] atoms becomes ordinary hydrogen.
  RDKit::MolOps::removeHs(copy);
  return copy;
}

// The bonds of `mol` that are aromatic, by index.
std::vector<unsigned> AromaticBonds(const RDKit::ROMol& mol) {
  std::vector<unsigned> out;
  for (const auto* bond : mol.bonds())
    if (bond->getIsAromatic()) out.push_back(bond->getIdx());
  return out;
}

// True when `tautomer` (atoms and bonds numbered as its source) keeps every
// bond in `aromatic` aromatic.
bool KeepsAromatic(const RDKit::ROMol& tautomer, const std::vector<unsigned>& aromatic) {
  for (unsigned idx : aromatic)
    if (idx >= tautomer.getNumBonds() || !tautomer.getBondWithIdx(idx)->getIsAromatic())
      return false;
  return true;
}

// True when the uncharger changed a charge or a hydrogen count of
// `fragment` (its result has the same atoms in the same order).
bool Neutralised(const RDKit::ROMol& fragment, const RDKit::ROMol& neutral) {
  for (const auto* atom : fragment.atoms()) {
    const auto* after = neutral.getAtomWithIdx(atom->getIdx());
    if (atom->getFormalCharge() != after->getFormalCharge() ||
        atom->getTotalNumHs() != after->getTotalNumHs())
      return true;
  }
  return false;
}

// True when RDKit's metal disconnector and normaliser would return `mol`
// unchanged, so that neither need run (together about a tenth of the
// standardisation of a molecule with a single tautomer). The disconnector
// cuts bonds at metal atoms only. Each of the normaliser's 22 default
// transforms (RDKit 2022.09) needs, in the reactant it matches, one of: a
// charged atom (17 of them); a sulfur (sulfoxide); a phosphorus, arsenic,
// antimony or nitrogen with two double bonds (nitro written pentavalent); an
// aromatic nitrogen with a double bond (pyridine oxide written "n=O"); or a
// nitrogen triple-bonded to a nitrogen (azide, diazo). A molecule of neutral
// H, C, N, O and halogen atoms without those bonds gives none of them a
// match. A mixture is left to the normaliser too, which puts its fragments
// back in another order.
bool NothingToNormalise(const RDKit::ROMol& mol) {
  for (const auto* atom : mol.atoms()) {
    if (atom->getFormalCharge() != 0) return false;
    switch (atom->getAtomicNum()) {
      case 1: case 6: case 7: case 8: case 9: case 17: case 35: case 53: break;
      default: return false;
    }
  }
  std::vector<unsigned char> double_bonds(mol.getNumAtoms(), 0);
  for (const auto* bond : mol.bonds()) {
    const auto* begin = bond->getBeginAtom();
    const auto* end = bond->getEndAtom();
    const bool begin_n = begin->getAtomicNum() == 7, end_n = end->getAtomicNum() == 7;
    if (bond->getBondType() == RDKit::Bond::TRIPLE && begin_n && end_n) return false;
    if (bond->getBondType() != RDKit::Bond::DOUBLE) continue;
    if ((begin_n && begin->getIsAromatic()) || (end_n && end->getIsAromatic())) return false;
    if (begin_n && ++double_bonds[begin->getIdx()] > 1) return false;
    if (end_n && ++double_bonds[end->getIdx()] > 1) return false;
  }
  std::vector<int> fragment_of;
  return RDKit::MolOps::getMolFrags(mol, fragment_of) == 1;
}

// The canonical tautomer of `mol`, picked as RDKit's
// TautomerEnumerator::canonicalize picks it (Tautomer.cpp, 2022.09): the
// enumerated tautomer with the best score, of equal scores the one with the
// smallest SMILES (the enumeration's map is ordered by SMILES, so the first),
// copied and given RDKit's stereo perception. Picked here rather than by
// canonicalize() so that the SMILES the enumeration wrote for the winner
// comes with it: `enumerated` and `smiles` point into `result`.
struct PickedTautomer {
  std::unique_ptr<RDKit::ROMol> mol;
  const RDKit::ROMol* enumerated = nullptr;
  const std::string* smiles = nullptr;
};

PickedTautomer PickCanonical(const ms::TautomerEnumeratorResult& result,
                             const std::function<int(const RDKit::ROMol&)>& score) {
  PickedTautomer best;
  const auto& tautomers = result.smilesTautomerMap();
  if (tautomers.empty()) return best;
  auto winner = tautomers.begin();
  if (tautomers.size() > 1) {
    int best_score = std::numeric_limits<int>::min();
    for (auto it = tautomers.begin(); it != tautomers.end(); ++it) {
      int s = score(*it->second.tautomer);
      if (s > best_score) {
        best_score = s;
        winner = it;
      }
    }
  }
  best.enumerated = winner->second.tautomer.get();
  best.smiles = &winner->first;
  best.mol = std::make_unique<RDKit::ROMol>(*winner->second.tautomer);
  RDKit::MolOps::assignStereochemistry(*best.mol, /*cleanIt=*/true, /*force=*/true);
  return best;
}

}  // namespace

std::string SkeletonKey(const RDKit::ROMol& mol) {
  return RDKit::MolToSmiles(WithoutIsotopes(mol), /*doIsomericSmiles=*/false);
}

std::string StereoKey(const RDKit::ROMol& mol) {
  return RDKit::MolToSmiles(WithoutIsotopes(mol), /*doIsomericSmiles=*/true);
}

Standardizer::Standardizer(const StandardizeLimits& limits)
    : metal_(std::make_unique<ms::MetalDisconnector>()),
      normalizer_(std::make_unique<ms::Normalizer>()),
      fragment_remover_(std::make_unique<ms::FragmentRemover>()),
      uncharger_(std::make_unique<ms::Uncharger>()) {
  ms::CleanupParameters params;
  params.maxTautomers = int(limits.max_tautomers);
  params.maxTransforms = int(limits.max_tautomer_transforms);
  tautomers_.reset(ms::tautomerEnumeratorFromParams(params));
  // As RDKit's canonicalize() enumerates: stereo is assigned once, to the
  // tautomer picked (PickCanonical), not to every tautomer.
  tautomers_->setReassignStereo(false);
  // A carbonyl hydrate (gem-diol, e.g. piperidine-4,4-diol, sold as
  // "4-piperidone monohydrate hydrochloride") is the same substance as its
  // carbonyl compound; ortho acids (three oxygens) are not hydrates.
  gem_diol_.reset(RDKit::SmartsToMol("[CX4;!$(C(O)(O)[O,N,S])]([OX2H1])[OX2H1]"));
}

Standardizer::~Standardizer() = default;

const Standardizer& ThreadStandardizer() {
  thread_local Standardizer standardizer;
  return standardizer;
}

Component Standardizer::MakeComponent(const RDKit::ROMol& fragment, StandardForm& form,
                                      bool canonical_tautomer) const {
  // Every pattern of RDKit's uncharger asks for a charged atom, so a
  // fragment without one is left as it is.
  std::unique_ptr<RDKit::ROMol> uncharged;
  if (HasCharge(fragment)) uncharged.reset(uncharger_->uncharge(fragment));
  auto work = std::make_unique<RDKit::RWMol>(uncharged ? *uncharged : fragment);
  // Neutralising can leave a structure RDKit rejects (a carbocation such as
  // "[CH+](=N)N" given a hydrogen it has no valence for): that is an error
  // for the record, not a molecule to screen.
  work->updatePropertyCache(/*strict=*/true);
  // The uncharger changes charges and hydrogens of atoms in place, nothing
  // else.
  if (uncharged && Neutralised(fragment, *work)) form.neutralised = true;
  for (;;) {
    RDKit::MatchVectType match;
    if (!RDKit::SubstructMatch(*work, *gem_diol_, match)) break;
    // match: carbon, first OH, second OH.
    int carbon = match[0].second, oxygen_kept = match[1].second, oxygen_gone = match[2].second;
    work->getBondBetweenAtoms(carbon, oxygen_kept)->setBondType(RDKit::Bond::DOUBLE);
    work->getAtomWithIdx(oxygen_kept)->setNoImplicit(false);
    work->getAtomWithIdx(oxygen_kept)->setNumExplicitHs(0);
    work->removeAtom(oxygen_gone);
    RDKit::MolOps::sanitizeMol(*work);
    form.hydrate_reduced = true;
  }

  // The canonical tautomer among those that keep every aromatic bond of
  // the input aromatic: a pyridine, pyridone or quinolone as entered is not
  // turned into a saturated ring (RDKit's scores favour aromatic rings
  // anyway; this makes it a rule). The screening fast path relies on it: an
  // anchor whose ring must be saturated cannot lie on an aromatic ring.
  std::unique_ptr<RDKit::ROMol> tautomer;
  // The canonical SMILES of `tautomer` and the atom order it was written
  // in, when the tautomer enumeration has written them already.
  std::optional<std::string> written;
  std::vector<unsigned> order;
  if (canonical_tautomer) {
    const std::vector<unsigned> aromatic = AromaticBonds(*work);
    // A dearomatised tautomer is never picked: the input is among the
    // candidates and keeps its own aromatic bonds, and RDKit's scores stay
    // far below the penalty. So its own score, a dozen substructure
    // searches, is never computed.
    auto score = [&aromatic](const RDKit::ROMol& t) {
      if (!KeepsAromatic(t, aromatic)) return -kDearomatisedPenalty;
      return ms::TautomerScoringFunctions::scoreTautomer(t);
    };
    try {
      const auto result = tautomers_->enumerate(*work);
      auto picked = PickCanonical(result, score);
      tautomer = picked.mol ? std::move(picked.mol) : std::make_unique<RDKit::ROMol>(*work);
      // The enumeration wrote the winner's SMILES before stereo was
      // perceived on the copy. Perception may remove a chiral tag (on a
      // centre that is none) or derive a double bond's geometry from bond
      // directions; with neither tags nor directions it changes nothing the
      // SMILES shows, so the string and its atom order are the copy's too.
      if (picked.enumerated && !HasStereo(*picked.enumerated) &&
          !HasBondDirections(*picked.enumerated) &&
          picked.enumerated->getPropIfPresent(RDKit::common_properties::_smilesAtomOutputOrder, order))
        written = *picked.smiles;
      // RDKit's tautomer rules count a hydrogen written as an atom (a
      // deuterium, or one kept because it fixes a double bond's geometry)
      // among those they can move, and may return a tautomer with a valence
      // RDKit itself rejects. The structure as entered is a valid molecule:
      // it is then screened in the tautomer it was written in, and the
      // result says so.
      tautomer->updatePropertyCache(/*strict=*/true);
    } catch (const RDKit::MolSanitizeException& e) {
      form.tautomer_kept = e.what();
      tautomer.reset();
    }
    if (!tautomer || !KeepsAromatic(*tautomer, aromatic)) {
      tautomer = std::make_unique<RDKit::ROMol>(*work);
      written.reset();
    }
  } else {
    tautomer = std::move(work);  // the molecule itself, not a copy
  }
  // Atoms renumbered in canonical SMILES order: an atom index reported with
  // a match is then the atom's position in the component's SMILES, which
  // any reader of the output can parse back.
  // Canonical SMILES do not depend on atom order: the string written to
  // find the order is the renumbered molecule's too.
  Component c;
  if (written) {
    c.smiles = std::move(*written);
  } else {
    c.smiles = RDKit::MolToSmiles(*tautomer, true);
    tautomer->getProp(RDKit::common_properties::_smilesAtomOutputOrder, order);
  }
  std::unique_ptr<RDKit::ROMol> canonical(RDKit::MolOps::renumberAtoms(*tautomer, order));
  // A fragment split off a mixture comes without ring information (RDKit
  // does not sanitise the fragments it splits off), and so does the
  // tautomer kept as it was; the rules' ring queries need it.
  if (!canonical->getRingInfo()->isInitialized()) RDKit::MolOps::symmetrizeSSSR(*canonical);
  c.has_isotopes = HasIsotopes(*canonical);
  c.has_stereo = HasStereo(*canonical);
  // Without isotopes or hydrogen atoms there is nothing to strip: the stereo
  // key is the SMILES itself, and so is the skeleton key without stereo (with
  // stereo, the same molecule written without it, no stripped copy needed).
  // Each key costs a canonicalisation.
  bool plain = !c.has_isotopes && !HasHydrogenAtoms(*canonical);
  c.stereo_key = plain ? c.smiles : StereoKey(*canonical);
  if (!plain)
    c.skeleton_key = SkeletonKey(*canonical);
  else if (c.has_stereo)
    c.skeleton_key = RDKit::MolToSmiles(*canonical, /*doIsomericSmiles=*/false);
  else
    c.skeleton_key = c.smiles;
  c.mol = std::shared_ptr<const RDKit::ROMol>(canonical.release());
  return c;
}

std::vector<Standardizer::Fragment> Standardizer::OrganicFragments(const RDKit::ROMol& mol,
                                                                   StandardForm& form) const {
  // A single fragment stays, whatever it is: RDKit's remover leaves the
  // last fragment, and one without carbon is kept when nothing else is. It
  // is the molecule itself, not a copy (MakeComponent copies what it
  // changes).
  std::vector<int> fragment_of;
  if (RDKit::MolOps::getMolFrags(mol, fragment_of) == 1)
    return {Fragment(&mol, [](const RDKit::ROMol*) {})};
  // Known counter-ions and solvents go first (RDKit's salt list), then any
  // remaining fragment without carbon (inorganic acids, metal ions). What
  // is left are the organic components; an input with none (NaCl) keeps
  // all of its fragments so that it is still screened, not dropped.
  auto all = RDKit::MolOps::getMolFrags(mol, /*sanitizeFrags=*/false);
  std::vector<Fragment> kept;
  std::unique_ptr<RDKit::ROMol> stripped(fragment_remover_->remove(mol));
  std::vector<std::string> remaining;
  for (auto& frag : RDKit::MolOps::getMolFrags(*stripped, /*sanitizeFrags=*/false))
    remaining.push_back(RDKit::MolToSmiles(*frag));
  for (auto& frag : all) {
    std::string smi = RDKit::MolToSmiles(*frag);
    auto it = std::find(remaining.begin(), remaining.end(), smi);
    if (it != remaining.end() && HasCarbon(*frag)) {
      remaining.erase(it);
      kept.push_back(frag);
    } else {
      form.removed_fragments.push_back(smi);
    }
  }
  if (kept.empty()) {
    form.removed_fragments.clear();
    kept.assign(all.begin(), all.end());
  }
  return kept;
}

StandardForm Standardizer::Standardize(const RDKit::ROMol& input) const {
  return Components(input, Steps::kInput);
}

StandardForm Standardizer::StandardizeProduct(const RDKit::ROMol& product) const {
  return Components(product, Steps::kProduct);
}

StandardForm Standardizer::StandardizeBeforeTautomers(const RDKit::ROMol& input) const {
  return Components(input, Steps::kInputBeforeTautomers);
}

StandardForm Standardizer::Components(const RDKit::ROMol& mol, Steps steps) const {
  StandardForm form;
  const bool input = steps != Steps::kProduct;
  try {
    std::unique_ptr<RDKit::ROMol> normal;
    if (input && !NothingToNormalise(mol)) {
      RDKit::RWMol work(mol);
      metal_->disconnect(work);
      normal.reset(normalizer_->normalize(work));
    }
    for (const auto& frag : OrganicFragments(normal ? *normal : mol, form)) {
      Component c = MakeComponent(*frag, form, /*canonical_tautomer=*/steps == Steps::kInput);
      bool seen = std::any_of(form.components.begin(), form.components.end(),
                              [&](const Component& o) { return o.smiles == c.smiles; });
      if (!seen) form.components.push_back(std::move(c));
    }
    std::stable_sort(form.components.begin(), form.components.end(),
                     [](const Component& a, const Component& b) {
                       return a.mol->getNumHeavyAtoms() > b.mol->getNumHeavyAtoms();
                     });
  } catch (const std::exception& e) {
    form.components.clear();
    form.error = std::string("standardisation failed: ") + e.what();
  }
  return form;
}

}  // namespace pc::chem
