// Bulk screening: the fast path never changes a result, compressed and CSV
// input, input order with several workers, damaged input and Ctrl-C.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <GraphMol/MolOps.h>
#include <GraphMol/MolStandardize/MolStandardize.h>
#include <GraphMol/MolStandardize/Tautomer.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chem/molecule.h"
#include "screen/fast_path.h"
#include "screen/input_stream.h"
#include "screen/reader.h"
#include "screen/standardisation_effects.h"
#include "screen/sure_kekule.h"
#include "test_support.h"

namespace pc {
namespace {

using screen::InputRecord;

using pc::testing::ReadRecords;

// Inputs chosen to probe the fast path's edges: malformed structures with
// and without nitrogen, valence and kekulisation errors, salts, hydrates
// (a gem-diol standardises to the listed ketone), charged forms, isotopes,
// atoms written by number, names, CAS RNs, prefixes and oversize input.
const char* kEdgeCases[] = {
    "CCO", "C1CC(", "CC(C", "C(C)(C)(C)(C)C", "c1cccc1", "c1ccncc1X", "[Xx]", "CC[N+](C)(C)(C)C",
    "OC1(O)CCNCC1", "OC1(O)CCNCC1.Cl", "O=C1CC[NH2+]CC1.[Cl-]", "[2H]C1([2H])CC(=O)CCN1",
    "O=C1CC[15NH]CC1", "[#7]1CCC(=O)CC1", "O=C1CCNCC1", "C1CC(CCN1)Nc1ccccc1", "4-AP",
    "40064-34-4", "smiles:CCO", "smiles:O=C1CCNCC1", "name:acetone", "Oc1ccncc1", "O=c1cc[nH]cc1",
    "OC1=CCNCC1", "c1ccc(NC2=CCNCC2)cc1", "[Na+].[O-]C1=CCNCC1", "CC1(O)CCNCC1", "COC1CCNCC1",
    "OC1CCNCC1", "COC1CCNCC1.[Na+].[Cl-]", "c1ccncc1", "Oc1ccncc1", "O=c1cc[nH]cc1", "C1CC=CCN1",
    "OC1=CC(O)=NC(O)=C1", "O=C1CC(=O)NC(=O)C1", "Cc1cc(C)nc(C)c1", "[O-]c1ccncc1.[Na+]", "COc1ccc2c(cc(C(=O)NCc3ccncc3)n2Cc2cccc([CH+](=N)N)c2)c1OC", "C1COC2(CCNCC2)O1", "O=C1CCN([Na])CC1", "OC1(O)CCN(CCc2ccccc2)CC1", "CCN(CC)CC", "C1CCOCC1",
    "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", "O=[N+]([O-])c1ccccc1",
    "CN(C)C(=O)c1ccccc1 |c:1|", "C[C@H](N)C(=O)O", "[Cu+2].[O-]C(=O)C.[O-]C(=O)C", "*CC*",
    "c1ccc2c(c1)[nH]c1ccccc12", "Cl.CCCCN", "", "   ", "O.O.O", "[H][H]",
    "c1ccccc1Nc1ccncc1", "[O-][N+](=O)c1ccc(Nc2ccncc2)cc1", "Nc1cc[nH+]cc1.[Cl-]", "O=C1C=CNC=C1",
    "[c-]1ccccc1", "C[c-]1cccc1", "[c-]1c[nH]cc1", "c1ccc2c(c1)ccc1ccccc12", "O=c1ccc(=O)cc1",
    "CNC1CCNCC1", "c1ccccc1NC1CCN(C)CC1", "C1=CC(=NC=C1)Nc1ccccc1", "O=C1CCN(C(=O)C)CC1",
    "COC1(OC)CCNCC1", "[O-]C1CCNCC1.[Na+]", "c1ccc2ccccc2c1NC1CCNCC1", "c1ccc2cc(NC3CCN([Na])CC3)ccc2c1",
    "C1CCCCC1NC1CC[NH2+]CC1.[Cl-]", "O=C1C=CC(NC2CCNCC2)C=C1", "c1ccccc1C1CC1NC1CCNCC1",
    "CCC(=O)N(c1ccc2ccccc2c1)C1CCN(CCc2ccccc2)CC1", "OC1(c2ccccc2)CCN(CCc2ccccc2)CC1",
    "[C-]#[N+]CC(=O)OCC", "[C-]#[N+]c1ccc(N2CCC(N)CC2)cc1", "O[Si](O)(O)[c-]1cccc1",
    "C1Cc2ccccc2N1C1CCNCC1", "Fc1ccc(CCN2CCC(N3CCc4ccc(Br)cc43)CC2)cc1", "CN(=O)=O",
    "O=N(=O)c1ccc(NC2CCNCC2)cc1", "c1ccccc1N(=O)=O", "O=C1CCN(CC1)S(=O)(=O)C", "Cl(=O)(=O)(=O)O",
    "[O-]c1cc[nH+]cc1", "[O-]C1=CC[NH2+]CC1", "[O-]C(=O)CCN1CCC(=O)CC1.[Na+]",
    "[O-]C(=O)c1ccc(NC2CC[NH2+]CC2)cc1", "O=C([O-])C1Cc2[nH]c[nH+]c2CN1", "[Na+].[O-]c1ccccc1NC1CCNCC1",
    "[2H]C([2H])(N)C(=O)C([2H])([2H])CC(=O)O",
    "[H]/[O+]=c\\1/c2cc(ccc2[n-]cc1C(=O)[O-])S(=O)(=O)N3CCC(CC3)C(=O)N",
    "Cl.CCNc1cc2OC3=C\\C(=N/CC)\\C(=CC3=C(c4ccccc4C(=O)OCC)c2cc1C)C",
    // Anchors of the other families: closed ones (piperonal, benzyl
    // cyanide, gamma-butyrolactone), met only by a whole fragment, also as a
    // hydrate, salt or with a counter-ion; and partial ones.
    "O=Cc1ccccc1", "OC(O)c1ccccc1", "O=Cc1ccccc1.[Na+].[Cl-]", "O=Cc1ccc2c(c1)OCO2", "O=Cc1ccc2c(c1)OC(C)O2",
    "N#CCc1ccccc1", "N#CCc1ccc2c(c1)OCO2", "O=C1CCCO1", "[Na+].[O-]C(=O)CCCO", "OCCCC#N", "CC(=O)OCCCC#N",
    "CC(=O)OCCCC(=O)OCC", "COCCCC(=O)O", "[Na+].[O-]C(=O)Cc1ccccc1", "OC(=O)Cc1ccc2c(c1)OCO2",
    "CN=C(c1ccccc1Cl)C1(O)CCCC1", "Cl.CNC1(c2ccccc2Cl)CCCCC1=O", "O=C(c1ccccc1Cl)C1CCCC1",
    "CN1C[C@H](C(=O)O)C=C2c3cccc4[nH]cc(c34)C[C@H]21", "CC(=Cc1ccccc1)[N+](=O)[O-]"};

std::vector<std::string> ScreenAll(const std::vector<InputRecord>& records, bool fast,
                                   size_t* settled = nullptr) {
  const auto& screener = testing::BundledScreener();
  rules::Query query{{}, *Date::ParseDay("2026-01-01")};
  screen::ScreenOptions options;
  options.structure_when_clear = false;
  options.fast_path = fast;
  std::vector<std::string> out;
  for (const auto& record : records) {
    bool by_fast_path = false;
    out.push_back(rules::ToJson(screener.Screen(record, query, options, &by_fast_path)).dump());
    if (settled && by_fast_path) ++*settled;
  }
  return out;
}

TEST(FastPath, NeverChangesAResult) {
  std::vector<InputRecord> records;
  for (const char* file : {"positives.csv", "precursors.csv", "negatives.csv"})
    for (auto& r : ReadRecords(std::string(PC_TEST_DATA_DIR) + "/corpus/" + file)) records.push_back(r);
  size_t corpus = records.size();
  EXPECT_GT(corpus, 150u);
  for (auto& r : ReadRecords(std::string(PC_TEST_DATA_DIR) + "/background-sample.smi"))
    records.push_back(r);
  EXPECT_GE(records.size(), corpus + 2000);
  // Background molecules with a six-membered nitrogen ring carrying N or O
  // at position 4 (pyridines, pyridones, quinolones, piperidines, acetals):
  // where the fast path's finer conditions (aromaticity, D, R) decide.
  size_t before = records.size();
  for (auto& r : ReadRecords(std::string(PC_TEST_DATA_DIR) + "/fast-path-candidates.smi"))
    records.push_back(r);
  EXPECT_GT(records.size(), before + 1000);
  for (const char* s : kEdgeCases) records.push_back({s, s, screen::InputHint::kAuto, ""});
  records.push_back({"huge", std::string(200000, 'C'), screen::InputHint::kAuto, ""});

  size_t settled = 0;
  auto on = ScreenAll(records, true, &settled);
  auto off = ScreenAll(records, false);
  ASSERT_EQ(on.size(), off.size());
  for (size_t i = 0; i < on.size(); ++i) EXPECT_EQ(on[i], off[i]) << records[i].text;
  // The fast path is engaged: it settles most ordinary molecules.
  EXPECT_GT(settled, records.size() / 2);
}

// Every partial anchor of the bundled rules holds one of the fast path's
// candidate cores; one that held none would leave every molecule to every
// anchor search (the cores are dropped), several times slower.
TEST(FastPath, BundledAnchorsKeepTheirCores) {
  const auto& fp = testing::BundledScreener().fast_path();
  ASSERT_TRUE(fp.enabled()) << fp.description();
  EXPECT_NE(fp.description().find("every anchor within a molecule has [#7]1~[#6]~[#6]~[#6](~[#7,#8])"),
            std::string::npos)
      << fp.description();
  EXPECT_EQ(fp.description().find("no common core"), std::string::npos) << fp.description();
}

TEST(FastPath, RejectsWhatTheFullPipelineRejects) {
  const auto& fp = testing::BundledScreener().fast_path();
  ASSERT_TRUE(fp.enabled()) << fp.description();
  EXPECT_TRUE(fp.SettlesClear("CCO", {}));
  EXPECT_TRUE(fp.SettlesClear("c1ccccc1O", {}));
  for (const char* s : {"C1CC(", "CC(C", "C(C)(C)(C)(C)C", "c1cccc1", "[Xx]", "",
                        "O=C1CCNCC1", "OC1(O)CCNCC1", "OC1=CCNCC1", "[#7]1CCC(=O)CC1"})
    EXPECT_FALSE(fp.SettlesClear(s, {})) << s;
  // Lone rings such as benzene's, pyridine's and the azoles' are kekulised
  // only when needed; any other aromatic system, and an invalid one, is
  // kekulised first.
  for (const char* s : {"c1ccccc1Cc1ccncc1", "c1ccccc1Cc1ccc2ccccc2c1", "c1ccccc1Cc1ccco1",
                        "Cn1cccc1Cc1ccsc1", "c1ccccc1Cc1cnc[nH]1"})
    EXPECT_TRUE(fp.SettlesClear(s, {})) << s;
  for (const char* s : {"c1ccccc1Cc1cccc1", "c1ccccc1C[nH]1ccccc1", "c1ccccc1Cc1cc[cH2]cc1",
                        "c1ccccc1Cc1ccc(=O)cc1", "c1ccccc1C[c-]1ccccc1", "c1ccccc1c1ccccc1=C",
                        "c1ccccc1C(c1ccccc1)(c1ccccc1)(c1ccccc1)c1ccccc1", "c1ccccc1Cc1ccc[n]1",
                        "o1ccoc1Cc1ccccc1", "c1ccccc1Cc1cc[nH]c1=O"})
    EXPECT_FALSE(fp.SettlesClear(s, {})) << s;
  chem::ParseLimits small;
  small.max_heavy_atoms = 5;
  EXPECT_FALSE(fp.SettlesClear("CCCCCCCC", small));

  // Neutralising this carbocation leaves a carbon RDKit rejects: the full
  // pipeline reports an error, so the fast path must not call it clear.
  const char* carbocation = "COc1ccc2c(cc(C(=O)NCc3ccncc3)n2Cc2cccc([CH+](=N)N)c2)c1OC";
  EXPECT_FALSE(fp.SettlesClear(carbocation, {}));
  auto r = testing::BundledScreener().Screen({"x", carbocation, screen::InputHint::kAuto, ""},
                                             {{}, *Date::ParseDay("2026-01-01")});
  EXPECT_EQ(r.status, rules::Status::kError);
  EXPECT_NE(r.error.find("valence"), std::string::npos) << r.error;
}

// Hydrochloric and hydriodic acid are listed whole molecules (UN Table II,
// China's category 3); in a salt the standardiser removes them as
// counter-ions, so a hydrochloride is settled on its organic part alone.
TEST(FastPath, SettlesSaltsByTheirOrganicPart) {
  const auto& fp = testing::BundledScreener().fast_path();
  for (const char* s : {"CCN(CC)CC.Cl", "CCN(CC)CC.I", "Cl.c1ccccc1CCN(C)C"})
    EXPECT_TRUE(fp.SettlesClear(s, {})) << s;
  // The acid alone, or beside a fragment the standardiser also removes, is
  // screened; so is the salt of a listed substance.
  for (const char* s : {"Cl", "Cl.O", "I", "Cl.O=C1CCNCC1", "Cl.c1ccc(NC2CCNCC2)cc1"})
    EXPECT_FALSE(fp.SettlesClear(s, {})) << s;
}

// KekulisesSurely as the fast path asks it: on the parse with its property
// cache, aromatic flags as written. Checked against RDKit's kekulisation.
bool SureAndRight(const std::string& smiles) {
  auto mol = chem::ParseSmilesRaw(smiles);
  if (!mol) return false;
  unsigned failed = 0;
  RDKit::MolOps::sanitizeMol(*mol, failed,
                             RDKit::MolOps::SANITIZE_CLEANUP | RDKit::MolOps::SANITIZE_PROPERTIES);
  if (!screen::KekulisesSurely(*mol)) return false;
  RDKit::MolOps::Kekulize(*mol);  // throws if the shortcut were wrong
  return true;
}

// CanHavePi names every atom that carries a multiple or aromatic bond in
// any tautomer the standardiser could pick: any of RDKit's enumerated
// tautomers (its default catalogue, the standardiser's bounds) that keeps
// the input's aromatic bonds aromatic. Checked against RDKit itself on the
// neutral single molecules of the committed background sample and of the
// fast-path candidates (4-substituted piperidines, where a C4 that cannot
// carry a double bond rules out the enamine and enol ether anchors).
TEST(StandardisationEffects, CanHavePiCoversEveryPickableTautomer) {
  namespace ms = RDKit::MolStandardize;
  ms::CleanupParameters params;
  params.maxTautomers = 50;
  params.maxTransforms = 50;
  std::unique_ptr<ms::TautomerEnumerator> enumerator(ms::tautomerEnumeratorFromParams(params));
  size_t checked = 0, shifted = 0;
  for (const char* file : {"/background-sample.smi", "/fast-path-candidates.smi"})
    for (auto& r : ReadRecords(std::string(PC_TEST_DATA_DIR) + file)) {
      auto parsed = chem::ParseSmiles(r.text);
      if (!parsed) continue;
      const RDKit::ROMol& mol = *parsed.mol;
      std::vector<int> fragment_of;
      if (RDKit::MolOps::getMolFrags(mol, fragment_of) != 1) continue;
      bool settled = true;
      for (const auto* atom : mol.atoms()) {
        switch (atom->getAtomicNum()) {
          case 1: case 5: case 6: case 7: case 8: case 9: case 14: case 15: case 16: case 17:
          case 34: case 35: case 52: case 53: break;
          default: settled = false;
        }
        if (atom->getFormalCharge() != 0) settled = false;
      }
      if (!settled) continue;
      const auto reach = screen::CanHavePi(mol);
      std::vector<unsigned> aromatic;
      for (const auto* bond : mol.bonds())
        if (bond->getIsAromatic()) aromatic.push_back(bond->getIdx());
      for (const auto& tautomer : enumerator->enumerate(mol).tautomers()) {
        bool keeps = std::all_of(aromatic.begin(), aromatic.end(), [&](unsigned b) {
          return tautomer->getBondWithIdx(b)->getIsAromatic();
        });
        if (!keeps) continue;  // never picked (chem/standardize.h)
        ++shifted;
        // A double or triple bond, as an anchor's "=" or "#" asks; an
        // aromatic carbon (CanBeAromatic asks it of a ring's carbons).
        for (const auto* bond : tautomer->bonds()) {
          const bool multiple = !bond->getIsAromatic() && (bond->getBondType() == RDKit::Bond::DOUBLE ||
                                                           bond->getBondType() == RDKit::Bond::TRIPLE);
          for (const auto* atom : {bond->getBeginAtom(), bond->getEndAtom()})
            if (multiple || (bond->getIsAromatic() && atom->getAtomicNum() == 6))
              EXPECT_TRUE(reach.pi[atom->getIdx()])
                  << r.text << ": atom " << atom->getIdx() << " has a multiple bond in "
                  << RDKit::MolToSmiles(*tautomer);
        }
      }
      ++checked;
    }
  EXPECT_GT(checked, 2500u);
  EXPECT_GT(shifted, checked);  // many have several tautomers
}

TEST(SureKekule, LoneAndFusedPairsOfSmallRings) {
  for (const char* s : {"c1ccccc1", "Cc1ccncc1", "c1cnccn1", "c1ccoc1", "c1ccsc1", "c1cc[nH]c1",
                        "Cn1cccc1", "c1cnc[nH]1", "c1nnn[nH]1", "c1ccc2ccccc2c1", "c1ccc2ncccc2c1",
                        "c1ccc2[nH]ccc2c1", "c1ccc2occc2c1", "c1ccn2cccc2c1", "c1ncc2nc[nH]c2n1",
                        "c1ccc2[nH]cnc2c1", "c1ccccc1-c1ccc2sccc2c1", "[2H]c1ccccc1", "[H]c1ccccc1",
                        "CCO", "C1=CC=CC=C1"})
    EXPECT_TRUE(SureAndRight(s)) << s;
  // Other systems (and invalid ones) are left to kekulisation.
  for (const char* s : {"c1cccc1", "c1cc[n]c1", "o1ccoc1", "c1ccocc1", "[nH]1ccccc1", "c1cc[cH2]cc1",
                        "O=c1cccc[nH]1", "c1ccc(=O)cc1", "[c-]1cccc1", "c1cc[n+](C)cc1",
                        "c1ccc2cc3ccccc3cc2c1", "c1ccc2cccc2cc1", "c1ccc2c(c1)ccc1ccccc12",
                        "c1ccc2ccc[nH]c2c1", "c1cc2ccc3cccc4ccc(c1)c2c34", "c1ccc[c]c1"})
    EXPECT_FALSE(SureAndRight(s)) << s;
  // On the background sample it is never wrong (SureAndRight would throw),
  // and it spares most molecules the kekulisation.
  size_t sure = 0, total = 0;
  for (auto& r : ReadRecords(std::string(PC_TEST_DATA_DIR) + "/background-sample.smi")) {
    ++total;
    try {
      sure += SureAndRight(r.text);
    } catch (const std::exception& e) {
      ADD_FAILURE() << r.text << ": " << e.what();
    }
  }
  EXPECT_GT(sure, total / 2);
}

class FixedAnchors : public rules::Rule {
 public:
  FixedAnchors(std::vector<std::shared_ptr<const RDKit::ROMol>> anchors, bool whole)
      : anchors_(std::move(anchors)), whole_(whole) {}
  void Evaluate(const chem::StandardForm&, const rules::Query&, rules::Results&) const override {}
  std::vector<std::shared_ptr<const RDKit::ROMol>> Anchors() const override { return anchors_; }
  bool AnchorsAreWholeMolecules() const override { return whole_; }

 private:
  std::vector<std::shared_ptr<const RDKit::ROMol>> anchors_;
  bool whole_;
};

std::vector<std::unique_ptr<rules::Rule>> RulesWith(std::vector<std::shared_ptr<const RDKit::ROMol>> a,
                                                    bool whole = false) {
  std::vector<std::unique_ptr<rules::Rule>> rules;
  rules.push_back(std::make_unique<FixedAnchors>(std::move(a), whole));
  return rules;
}

TEST(FastPath, DerivedFromAnyRulesAnchors) {
  // A rule without anchors could match anything: the fast path is off.
  EXPECT_FALSE(screen::FastPath(RulesWith({})).enabled());

  // A SMARTS anchor whose atom is "N or O": neither element is required,
  // a ring with O must not be ruled out, one with neither may.
  std::shared_ptr<const RDKit::ROMol> either(RDKit::SmartsToMol("[N,O]1CCCCC1"));
  screen::FastPath smarts(RulesWith({either}));
  ASSERT_TRUE(smarts.enabled());
  EXPECT_FALSE(smarts.SettlesClear("C1CCOCC1", {}));
  EXPECT_FALSE(smarts.SettlesClear("C1CCNCC1", {}));
  EXPECT_TRUE(smarts.SettlesClear("C1CCCCC1", {}));
  EXPECT_TRUE(smarts.SettlesClear("C1CCCC1", {}));
  // A recursive SMARTS atom limits nothing: any element may stand there.
  std::shared_ptr<const RDKit::ROMol> recursive(RDKit::SmartsToMol("[$([N,O])]1CCCCC1"));
  EXPECT_FALSE(screen::FastPath(RulesWith({recursive})).SettlesClear("C1CCCCC1", {}));

  // Saturated-carbon atoms ("[#6X4]", as in the family scaffolds): an
  // aromatic ring would need hydrogens the molecule has none of to spare.
  std::shared_ptr<const RDKit::ROMol> piperidine(
      RDKit::SmartsToMol("[#7X3;R]1-[#6X4;R]-[#6X4;R]-[#6;R]-[#6X4;R]-[#6X4;R]-1"));
  screen::FastPath saturated(RulesWith({piperidine}));
  EXPECT_FALSE(saturated.SettlesClear("C1CCNCC1", {}));
  EXPECT_FALSE(saturated.SettlesClear("CC1CCNCC1", {}));
  EXPECT_FALSE(saturated.SettlesClear("C1CC=CCN1", {}));  // hydrogens to spare nearby
  EXPECT_TRUE(saturated.SettlesClear("c1ccncc1", {}));
  EXPECT_TRUE(saturated.SettlesClear("Oc1ccncc1", {}));
  EXPECT_TRUE(smarts.SettlesClear("CCOCC", {}));

  // Tautomeric or charged forms of an anchor's graph are not ruled out:
  // standardisation may change bond orders and charges. An aromatic ring
  // stays aromatic, unless a charge or metal in its fragment could change it.
  std::shared_ptr<const RDKit::ROMol> piperidone(RDKit::SmilesToMol("O=C1CCNCC1"));
  screen::FastPath plain(RulesWith({piperidone}));
  EXPECT_FALSE(plain.SettlesClear("OC1=CCNCC1", {}));  // the enol
  EXPECT_TRUE(plain.SettlesClear("Oc1ccncc1", {}));
  EXPECT_TRUE(plain.SettlesClear("OC1=CC=NC=C1", {}));  // the same, as Kekule
  // A charged input is judged as the full pipeline has it just before the
  // tautomer step: this zwitterion is neutralised to a hydroxypyridine, but
  // an enolate to the enol of the anchor.
  EXPECT_TRUE(plain.SettlesClear("[O-]c1cc[nH+]cc1", {}));
  EXPECT_FALSE(plain.SettlesClear("[Na+].[O-]C1=CCNCC1", {}));
  EXPECT_FALSE(plain.SettlesClear("[O-]C1=CC[NH2+]CC1", {}));
  EXPECT_TRUE(plain.SettlesClear("[O-][N+](=O)CCOc1ccncc1", {}));  // a nitro group changes nothing
  EXPECT_FALSE(plain.SettlesClear("O=C1CC[NH2+]CC1", {}));
  EXPECT_TRUE(plain.SettlesClear("O=C1CCCCC1", {}));
  EXPECT_TRUE(plain.SettlesClear("CCN", {}));
  // Valence: standardisation keeps bonds, so the anchor's C=O cannot lie on
  // a carbon with four neighbours or an ether oxygen.
  EXPECT_TRUE(plain.SettlesClear("CC1(O)CCNCC1", {}));
  EXPECT_TRUE(plain.SettlesClear("COC1CCNCC1", {}));

  // "D" (heavy neighbours) and "R" (ring atom) hold in the input too:
  // standardisation adds no bond and removes none between organic atoms.
  std::shared_ptr<const RDKit::ROMol> hydroxy(
      RDKit::SmartsToMol("[#7;R]1-[#6;R]-[#6;R]-[#6;R](~[#8;D1])-[#6;R]-[#6;R]-1"));
  screen::FastPath alcohol(RulesWith({hydroxy}));
  EXPECT_FALSE(alcohol.SettlesClear("OC1CCNCC1", {}));
  EXPECT_TRUE(alcohol.SettlesClear("COC1CCNCC1", {}));
  std::shared_ptr<const RDKit::ROMol> anilino(
      RDKit::SmartsToMol("[#7;R]1-[#6;R]-[#6;R]-[#6;R](~[#7]~[*;R])-[#6;R]-[#6;R]-1"));
  screen::FastPath aryl_amine(RulesWith({anilino}));
  EXPECT_FALSE(aryl_amine.SettlesClear("c1ccccc1NC1CCNCC1", {}));
  EXPECT_TRUE(aryl_amine.SettlesClear("CNC1CCNCC1", {}));
  EXPECT_TRUE(aryl_amine.SettlesClear("c1ccccc1Nc1ccncc1", {}));  // a pyridine, not a piperidine
  // The anchor's C=O needs a carbon that can carry a multiple bond in the
  // standard form: an alcohol's carbon, with no unsaturated neighbour,
  // cannot (no tautomer shift reaches it; CanHavePi), a hydrate's can.
  EXPECT_TRUE(plain.SettlesClear("OC1CCNCC1", {}));
  // The salt is removed before anything else is done to the ether.
  EXPECT_TRUE(plain.SettlesClear("COC1CCNCC1.[Na+].[Cl-]", {}));
  EXPECT_FALSE(plain.SettlesClear("OC1(O)CCNCC1", {}));  // a hydrate loses a bond
  EXPECT_FALSE(plain.TextMayMatch("CCO"));  // no nitrogen letter
  EXPECT_TRUE(plain.TextMayMatch("[#7]CC"));
}

TEST(FastPath, AromaticAtomsOfAnAnchor) {
  // "a" (as in the conversion anchor's anilino group): an input atom that
  // is aromatic, or could become so through a tautomer shift, may carry it;
  // a carbon no shift can give a multiple bond may not.
  std::shared_ptr<const RDKit::ROMol> anilino(
      RDKit::SmartsToMol("[#7;R]1-[#6;R]-[#6;R]-[#6;R](~[#7]~[a])-[#6;R]-[#6;R]-1"));
  screen::FastPath aryl(RulesWith({anilino}));
  EXPECT_FALSE(aryl.SettlesClear("c1ccccc1NC1CCNCC1", {}));
  EXPECT_FALSE(aryl.SettlesClear("c1ccncc1NC1CCNCC1", {}));
  EXPECT_TRUE(aryl.SettlesClear("C1CCCCC1NC1CCNCC1", {}));
  EXPECT_TRUE(aryl.SettlesClear("C1CCN(CC1)C1CCNCC1", {}));
  // A cyclopropyl next to a phenyl: the phenyl's carbons hold no heteroatom
  // to take a hydrogen, so no shift reaches the ring.
  EXPECT_TRUE(aryl.SettlesClear("c1ccccc1C1CC1NC1CCNCC1", {}));
  // A cyclohexadienone is a phenol's tautomer: not ruled out, when RDKit's
  // 1,5 keto/enol rule can take the hydrogen of its CH2...
  EXPECT_FALSE(aryl.SettlesClear("O=C1C=C(NC2CCNCC2)CC=C1", {}));
  // ... but that rule asks for a donor carbon with no heteroatom neighbour:
  // with the amine on that carbon RDKit keeps the dienone.
  EXPECT_TRUE(aryl.SettlesClear("O=C1C=CC(NC2CCNCC2)C=C1", {}));
  // A carbon gives a hydrogen only to a chain Y=..=Z starting at a carbon
  // next to it (or a nitroso nitrogen) and ending at a heteroatom one bond
  // along, or three or five for a carbon with no heteroatom neighbour. A
  // pyrrolidine beside an N-linked pyrazole (whose n has three heavy
  // neighbours) or an amide's nitrogen (its oxygen two bonds along) stays
  // saturated, and so does the C4 of a 4-amidopiperidine, whose nitrogen
  // neighbour rules out the longer shifts.
  EXPECT_TRUE(aryl.SettlesClear("C1N(CC(n2cccn2)C1)C1CCNCC1", {}));
  EXPECT_TRUE(aryl.SettlesClear("O=C(c1ccccc1)NC1CN(CC1)C1CCNCC1", {}));
  // A cyclohexanone is not: hydrogen shifts move its one C=O, and a benzene
  // ring needs three multiple bonds. Nor can an acetyl group's make a
  // piperidine aromatic.
  EXPECT_TRUE(aryl.SettlesClear("O=C1CCC(NC2CCNCC2)CC1", {}));
  EXPECT_TRUE(aryl.SettlesClear("CC(=O)C1CCN(CC1)C1CCNCC1", {}));
  // An amine salt's charge changes nothing but a proton. Other charges, or
  // a metal, may change a ring: such an input is judged as the standardiser
  // leaves it before the tautomer step (a zwitterion neutralised), and a
  // charge that stays there (an N-oxide's) rules nothing out.
  EXPECT_TRUE(aryl.SettlesClear("C1CCCCC1NC1CC[NH2+]CC1.[Cl-]", {}));
  EXPECT_TRUE(aryl.SettlesClear("C1CCCCC1NC1CC[NH2+]CC1C(=O)[O-]", {}));
  EXPECT_FALSE(aryl.SettlesClear("C1CCCC[N+]1([O-])C1CCNCC1", {}));

  // "c" in a plain anchor is aromatic too: a plain aromatic bond matches
  // only an aromatic bond.
  std::shared_ptr<const RDKit::ROMol> four_ap(RDKit::SmilesToMol("c1ccccc1NC1CCNCC1"));
  screen::FastPath listed(RulesWith({four_ap}));
  EXPECT_FALSE(listed.SettlesClear("c1ccccc1NC1CCNCC1", {}));
  EXPECT_TRUE(listed.SettlesClear("C1CCCCC1NC1CCNCC1", {}));
  // "R1" on every atom of a ring (a monocycle, as the class definitions'
  // aromatic monocycle on the amide nitrogen): a settled fragment keeps its
  // rings, so a fused ring system cannot carry it.
  std::shared_ptr<const RDKit::ROMol> monocycle(RDKit::SmartsToMol(
      "[#7;R]1-[#6;R]-[#6;R]-[#6;R](~[#7]~[a;R1]2~[a;R1]~[a;R1]~[a;R1]~[a;R1]~[a;R1]~2)-[#6;R]-[#6;R]-1"));
  screen::FastPath mono(RulesWith({monocycle}));
  EXPECT_FALSE(mono.SettlesClear("c1ccccc1NC1CCNCC1", {}));
  EXPECT_FALSE(mono.SettlesClear("c1ccc(-c2ccccc2)cc1NC1CCNCC1", {}));
  EXPECT_TRUE(mono.SettlesClear("c1ccc2ccccc2c1NC1CCNCC1", {}));
  EXPECT_TRUE(mono.SettlesClear("c1ccc2cc(NC3CCNCC3)ccc2c1", {}));
  EXPECT_TRUE(mono.SettlesClear("c1ccc2cc(NC3CCNCC3)ccc2c1.[Na+]", {}));  // another fragment
  // A metal may break rings, but once it is disconnected this one has not.
  EXPECT_TRUE(mono.SettlesClear("c1ccc2cc(NC3CCN([Na])CC3)ccc2c1", {}));

  // "!R" (as the 4-AP family's anilino nitrogen): not an indoline's.
  std::shared_ptr<const RDKit::ROMol> open_chain(RDKit::SmartsToMol(
      "[#7;R]1-[#6;R]-[#6;R]-[#6;R](-[#7;!R]-c2ccccc2)-[#6;R]-[#6;R]-1"));
  screen::FastPath chain(RulesWith({open_chain}));
  EXPECT_FALSE(chain.SettlesClear("c1ccccc1NC1CCNCC1", {}));
  EXPECT_TRUE(chain.SettlesClear("C1Cc2ccccc2N1C1CCNCC1", {}));

  // A listing's anchors are whole molecules: a fragment of another size is
  // not the listed substance (but a hydrate may lose an OH, and a fragment
  // with a metal may split).
  std::shared_ptr<const RDKit::ROMol> npp(RDKit::SmilesToMol("O=C1CCN(CCc2ccccc2)CC1"));
  screen::FastPath listing(RulesWith({npp}, /*whole=*/true));
  EXPECT_FALSE(listing.SettlesClear("O=C1CCN(CCc2ccccc2)CC1", {}));
  EXPECT_FALSE(listing.SettlesClear("O=C1CCN(CCc2ccccc2)CC1.Cl", {}));
  EXPECT_FALSE(listing.SettlesClear("OC1(O)CCN(CCc2ccccc2)CC1", {}));
  EXPECT_TRUE(listing.SettlesClear("O=C1CCN(CCc2ccc(C)cc2)CC1", {}));
  EXPECT_FALSE(screen::FastPath(RulesWith({npp})).SettlesClear("O=C1CCN(CCc2ccc(C)cc2)CC1", {}));

  // The enamine anchor's C3=C4 (a masked 4-piperidone): the C4 of a 4-amido-
  // or 4-sulfonamidopiperidine cannot carry it; that of a 3-oxo-4-amino-
  // piperidine can (RDKit's enol, C4=C3-OH).
  std::shared_ptr<const RDKit::ROMol> enamine(
      RDKit::SmartsToMol("[#7;R]1-[#6;R]-[#6;R]=[#6;R](-[#7])-[#6;R]-[#6;R]-1"));
  screen::FastPath masked(RulesWith({enamine}));
  EXPECT_TRUE(masked.SettlesClear("CC(=O)NC1CCN(C)CC1", {}));
  EXPECT_TRUE(masked.SettlesClear("CS(=O)(=O)NC1CCN(C)CC1", {}));
  EXPECT_TRUE(masked.SettlesClear("O=C(NC1CCNCC1)c1ncccn1", {}));
  EXPECT_FALSE(masked.SettlesClear("CNC1CCNCC1=O", {}));

  // "C" is aliphatic: an aromatic ring stays aromatic.
  std::shared_ptr<const RDKit::ROMol> aliphatic(RDKit::SmartsToMol("C1CCNCC1"));
  screen::FastPath ring(RulesWith({aliphatic}));
  EXPECT_FALSE(ring.SettlesClear("C1CCNCC1", {}));
  EXPECT_TRUE(ring.SettlesClear("c1ccncc1", {}));
}

// ---- the program, end to end ----

// Every file Tmp() names, removed when the tests end.
std::vector<std::string>& TmpFiles() {
  static std::vector<std::string> files;
  return files;
}

class RemoveTmpFiles : public ::testing::Environment {
 public:
  void TearDown() override {
    for (const auto& f : TmpFiles()) std::remove(f.c_str());
  }
};
[[maybe_unused]] ::testing::Environment* const kRemoveTmpFiles =
    ::testing::AddGlobalTestEnvironment(new RemoveTmpFiles);

std::string Tmp(const std::string& name) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string path =
      ::testing::TempDir() + "pc-tp-" + test->name() + "-" + std::to_string(::getpid()) + "-" + name;
  TmpFiles().push_back(path);
  return path;
}

struct Result {
  int exit_code;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result Program(const std::string& args, const std::string& stdin_path = "/dev/null") {
  std::string out = Tmp("out"), err = Tmp("err");
  std::string cmd = std::string(PC_BINARY) + " " + args + " > " + out + " 2> " + err + " < " + stdin_path;
  int status = std::system(cmd.c_str());
  return {WEXITSTATUS(status), Slurp(out), Slurp(err)};
}

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream ss(out);
  std::string line;
  while (std::getline(ss, line)) v.push_back(nlohmann::json::parse(line));  // throws if cut
  return v;
}

std::string Sample() { return std::string(PC_TEST_DATA_DIR) + "/background-sample.smi"; }

// The first n lines of the sample, plus a few controlled records.
std::string SmallInput(size_t n) {
  std::ifstream in(Sample());
  std::string path = Tmp("small.smi"), line;
  std::ofstream out(path);
  out << "O=C1CCNCC1\tpiperidone\n";
  for (size_t i = 0; i < n && std::getline(in, line); ++i) out << line << "\n";
  out << "4-AP\tname\nC1CC(\tbroken\n";
  return path;
}

TEST(Bulk, CompressedInputGivesTheSameOutput) {
  std::string plain = SmallInput(200);
  auto expected = Program("screen --as-of 2026-01-01 " + plain);
  ASSERT_EQ(Lines(expected.out).size(), 203u);
  std::string gz = Tmp("in.smi.gz"), zst = Tmp("in.smi.zst"), hidden = Tmp("in.txt");
  ASSERT_EQ(std::system(("gzip -c " + plain + " > " + gz).c_str()), 0);
  ASSERT_EQ(std::system(("zstd -q -c " + plain + " > " + zst).c_str()), 0);
  ASSERT_EQ(std::system(("zstd -q -c " + plain + " > " + hidden).c_str()), 0);  // by magic bytes
  for (const auto& file : {gz, zst, hidden}) {
    auto r = Program("screen --as-of 2026-01-01 " + file);
    EXPECT_EQ(r.out, expected.out) << file;
    EXPECT_EQ(r.exit_code, expected.exit_code) << file;
  }
  // Standard input works compressed too.
  EXPECT_EQ(Program("screen --as-of 2026-01-01 -", zst).out, expected.out);
}

TEST(Bulk, CsvWithNamedColumns) {
  std::string corpus = std::string(PC_TEST_DATA_DIR) + "/corpus/precursors.csv";
  auto r = Program("screen --as-of 2026-01-01 --jurisdiction US --smiles-column smiles --id-column id " + corpus);
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 20u);
  EXPECT_EQ(lines[0]["id"], "R0001");
  EXPECT_EQ(lines[0]["input"], "c1ccc(CCN2CCC(Nc3ccccc3)CC2)cc1");
  EXPECT_EQ(lines[1]["verdict"], "controlled");  // NPP

  std::string csv = Tmp("q.csv");
  std::ofstream(csv) << "name,Structure,code\n\"ethanol, dry\",CCO,e1\n\"a \"\"quoted\"\"\nname\","
                        "O=C1CCNCC1,p1\nshort\n";
  auto q = Lines(Program("screen --as-of 2026-01-01 --smiles-column structure --id-column code " + csv).out);
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0]["id"], "e1");
  EXPECT_EQ(q[0]["verdict"], "clear");
  EXPECT_EQ(q[1]["id"], "p1");
  EXPECT_EQ(q[1]["verdict"], "controlled");
  EXPECT_EQ(q[2]["status"], "error");

  auto missing = Program("screen --smiles-column nope " + csv);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no column 'nope'"), std::string::npos) << missing.err;
}

TEST(Bulk, OutputKeepsInputOrderWithSeveralWorkers) {
  std::string path = SmallInput(600);
  auto one = Program("screen --as-of 2026-01-01 --jobs 1 " + path);
  auto two = Program("screen --as-of 2026-01-01 --jobs 2 " + path);
  auto many = Program("screen --as-of 2026-01-01 --jobs 7 --format csv " + path);
  EXPECT_EQ(one.out, two.out);
  auto lines = Lines(two.out);
  ASSERT_EQ(lines.size(), 603u);
  EXPECT_EQ(lines.front()["id"], "piperidone");
  EXPECT_EQ(lines.back()["id"], "broken");
  EXPECT_EQ(std::count(many.out.begin(), many.out.end(), '\n'), 604);
  // A summary on stderr.
  EXPECT_NE(two.err.find("603 records"), std::string::npos) << two.err;
  EXPECT_NE(two.err.find("1 errors"), std::string::npos) << two.err;
}

TEST(Bulk, NoFastPathGivesTheSameOutput) {
  std::string path = SmallInput(300);
  auto on = Program("screen --as-of 2026-01-01 " + path);
  auto off = Program("screen --as-of 2026-01-01 --no-fast-path " + path);
  EXPECT_EQ(on.out, off.out);
  // --structures reports the standardised structure of clear records too.
  auto full = Lines(Program("screen --as-of 2026-01-01 --structures " + path).out);
  EXPECT_TRUE(full.at(1).contains("structure"));
  EXPECT_FALSE(Lines(on.out).at(1).contains("structure"));
  EXPECT_TRUE(Lines(on.out).at(0).contains("structure"));  // controlled: shows its evidence
}

// A cut compressed file: every line written is a complete record, the
// records are a prefix of the whole file's, and the program says why.
void ExpectCleanPrefix(const Result& r, const std::vector<nlohmann::json>& whole) {
  std::vector<nlohmann::json> lines;
  ASSERT_NO_THROW(lines = Lines(r.out)) << "a cut line in the output";
  ASSERT_LE(lines.size(), whole.size());
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], whole[i]) << i;
}

// Corrupt data is noticed where the format can notice it: deflate may
// decode damaged bytes into garbage text (read as error records) until the
// checksum at the end; either way every line written is complete.
void ExpectCompleteLines(const Result& r) {
  ASSERT_NO_THROW(Lines(r.out)) << "a cut line in the output";
  EXPECT_TRUE(r.out.empty() || r.out.back() == '\n');
}

TEST(Bulk, TruncatedOrCorruptCompressedInput) {
  std::string plain = SmallInput(1500);
  auto whole = Lines(Program("screen --as-of 2026-01-01 " + plain).out);
  for (std::string tool : {"gzip", "zstd"}) {
    std::string packed = Tmp("in.smi." + std::string(tool == "gzip" ? "gz" : "zst"));
    ASSERT_EQ(std::system((tool + " -q -c " + plain + " > " + packed).c_str()), 0);
    std::string data = Slurp(packed);

    std::string cut = Tmp("cut-" + tool + (tool == "gzip" ? ".gz" : ".zst"));
    std::ofstream(cut, std::ios::binary) << data.substr(0, data.size() / 2);
    auto r = Program("screen --as-of 2026-01-01 " + cut);
    EXPECT_EQ(r.exit_code, 2) << tool;
    EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
    ExpectCleanPrefix(r, whole);

    std::string bad = data;
    for (size_t i = bad.size() / 3; i < bad.size() / 3 + 64; ++i) bad[i] = char(bad[i] ^ 0x5a);
    std::string corrupt = Tmp("bad-" + tool + (tool == "gzip" ? ".gz" : ".zst"));
    std::ofstream(corrupt, std::ios::binary) << bad;
    auto c = Program("screen --as-of 2026-01-01 " + corrupt);
    EXPECT_EQ(c.exit_code, 2) << tool;
    EXPECT_NE(c.err.find("corrupt"), std::string::npos) << c.err;
    ExpectCompleteLines(c);
  }
  // Not compressed at all, though the name says so.
  std::string fake = Tmp("fake.gz");
  std::ofstream(fake, std::ios::binary) << std::string("\x01\x02garbage\x00\xff", 11);
  auto f = Program("screen " + fake);
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.err.find("not gzip data"), std::string::npos) << f.err;
}

TEST(Bulk, InterruptLeavesAValidTruncatedOutput) {
  // Enough slow records (full pipeline) that the run is still going when
  // interrupted; the assertions hold whenever the signal arrives.
  std::string path = Tmp("many.smi");
  {
    std::ofstream out(path);
    std::string sample = Slurp(Sample());
    for (int i = 0; i < 20; ++i) out << sample;
  }
  std::string out_path = Tmp("int.out");
  pid_t pid = fork();
  if (pid == 0) {
    int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 2);
    ::execl(PC_BINARY, PC_BINARY, "screen", "--no-fast-path", "--as-of", "2026-01-01",
            path.c_str(), (char*)nullptr);
    _exit(127);
  }
  // Interrupt once output has begun (the handler is installed by then),
  // whatever the machine's load.
  for (int i = 0; i < 600 && Slurp(out_path).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal, not a clean stop";
  EXPECT_TRUE(WEXITSTATUS(status) == 130 || WEXITSTATUS(status) == 0) << WEXITSTATUS(status);
  std::string out = Slurp(out_path);
  EXPECT_TRUE(out.empty() || out.back() == '\n');
  std::vector<nlohmann::json> lines;
  ASSERT_NO_THROW(lines = Lines(out));
  // In input order: the sample's ids, from the start.
  auto records = ReadRecords(Sample());
  for (size_t i = 0; i < lines.size(); ++i)
    ASSERT_EQ(lines[i]["id"], records[i % records.size()].id) << i;
}

}  // namespace
}  // namespace pc
