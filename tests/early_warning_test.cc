// Early warning across the disguises a clandestine chemist uses (protecting
// groups, N-oxides, masked ketones, imines, other acyl groups), across the
// amphetamine-type family (APAAN, APAA, MAPA, glycidates, safrole, acyl
// ephedrines, piperonal, phenylacetic acid) and the lysergide, GHB and
// ketamine precursors: each is watch where its path leads to a listed
// substance, with the path; ordinary decoys stay clear.
#include <gtest/gtest.h>

#include "rules/conversion_rule.h"
#include "test_support.h"

namespace pc {
namespace {

using pc::testing::Screen;
using rules::RuleKind;
using rules::Verdict;

const rules::Match* Watch(const rules::ScreenResult& r, const std::string& code) {
  for (const auto& m : r.jurisdictions.at(code).matches)
    if (m.rule == RuleKind::kConversion) return &m;
  return nullptr;
}

std::vector<std::string> Steps(const rules::ScreenResult& r, const std::string& code) {
  std::vector<std::string> out;
  if (const auto* m = Watch(r, code))
    for (const auto& s : m->details["path"]) out.push_back(s["step"].get<std::string>());
  return out;
}

struct Disguise {
  const char* what;
  const char* smiles;
  const char* as_of;
  const char* code;
  std::vector<std::string> steps;
  const char* target;
};

// Each case is on watch in its jurisdiction on its date, by its steps, toward
// its target, and every step of the path names its chemistry.
void ExpectOnWatch(const std::vector<Disguise>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = Screen(c.smiles, c.as_of, {c.code});
    ASSERT_EQ(r.status, rules::Status::kOk) << r.error;
    EXPECT_EQ(pc::testing::VerdictIn(r, c.code), Verdict::kWatch);
    EXPECT_EQ(Steps(r, c.code), c.steps);
    const auto* m = Watch(r, c.code);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->entry->id, c.target);
    for (const auto& s : m->details["path"]) EXPECT_FALSE(s["chemistry"].get<std::string>().empty());
  }
}

// One-step disguises of listed fentanyl precursors, screened in the UN
// (Table I: 4-AP and 1-boc-4-AP from 2022-11-23, 4-piperidone from
// 2024-12-03; ANPP, NPP from 2017; fentanyls in the 1961 Convention).
TEST(Disguises, FentanylPrecursorsBehindOneStepAreWatch) {
  const std::vector<Disguise> cases = {
      {"tosyl 4-AP", "Cc1ccc(S(=O)(=O)N2CCC(Nc3ccccc3)CC2)cc1", "2026-01-01", "UN",
       {"arylsulfonyl_removal"}, "un1988-t1-4ap"},
      {"nosyl 4-AP", "O=[N+]([O-])c1ccc(S(=O)(=O)N2CCC(Nc3ccccc3)CC2)cc1", "2026-01-01", "UN",
       {"arylsulfonyl_removal"}, "un1988-t1-4ap"},
      {"trityl 4-piperidone", "O=C1CCN(C(c2ccccc2)(c2ccccc2)c2ccccc2)CC1", "2026-01-01", "UN",
       {"trityl_removal"}, "un1988-t1-4piperidone"},
      {"N-allyl 4-AP", "C=CCN1CCC(Nc2ccccc2)CC1", "2026-01-01", "UN", {"n_deallylation"}, "un1988-t1-4ap"},
      {"Alloc 4-AP", "C=CCOC(=O)N1CCC(Nc2ccccc2)CC1", "2026-01-01", "UN", {"carbamate_cleavage"},
       "un1988-t1-4ap"},
      {"1-(1-phenylethyl)-4-piperidone", "CC(c1ccccc1)N1CCC(=O)CC1", "2026-01-01", "UN",
       {"substituted_benzyl_removal"}, "un1988-t1-4piperidone"},
      {"ANPP N-oxide", "[O-][N+]1(CCc2ccccc2)CCC(Nc2ccccc2)CC1", "2026-01-01", "UN", {"n_oxide_reduction"},
       "un1988-t1-anpp"},
      {"fentanyl N-oxide", "CCC(=O)N(c1ccccc1)C1CC[N+]([O-])(CCc2ccccc2)CC1", "2026-01-01", "UN",
       {"n_oxide_reduction"}, "un1961-s1-fentanyl"},
      {"4-piperidone oxime", "ON=C1CCNCC1", "2026-01-01", "UN", {"c_n_hydrolysis"}, "un1988-t1-4piperidone"},
      {"4-piperidone cyanohydrin", "N#CC1(O)CCNCC1", "2026-01-01", "UN", {"cyanohydrin_reversal"},
       "un1988-t1-4piperidone"},
      {"3-ethoxycarbonyl-4-piperidone", "CCOC(=O)C1CNCCC1=O", "2026-01-01", "UN",
       {"beta_keto_ester_decarboxylation"}, "un1988-t1-4piperidone"},
      {"NPP enol ether", "COC1=CCN(CCc2ccccc2)CC1", "2026-01-01", "UN", {"enol_ether_hydrolysis"},
       "un1988-t1-npp"},
      {"NPP pyrrolidine enamine", "C1CCN(C1)C1=CCN(CCc2ccccc2)CC1", "2026-01-01", "UN",
       {"enamine_hydrolysis"}, "un1988-t1-npp"},
      {"NPP anil (imine)", "c1ccc(N=C2CCN(CCc3ccccc3)CC2)cc1", "2026-01-01", "UN", {"imine_reduction"},
       "un1988-t1-anpp"},
      {"1-boc-4-piperidone anil", "CC(C)(C)OC(=O)N1CCC(=Nc2ccccc2)CC1", "2026-01-01", "UN",
       {"imine_reduction"}, "un1988-t1-boc4ap"},
  };
  ExpectOnWatch(cases);
}

// Acylation with the acyl group of a listed analogue: 4-fluoro-ANPP is one
// step from para-fluorobutyrylfentanyl and 4-fluoroisobutyrylfentanyl
// (1961 Convention); the search reports the first such step, each a named
// listing.
TEST(Disguises, AcylationTowardListedAnalogues) {
  auto r = Screen("Fc1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", "2026-01-01", {"UN"});
  ASSERT_EQ(pc::testing::VerdictIn(r, "UN"), Verdict::kWatch);
  auto steps = Steps(r, "UN");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(Watch(r, "UN")->details["target"]["ground"], "named listing");
  // Cyclopropanecarbonyl, not propionyl: a 2-methyl-ANPP (not a listed
  // anilino group for propionylation's target) is one step from nothing
  // listed, so stays clear in the UN; plain ANPP's acylations reach listed
  // analogues but ANPP is itself listed there.
  auto anpp = Screen("c1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", "2017-01-01", {"UN"});
  ASSERT_EQ(pc::testing::VerdictIn(anpp, "UN"), Verdict::kWatch);
  EXPECT_EQ(Watch(anpp, "UN")->details["target"]["ground"], "named listing");
}

// The amphetamine-type designer precursors, each screened the day before
// its listing took effect.
TEST(Disguises, AmphetamineTypePrecursorsBeforeTheirListing) {
  const std::vector<Disguise> cases = {
      {"MAPA, EU", "COC(=O)C(C(C)=O)c1ccccc1", "2020-12-12", "EU", {"beta_keto_ester_decarboxylation"},
       "eu-cat1-p2p"},
      {"APAA, EU", "CC(=O)C(C(N)=O)c1ccccc1", "2020-12-12", "EU", {"beta_keto_amide_hydrolysis"},
       "eu-cat1-p2p"},
      {"PMK methyl glycidate, EU", "COC(=O)C1(C)OC1c1ccc2c(c1)OCO2", "2020-12-12", "EU",
       {"glycidate_to_ketone"}, "eu-cat1-pmk"},
      {"BMK methyl glycidate, UN", "COC(=O)C1(C)OC1c1ccccc1", "2024-12-02", "UN", {"glycidate_to_ketone"},
       "un1988-t1-p2p"},
      {"BMK glycidic acid, CN", "CC1(C(=O)O)OC1c1ccccc1", "2024-08-31", "CN", {"glycidate_to_ketone"},
       "cn-pc-p2p"},
      {"DEPAPD, EU", "CCOC(=O)C(C(=O)Cc1ccccc1)C(=O)OCC", "2023-02-19", "EU",
       {"beta_keto_ester_decarboxylation", "beta_keto_ester_decarboxylation"}, "eu-cat1-p2p"},
      // No P-2-P listing in the US registry data: APAA reaches methamphetamine.
      {"APAA, US", "CC(=O)C(C(N)=O)c1ccccc1", "2021-06-08", "US",
       {"beta_keto_amide_hydrolysis", "reductive_amination_methylamine"}, "us-csa-methamphetamine"},
      {"chloropseudoephedrine, EU", "CN[C@@H](C)[C@@H](Cl)c1ccccc1", "2016-09-20", "EU",
       {"benzylic_dechlorination"}, "eu-national-psychotropic-control"},
      {"N-acetylephedrine", "CN(C(C)=O)[C@@H](C)[C@H](O)c1ccccc1", "2026-01-01", "UN", {"amide_hydrolysis"},
       "un1988-t1-ephedrine"},
      {"O-acetylpseudoephedrine", "CN[C@@H](C)[C@@H](OC(C)=O)c1ccccc1", "2026-01-01", "UN",
       {"o_acyl_hydrolysis"}, "un1988-t1-pseudoephedrine"},
      {"allylbenzene, UN", "C=CCc1ccccc1", "2026-01-01", "UN", {"wacker_oxidation"}, "un1988-t1-p2p"},
      {"phenyl-2-nitropropene, UN", "CC(=Cc1ccccc1)[N+](=O)[O-]", "2026-01-01", "UN",
       {"nitropropene_to_ketone"}, "un1988-t1-p2p"},
  };
  ExpectOnWatch(cases);
}

// The precursors of the other drug families and the structural ones of the
// amphetamine-type family that need a carbon-carbon bond, each screened the
// day before its listing took effect (or where it is not listed).
TEST(Disguises, OtherFamiliesAndCarbonCarbonBondsBeforeTheirListing) {
  const std::vector<Disguise> cases = {
      // UN 1992: the Henry condensation, then reduction to MDA.
      {"piperonal, UN", "O=Cc1ccc2c(c1)OCO2", "1991-12-31", "UN", {"henry_nitroethane", "nitropropene_reduction"},
       "un1971-mda"},
      {"1-phenyl-2-nitropropene, EU", "CC(=Cc1ccccc1)[N+](=O)[O-]", "2026-01-01", "EU", {"nitropropene_to_ketone"},
       "eu-cat1-p2p"},
      // UN 1988, with P-2-P itself: ketonic decarboxylation, reductive amination.
      {"phenylacetic acid, UN", "O=C(O)Cc1ccccc1", "1988-12-18", "UN",
       {"ketonic_decarboxylation", "reductive_amination_methylamine"}, "un1971-methamphetamine"},
      {"3,4-methylenedioxyphenylacetic acid, UN", "OC(=O)Cc1ccc2c(c1)OCO2", "2026-01-01", "UN",
       {"ketonic_decarboxylation"}, "un1988-t1-pmk"},
      {"ethyl phenylacetate, UN", "CCOC(=O)Cc1ccccc1", "2026-01-01", "UN", {"ester_hydrolysis"}, "un1988-t1-paa"},
      {"benzyl cyanide, CN", "N#CCc1ccccc1", "2020-12-31", "CN", {"nitrile_hydrolysis"}, "cn-pc-paa"},
      // Ergot alkaloids, UN 1988 and CN 2005: hydrolysis to lysergic acid, its diethylamide.
      {"ergometrine, UN", "C[C@@H](CO)NC(=O)[C@@H]1C=C2c3cccc4[nH]cc(c34)C[C@H]2N(C)C1", "1988-12-18", "UN",
       {"lysergamide_hydrolysis", "lysergic_acid_amidation"}, "un1971-lysergide"},
      {"lysergic acid, CN", "CN1C[C@H](C(=O)O)C=C2c3cccc4[nH]cc(c34)C[C@H]21", "2005-10-31", "CN",
       {"lysergic_acid_amidation"}, "cn-ps-lysergide"},
      {"gamma-butyrolactone, CN", "O=C1CCCO1", "2020-12-31", "CN", {"gamma_lactone_hydrolysis"}, "cn-ps-ghb"},
      {"gamma-butyrolactone, UN", "O=C1CCCO1", "2026-01-01", "UN", {"gamma_lactone_hydrolysis"}, "un1971-ghb"},
      {"hydroxyimine, CN", "CN=C(c1ccccc1Cl)C1(O)CCCC1", "2011-12-31", "CN", {"iminol_rearrangement"},
       "cn-ps-ketamine"},
  };
  ExpectOnWatch(cases);
  // The targets themselves: lysergide and GHB in every jurisdiction (the EU
  // through its Member States' control of the 1971 Convention's
  // substances), ketamine in the US and China only.
  for (const char* s : {"CCN(CC)C(=O)[C@@H]1C=C2c3cccc4[nH]cc(c34)C[C@H]2N(C)C1", "OCCCC(=O)O"}) {
    auto r = Screen(s, "2026-01-01", {"UN", "US", "CN", "EU"});
    for (const char* code : {"UN", "US", "CN", "EU"})
      EXPECT_EQ(pc::testing::VerdictIn(r, code), Verdict::kControlled) << s << " in " << code;
  }
  auto ketamine = Screen("CNC1(c2ccccc2Cl)CCCCC1=O", "2026-01-01", {"UN", "US", "CN", "EU"});
  for (const char* code : {"UN", "US", "CN", "EU"})
    EXPECT_EQ(pc::testing::VerdictIn(ketamine, code),
              std::string(code) == "US" || std::string(code) == "CN" ? Verdict::kControlled : Verdict::kClear)
        << code;
  // Out of reach: no step makes methaqualone's ring or phencyclidine's
  // carbon skeleton, and a 4-alkoxybutanoic acid (an ether) cannot lose its
  // alkyl group.
  for (const char* s : {"Nc1ccccc1C(=O)O", "C1CCNCC1", "COCCCC(=O)O"}) {
    auto r = Screen(s, "1988-12-18", {"UN"});
    EXPECT_EQ(Watch(r, "UN"), nullptr) << s;
  }
}

// The drugs are targets: PMK is two steps from nothing listed in a
// jurisdiction without PMK, but one reductive amination from MDMA.
TEST(Disguises, DrugsAreTargets) {
  auto r = Screen("CC(=O)Cc1ccc2c(c1)OCO2", "2026-01-01", {"UN", "US", "CN", "EU"});
  for (const char* code : {"UN", "US", "CN", "EU"})
    EXPECT_EQ(pc::testing::VerdictIn(r, code), Verdict::kControlled) << code;
  // 1-(3,4-methylenedioxyphenyl)-2-propanol: an oxidation from PMK.
  auto ol = Screen("CC(O)Cc1ccc2c(c1)OCO2", "2026-01-01", {"US"});
  EXPECT_EQ(pc::testing::VerdictIn(ol, "US"), Verdict::kWatch);
  EXPECT_EQ(Steps(ol, "US"), std::vector<std::string>{"alcohol_oxidation"});
  // MDMA itself is controlled in every jurisdiction.
  auto mdma = Screen("CNC(C)Cc1ccc2c(c1)OCO2", "2026-01-01", {"UN", "US", "CN", "EU"});
  for (const char* code : {"UN", "US", "CN", "EU"})
    EXPECT_EQ(pc::testing::VerdictIn(mdma, code), Verdict::kControlled) << code;
}

// Decoys: ordinary chemicals that share a fragment with a precursor.
TEST(Disguises, DecoysStayClear) {
  for (const char* s : {
           "CCOC(=O)CC(C)=O",                               // ethyl acetoacetate
           "N[C@@H](Cc1ccccc1)C(=O)O",                      // phenylalanine
           "CC(=O)c1ccccc1",                                // acetophenone
           "OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1",  // haloperidol
           "COC(=O)C(c1ccccc1)C1CCCCN1",                    // methylphenidate
           "CN1CCC(CC1)=C1c2ccccc2C=Cc2ccccc12",            // cyproheptadine
           "Fc1ccc(cc1)[C@@H]1CCNC[C@H]1COc1ccc2OCOc2c1",   // paroxetine
           "COc1cc2c(cc1OC)C(=O)C(CC1CCN(Cc3ccccc3)CC1)C2",  // donepezil
           "CC(C)Cc1ccc(C(C)C(=O)O)cc1",                    // ibuprofen
       }) {
    auto r = Screen(s, "2026-01-01");
    ASSERT_EQ(r.status, rules::Status::kOk) << s << ": " << r.error;
    for (const auto& [code, jr] : r.jurisdictions)
      EXPECT_EQ(jr.verdict, Verdict::kClear) << s << " in " << code;
  }
  // Benzaldehyde is US List I: controlled there, and a decoy elsewhere
  // (a commodity chemical the law lists only there): the Henry condensation
  // is searched from piperonal only, so it stays clear. Its nitropropene,
  // one hydrolysis from P-2-P, is on watch (above).
  auto b = Screen("O=Cc1ccccc1", "2026-01-01");
  for (const auto& [code, jr] : b.jurisdictions)
    EXPECT_EQ(jr.verdict, code == "US" ? Verdict::kControlled : Verdict::kClear) << code;
  for (const auto& [code, jr] : Screen("O=Cc1ccc(C)cc1", "2026-01-01").jurisdictions)
    EXPECT_EQ(jr.verdict, Verdict::kClear) << code;
}

// Noise control: a product covered only by a class definition (read
// literally) makes no watch at the default class_only_watch_depth 0; the
// path is kept as context (a near miss), and a path to a named listing is
// reported instead where there is one.
const rules::Match* Context(const rules::ScreenResult& r, const std::string& code) {
  for (const auto& m : r.jurisdictions.at(code).near_misses)
    if (m.rule == RuleKind::kConversion) return &m;
  return nullptr;
}

TEST(Disguises, ClassOnlyTargetsAreContextNotWatch) {
  // 1-Methyl-4-piperidone: two steps from an N-methyl norfentanyl inside
  // China's class only: clear.
  auto pip = Screen("CN1CCC(=O)CC1", "2026-01-01", {"CN"});
  EXPECT_EQ(pc::testing::VerdictIn(pip, "CN"), Verdict::kClear);
  // 1-Methyl-4-anilinopiperidine: one propionylation from the class: clear,
  // with the path as context, its ground named.
  auto ap = Screen("CN1CCC(Nc2ccccc2)CC1", "2026-01-01", {"CN"});
  EXPECT_EQ(pc::testing::VerdictIn(ap, "CN"), Verdict::kClear);
  const auto* c = Context(ap, "CN");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->verdict, Verdict::kClear);
  EXPECT_EQ(c->details["target"]["ground"], "class definition only");
  EXPECT_EQ(c->details["path"].size(), 1u);
  // 1-Benzyl-4-piperidone in China in 2023: paths to the class and to NPP
  // (debenzylation, phenethylation, a named listing): watch, by NPP.
  auto bn = Screen("O=C1CCN(Cc2ccccc2)CC1", "2023-01-01", {"CN"});
  ASSERT_EQ(pc::testing::VerdictIn(bn, "CN"), Verdict::kWatch);
  EXPECT_EQ(Watch(bn, "CN")->details["target"]["ground"], "named listing");
  EXPECT_EQ(Context(bn, "CN"), nullptr);
}

}  // namespace
}  // namespace pc
