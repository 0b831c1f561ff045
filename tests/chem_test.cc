// Chemistry primitives: CAS check digits, name normalisation, parsing limits
// and standardisation to parent structures.
#include <fstream>

#include <GraphMol/MolStandardize/Metal.h>
#include <GraphMol/MolStandardize/Normalize.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <GraphMol/Substruct/SubstructMatch.h>
#include <gtest/gtest.h>

#include "chem/cas.h"
#include "chem/molecule.h"
#include "chem/names.h"
#include "chem/search_order.h"
#include "chem/standardize.h"

namespace pc::chem {
namespace {

TEST(Cas, ChecksDigit) {
  EXPECT_EQ(ValidCas("437-38-7"), "437-38-7");          // fentanyl
  EXPECT_EQ(ValidCas("125541-22-2"), "125541-22-2");    // 1-boc-4-AP
  EXPECT_EQ(ValidCas("0437-38-7"), "437-38-7");         // leading zero
  EXPECT_FALSE(ValidCas("437-38-8"));
  EXPECT_EQ(CasExpectedCheckDigit("437-38-8"), 7);
  EXPECT_FALSE(LooksLikeCas("43-7-38-7"));
  EXPECT_FALSE(LooksLikeCas("CCO"));
  EXPECT_TRUE(LooksLikeCas("123-45-6"));
}

TEST(Names, FoldsCaseSpacingHyphensGreekAndSalts) {
  NameNormalizer n({"citrate", "hydrochloride", "monohydrate"});
  EXPECT_EQ(n.Normalize("α-Methylfentanyl").key, n.Normalize("alpha methyl fentanyl").key);
  EXPECT_EQ(n.Normalize("N‐Phenethyl–4-piperidone").key, n.Normalize("n-phenethyl-4-piperidone").key);
  auto salt = n.Normalize("Fentanyl Citrate");
  EXPECT_EQ(salt.key, "fentanyl");
  EXPECT_EQ(salt.salt_words, std::vector<std::string>{"citrate"});
  auto two = n.Normalize("4-piperidone hydrochloride monohydrate");
  EXPECT_EQ(two.key, "4piperidone");
  EXPECT_EQ(two.salt_words.size(), 2u);
  // A salt word alone is a name, not an empty key.
  EXPECT_EQ(n.Normalize("citrate").key, "citrate");
  // Locants keep their commas: 2,3- and 23- are different names.
  EXPECT_NE(n.Normalize("2,3-dimethyl").key, n.Normalize("23-dimethyl").key);
}

TEST(Parse, ReportsReasons) {
  EXPECT_TRUE(ParseSmiles("CCO"));
  auto bad = ParseSmiles("C1CC(");
  EXPECT_FALSE(bad);
  EXPECT_NE(bad.error.find("malformed SMILES"), std::string::npos);
  auto valence = ParseSmiles("C(C)(C)(C)(C)C");
  EXPECT_FALSE(valence);
  EXPECT_NE(valence.error.find("valence"), std::string::npos);
  EXPECT_FALSE(ParseSmiles(""));
}

TEST(Parse, BoundsSize) {
  std::string huge;
  for (int i = 0; i < 2000; ++i) huge += "C";
  auto r = ParseSmiles(huge);
  EXPECT_FALSE(r);
  EXPECT_NE(r.error.find("too large"), std::string::npos);
  ParseLimits tight;
  tight.max_text_bytes = 10;
  EXPECT_NE(ParseSmiles("CCCCCCCCCCCC", tight).error.find("too long"), std::string::npos);
}

StandardForm Std(const std::string& smiles) {
  static Standardizer standardizer;
  auto p = ParseSmiles(smiles);
  EXPECT_TRUE(p) << smiles << ": " << p.error;
  return standardizer.Standardize(*p.mol);
}

TEST(Standardize, SaltsBecomeTheirParent) {
  auto base = Std("O=C1CCN(CCc2ccccc2)CC1");
  auto salt = Std("O=C1CC[NH+](CCc2ccccc2)CC1.[Cl-]");
  ASSERT_EQ(salt.components.size(), 1u);
  EXPECT_EQ(salt.components[0].skeleton_key, base.components[0].skeleton_key);
  EXPECT_TRUE(salt.is_derived_form());
  EXPECT_FALSE(base.is_derived_form());
  // A citrate salt: the counter-ion is larger than 4-piperidone itself, yet
  // both are kept as components, so the listed one is still found.
  auto citrate = Std("O=C1CCNCC1.OC(=O)CC(O)(CC(=O)O)C(=O)O");
  bool found = false;
  for (const auto& c : citrate.components) found |= c.skeleton_key == Std("O=C1CCNCC1").components[0].skeleton_key;
  EXPECT_TRUE(found);
}

TEST(Standardize, HydratesAndTautomers) {
  auto ketone = Std("O=C1CCNCC1").components[0].skeleton_key;
  auto gem_diol = Std("OC1(O)CCNCC1.Cl");
  EXPECT_TRUE(gem_diol.hydrate_reduced);
  EXPECT_EQ(gem_diol.components[0].skeleton_key, ketone);
  EXPECT_EQ(Std("OC1=CCNCC1").components[0].skeleton_key, ketone);  // enol
  auto water = Std("O=C1CCNCC1.O");
  EXPECT_EQ(water.removed_fragments, std::vector<std::string>{"O"});
}

TEST(Standardize, IsotopesAndStereoLeaveTheSkeleton) {
  auto plain = Std("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1").components[0];
  auto d5 = Std("CCC(=O)N(c1c([2H])c([2H])c([2H])c([2H])c1[2H])C1CCN(CCc2ccccc2)CC1").components[0];
  EXPECT_TRUE(d5.has_isotopes);
  EXPECT_EQ(d5.skeleton_key, plain.skeleton_key);
  auto cis = Std("CCC(=O)N(c1ccccc1)[C@@H]1CCN(CCc2ccccc2)C[C@@H]1C").components[0];
  auto any = Std("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C").components[0];
  EXPECT_TRUE(cis.has_stereo);
  EXPECT_EQ(cis.skeleton_key, any.skeleton_key);
  EXPECT_NE(cis.stereo_key, any.stereo_key);
}

// The component keys are taken from the SMILES when the molecule has no
// isotopes, hydrogen atoms or stereo: they must be what the key functions give.
TEST(Standardize, KeysAgreeWithTheKeyFunctions) {
  std::ifstream in(std::string(PC_TEST_DATA_DIR) + "/background-sample.smi");
  std::string line;
  int checked = 0;
  while (std::getline(in, line) && checked < 400) {
    auto p = ParseSmiles(line.substr(0, line.find('\t')));
    if (!p) continue;
    for (const auto& c : Std(line.substr(0, line.find('\t'))).components) {
      EXPECT_EQ(c.stereo_key, StereoKey(*c.mol)) << line;
      EXPECT_EQ(c.skeleton_key, SkeletonKey(*c.mol)) << line;
      EXPECT_EQ(c.smiles, RDKit::MolToSmiles(*c.mol, true)) << line;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 400);
}

// A ring aromatic as entered stays aromatic: the tautomer step keeps the
// input's aromatic bonds (the screening fast path relies on it).
TEST(Standardize, AromaticRingsStayAromatic) {
  for (const char* smiles : {"Oc1ccncc1", "O=c1cc[nH]cc1", "Oc1cc(O)nc(O)c1", "Nc1ccncc1",
                             "O=c1cc[nH]c2ccccc12"}) {
    auto parsed = ParseSmiles(smiles);
    ASSERT_TRUE(parsed) << smiles;
    size_t aromatic_in = 0, aromatic_out = 0;
    for (const auto* b : parsed.mol->bonds()) aromatic_in += b->getIsAromatic();
    auto form = Std(smiles);
    ASSERT_EQ(form.components.size(), 1u) << smiles;
    for (const auto* b : form.components[0].mol->bonds()) aromatic_out += b->getIsAromatic();
    EXPECT_EQ(aromatic_out, aromatic_in) << smiles;
  }
}

// RDKit's metal disconnector and normaliser are not run on a single neutral
// molecule of H, C, N, O and halogens without a nitrogen that has two double
// bonds, is aromatic with a double bond or is triple-bonded to another: none
// of their patterns can match it. Checked against RDKit itself on the
// sample's molecules of those elements; and a sulfoxide, which has no charge,
// still gets the normaliser's charge-separated form.
TEST(Standardize, NormaliserLeavesPlainMoleculesAlone) {
  RDKit::MolStandardize::MetalDisconnector disconnector;
  RDKit::MolStandardize::Normalizer normaliser;
  std::ifstream in(std::string(PC_TEST_DATA_DIR) + "/background-sample.smi");
  std::string line;
  int plain = 0;
  while (std::getline(in, line)) {
    std::string smiles = line.substr(0, line.find('\t'));
    if (smiles.find_first_not_of("CNOFIlBrcno()[]=#@/\\H0123456789%") != std::string::npos ||
        smiles.find('.') != std::string::npos)
      continue;
    auto p = ParseSmiles(smiles);
    if (!p) continue;
    RDKit::RWMol work(*p.mol);
    disconnector.disconnect(work);
    std::unique_ptr<RDKit::ROMol> normal(normaliser.normalize(work));
    EXPECT_EQ(RDKit::MolToSmiles(*normal), RDKit::MolToSmiles(*p.mol)) << smiles;
    ++plain;
  }
  EXPECT_GT(plain, 500);
  EXPECT_EQ(Std("CS(C)=O").components[0].smiles, "C[S+](C)[O-]");
}

TEST(Standardize, InorganicOnlyIsKeptNotDropped) {
  auto salt = Std("[Na+].[Cl-]");
  EXPECT_TRUE(salt.error.empty());
  EXPECT_FALSE(salt.components.empty());
}

// A query in search order starts from its rarest atom and matches exactly
// the molecules the query as written matches.
TEST(SearchOrder, StartsFromTheRarestAtomAndMatchesTheSame) {
  std::unique_ptr<RDKit::ROMol> query(RDKit::SmartsToMol("[#6]~[#6]~[#6](~[#8])~[#6]~[#17]"));
  auto ordered = InSearchOrder(*query);
  ASSERT_EQ(ordered->getNumAtoms(), query->getNumAtoms());
  EXPECT_EQ(ordered->getAtomWithIdx(0)->getAtomicNum(), 17);
  // Breadth first: each later atom is bonded to one placed before it.
  for (unsigned k = 1; k < ordered->getNumAtoms(); ++k) {
    bool joined = false;
    for (const auto* nb : ordered->atomNeighbors(ordered->getAtomWithIdx(k))) joined |= nb->getIdx() < k;
    EXPECT_TRUE(joined) << k;
  }
  for (const char* smiles : {"CCC(O)CCl", "CCC(=O)CCl", "CCC(Cl)CO", "ClCCCC", "c1ccccc1C(O)CCl", "CCCCO"}) {
    std::unique_ptr<RDKit::ROMol> mol(RDKit::SmilesToMol(smiles));
    RDKit::MatchVectType a, b;
    EXPECT_EQ(RDKit::SubstructMatch(*mol, *query, a), RDKit::SubstructMatch(*mol, *ordered, b)) << smiles;
  }
  // A disconnected query keeps its order.
  std::unique_ptr<RDKit::ROMol> split(RDKit::SmartsToMol("[#6]~[#6].[#7]"));
  EXPECT_EQ(InSearchOrder(*split)->getAtomWithIdx(0)->getAtomicNum(), 6);
}

}  // namespace
}  // namespace pc::chem
