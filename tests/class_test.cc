// Class and family rules: each clause alone and combined, per jurisdiction,
// with dates; near misses for each region; precedence of listings; reasons
// with atoms. Structures beyond the shared corpus are here on purpose: the
// rules must generalise.
#include <gtest/gtest.h>

#include "test_support.h"

namespace pc {
namespace {

using pc::testing::MatchedBy;
using pc::testing::Screen;
using rules::RuleKind;
using rules::Verdict;

const rules::Match* Find(const rules::ScreenResult& r, const std::string& code, RuleKind kind,
                         bool near = false) {
  const auto& jr = r.jurisdictions.at(code);
  for (const auto& m : near ? jr.near_misses : jr.matches)
    if (m.rule == kind) return &m;
  return nullptr;
}

std::set<std::string> Clauses(const rules::Match* m) {
  std::set<std::string> out;
  if (m)
    for (const auto& mod : m->details["modifications"]) out.insert(mod["clause"].get<std::string>());
  return out;
}

std::string NearMissReason(const rules::ScreenResult& r, const std::string& code, RuleKind kind) {
  const auto* m = Find(r, code, kind, true);
  return m ? m->explanation : "(no near miss)";
}

struct ClassCase {
  const char* name;
  const char* smiles;
  std::set<std::string> us;  // empty: outside the US class
  std::set<std::string> cn;  // empty: outside China's class
};

class ClassClauses : public ::testing::TestWithParam<ClassCase> {};

TEST_P(ClassClauses, ClausesAsTheLawReads) {
  const auto& c = GetParam();
  auto r = Screen(c.smiles, "2026-01-01", {"US", "CN"});
  ASSERT_EQ(r.status, rules::Status::kOk) << r.error;
  EXPECT_EQ(Clauses(Find(r, "US", RuleKind::kClass)), c.us) << NearMissReason(r, "US", RuleKind::kClass);
  EXPECT_EQ(Clauses(Find(r, "CN", RuleKind::kClass)), c.cn) << NearMissReason(r, "CN", RuleKind::kClass);
}

INSTANTIATE_TEST_SUITE_P(
    Analogues, ClassClauses,
    ::testing::Values(
        // One clause at a time.
        ClassCase{"A_thiophene", "CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1", {"A"}, {"4"}},
        ClassCase{"A_cyclohexyl", "CCC(=O)N(c1ccccc1)C1CCN(CCC2CCCCC2)CC1", {"A"}, {"4"}},
        ClassCase{"A_pyridyl_substituted", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc(SC)cn2)CC1", {"A"}, {"4"}},
        ClassCase{"B_ring_fluoro", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc(F)cc2)CC1", {"B"}, {"4"}},
        ClassCase{"B_beta_methoxy", "CCC(=O)N(c1ccccc1)C1CCN(CC(OC)c2ccccc2)CC1", {"B"}, {"4"}},
        ClassCase{"B_alpha_ethyl", "CCC(=O)N(c1ccccc1)C1CCN(C(CC)Cc2ccccc2)CC1", {"B"}, {"4"}},
        ClassCase{"C_fluoro", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1F", {"C"}, {"3"}},
        ClassCase{"C_allyl", "C=CCC1CN(CCc2ccccc2)CCC1N(C(=O)CC)c1ccccc1", {"C"}, {"3"}},
        ClassCase{"C_ethoxycarbonyl_C4", "CCOC(=O)C1(N(C(=O)CC)c2ccccc2)CCN(CCc2ccccc2)CC1", {"C"}, {"3"}},
        ClassCase{"C_dimethylamino", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1N(C)C", {"C"}, {"3"}},
        ClassCase{"D_pyridin2yl", "CCC(=O)N(c1ccccn1)C1CCN(CCc2ccccc2)CC1", {"D"}, {"2"}},
        ClassCase{"D_thiophen3yl", "CCC(=O)N(c1ccsc1)C1CCN(CCc2ccccc2)CC1", {"D"}, {"2"}},
        ClassCase{"D_nitrophenyl", "CCC(=O)N(c1ccc([N+](=O)[O-])cc1)C1CCN(CCc2ccccc2)CC1", {"D"}, {"2"}},
        ClassCase{"E_formyl", "O=CN(c1ccccc1)C1CCN(CCc2ccccc2)CC1", {"E"}, {"1"}},
        ClassCase{"E_ethyl_carbamate", "CCOC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", {"E"}, {"1"}},
        ClassCase{"E_oxetane", "O=C(C1COC1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", {"E"}, {"1"}},
        // Combinations.
        ClassCase{"A_C", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccco2)CC1C", {"A", "C"}, {"3", "4"}},
        ClassCase{"B_D_E", "O=C(C1CC1)N(c1ccc(Cl)cc1)C1CCN(C(C)Cc2ccccc2)CC1", {"B", "D", "E"}, {"1", "2", "4"}},
        ClassCase{"A_B_C_D_E", "CC(=O)N(c1cccs1)C1CCN(CC(O)c2cccs2)CC1OC", {"A", "B", "C", "D", "E"},
                  {"1", "2", "3", "4"}},
        // China's clause 4 is broader than A and B.
        ClassCase{"benzyl", "CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1", {}, {"4"}},
        ClassCase{"N_methyl", "CCC(=O)N(c1ccccc1)C1CCN(C)CC1", {}, {"4"}},
        ClassCase{"N_boc", "CCC(=O)N(c1ccccc1)C1CCN(C(=O)OC(C)(C)C)CC1", {}, {"4"}},
        ClassCase{"phenylpropyl", "CCC(=O)N(c1ccccc1)C1CCN(CCCc2ccccc2)CC1", {}, {"4"}},
        ClassCase{"ring_thioether_B", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc(SC)cc2)CC1", {}, {"4"}},
        // Outside both.
        ClassCase{"norfentanyl_H", "CCC(=O)N(c1ccccc1)C1CCNCC1", {}, {}},
        ClassCase{"anpp_no_acyl", "c1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", {}, {}},
        ClassCase{"naphthyl_aniline", "CCC(=O)N(c1ccc2ccccc2c1)C1CCN(CCc2ccccc2)CC1", {}, {}},
        ClassCase{"cyclohexyl_aniline", "CCC(=O)N(C2CCCCC2)C1CCN(CCc2ccccc2)CC1", {}, {}},
        ClassCase{"C4_phenyl", "CCC(=O)N(c1ccccc1)C1(c2ccccc2)CCN(CCc2ccccc2)CC1", {}, {}},
        ClassCase{"C3_hydroxymethyl", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1CO", {}, {}}));

TEST(ClassRule, ChinaClassDates) {
  auto before = Screen("CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1", "2019-04-30", {"CN"}, 0);
  EXPECT_EQ(*before.verdict, Verdict::kClear);
  auto after = Screen("CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1", "2019-05-01", {"CN"});
  EXPECT_EQ(*after.verdict, Verdict::kControlled);
  EXPECT_EQ(Find(after, "CN", RuleKind::kClass)->since->ToString(), "2019-05-01");
}

TEST(ClassRule, UsClassDates) {
  const char* butyryl_p_fluoro_cyclopentyl = "O=C(C1CCCC1)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1";
  EXPECT_EQ(*Screen(butyryl_p_fluoro_cyclopentyl, "2018-02-05", {"US"}, 0).verdict, Verdict::kClear);
  EXPECT_EQ(*Screen(butyryl_p_fluoro_cyclopentyl, "2018-02-06", {"US"}).verdict, Verdict::kControlled);
}

TEST(ClassRule, IndividualListingComesFirst) {
  auto r = Screen("CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "2026-01-01", {"US"});  // acetylfentanyl
  const auto& matches = r.jurisdictions.at("US").matches;
  ASSERT_GE(matches.size(), 2u);
  EXPECT_EQ(matches[0].rule, RuleKind::kListing);
  const auto* cls = Find(r, "US", RuleKind::kClass);
  ASSERT_TRUE(cls);
  EXPECT_EQ(cls->details["superseded_by"][0], "us-sI-acetylfentanyl");
  EXPECT_NE(cls->explanation.find("listing first"), std::string::npos);
}

TEST(ClassRule, ReasonsCarryAtomsOfTheComponentSmiles) {
  auto r = Screen("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1Cl.Cl", "2026-01-01", {"US"});
  const auto* m = Find(r, "US", RuleKind::kClass);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->details["modifications"].size(), 1u);
  const auto& mod = m->details["modifications"][0];
  EXPECT_EQ(mod["clause"], "C");
  EXPECT_NE(mod["text"].get<std::string>().find("piperidine C3"), std::string::npos);
  // The atom index is the chlorine's position in the component SMILES.
  auto parsed = chem::ParseSmiles(r.components.at(m->component));
  unsigned atom = mod["atoms"][0].get<unsigned>();
  EXPECT_EQ(parsed.mol->getAtomWithIdx(atom)->getSymbol(), "Cl");
  EXPECT_EQ(m->clauses, std::vector<std::string>{"salts"});
  for (const char* region : {"acyl", "aniline", "piperidine", "phenethyl"})
    EXPECT_TRUE(m->details["regions"].contains(region)) << region;
}

TEST(ClassRule, NearMissesSayWhyForEachRegion) {
  struct Case {
    const char* smiles;
    const char* reason;
  } cases[] = {
      {"CCC(=O)N(c1ccc2c(c1)OCO2)C1CCN(CCc2ccccc2)CC1", "not a monocycle"},
      {"CCC(=O)N(C1CCCCC1)C1CCN(CCc2ccccc2)CC1", "non-aromatic ring"},
      {"CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc3ccccc3c2)CC1", "not a monocycle"},
      {"CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1", "linker"},
      {"CCC(=O)N(c1ccccc1)C1CCN(CCOc2ccccc2)CC1", "linker"},
      {"CCC(=O)N(c1ccccc1)C1CCNCC1", "hydrogen"},
      {"CCC(=O)N(c1ccccc1)C1CCN(CCC(=O)OC)CC1", "no ring"},
      {"CCC(=O)N(c1ccccc1)C1(c2ccccc2)CCN(CCc2ccccc2)CC1", "piperidine C4"},
      {"CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc(N=C=S)cc2)CC1", "not among the groups clause B allows"},
  };
  for (const auto& c : cases) {
    auto r = Screen(c.smiles, "2026-01-01", {"US"});
    EXPECT_EQ(Find(r, "US", RuleKind::kClass), nullptr) << c.smiles;
    EXPECT_NE(NearMissReason(r, "US", RuleKind::kClass).find(c.reason), std::string::npos)
        << c.smiles << ": " << NearMissReason(r, "US", RuleKind::kClass);
  }
}

TEST(FamilyRule, FourApAmidesCarbamatesHalidesWithTheirDates) {
  // An acyl norfentanyl: an amide of 4-AP.
  auto amide = Screen("O=C(c1ccco1)N(c1ccccc1)C1CCNCC1", "2020-05-15", {"US"});
  EXPECT_TRUE(MatchedBy(amide, "US", "us-listI-4ap"));
  EXPECT_EQ(Find(amide, "US", RuleKind::kFamily)->clauses, std::vector<std::string>{"amides"});
  EXPECT_EQ(*Screen("O=C(c1ccco1)N(c1ccccc1)C1CCNCC1", "2020-05-14", {"US"}, 0).verdict, Verdict::kClear);
  // 1-Cbz-4-AP: a carbamate.
  EXPECT_TRUE(MatchedBy(Screen("O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1", "2021-01-01", {"US"}), "US", "us-listI-4ap"));
  // para-Fluoro-4-AP: a halide, only from 2023-11-30.
  auto halide_before = Screen("Fc1ccc(NC2CCNCC2)cc1", "2023-11-29", {"US"}, 0);
  EXPECT_EQ(*halide_before.verdict, Verdict::kClear);
  EXPECT_NE(NearMissReason(halide_before, "US", RuleKind::kFamily).find("2023-11-30"), std::string::npos);
  auto halide = Screen("Fc1ccc(NC2CCNCC2)cc1", "2023-11-30", {"US"});
  EXPECT_EQ(Find(halide, "US", RuleKind::kFamily)->since->ToString(), "2023-11-30");
  // Combination: a carbamate of a halide, and its salt.
  EXPECT_TRUE(MatchedBy(Screen("CC(C)(C)OC(=O)N1CCC(Nc2ccc(Cl)cc2)CC1.Cl", "2024-01-01", {"US"}), "US",
                        "us-listI-4ap"));
  // Alkylation is not among the derivatives: ANPP and N-methyl-4-AP are not family members.
  EXPECT_FALSE(MatchedBy(Screen("CN1CCC(Nc2ccccc2)CC1", "2024-01-01", {"US"}, 0), "US", "us-listI-4ap"));
}

TEST(FamilyRule, FourPiperidoneAcetalsAmidesCarbamates) {
  EXPECT_EQ(*Screen("C1CC2(CCN1)OCCO2", "2023-05-11", {"US"}, 0).verdict, Verdict::kClear);
  auto ketal = Screen("C1CC2(CCN1)OCCO2", "2023-05-12", {"US"});
  EXPECT_EQ(Find(ketal, "US", RuleKind::kFamily)->clauses, std::vector<std::string>{"acetals"});
  EXPECT_TRUE(MatchedBy(Screen("COC1(OC)CCNCC1", "2024-01-01", {"US"}), "US", "us-listI-4piperidone"));
  EXPECT_TRUE(MatchedBy(Screen("CC(=O)N1CCC(=O)CC1", "2024-01-01", {"US"}), "US", "us-listI-4piperidone"));
  auto boc_ketal = Screen("CC(C)(C)OC(=O)N1CCC2(CC1)OCCO2", "2024-01-01", {"US"});
  EXPECT_EQ(Find(boc_ketal, "US", RuleKind::kFamily)->clauses,
            (std::vector<std::string>{"acetals", "carbamates"}));
  auto salt = Screen("O=C1CCN(C(=O)C)CC1.Cl", "2024-01-01", {"US"});
  EXPECT_TRUE(MatchedBy(salt, "US", "us-listI-4piperidone"));
  // N-alkyl 4-piperidones and 4-piperidinol are not derivatives the wording names.
  // Not a family member; one debenzylation from 4-piperidone, so on watch.
  auto benzyl = Screen("O=C1CCN(Cc2ccccc2)CC1", "2024-01-01", {"US"});
  EXPECT_EQ(*benzyl.verdict, Verdict::kWatch);
  EXPECT_NE(NearMissReason(benzyl, "US", RuleKind::kFamily).find("piperidine N1"), std::string::npos);
  EXPECT_EQ(*Screen("OC1CCNCC1", "2024-01-01", {"US"}, 0).verdict, Verdict::kClear);
  EXPECT_EQ(*Screen("CC1CN(C(=O)OC(C)(C)C)CCC1=O", "2024-01-01", {"US"}, 0).verdict, Verdict::kClear);
}

}  // namespace
}  // namespace pc
