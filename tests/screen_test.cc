// The screening engine end to end on the bundled registry: identity (SMILES,
// molfile, CAS RN, names), salts, hydrates, isomers, labelled forms, dates,
// and bad input.
#include <gtest/gtest.h>

#include <sstream>

#include "screen/writer.h"
#include "test_support.h"

namespace pc {
namespace {

using pc::testing::MatchedBy;
using pc::testing::Screen;
using pc::testing::VerdictIn;
using rules::Status;
using rules::Verdict;

const char kFentanyl[] = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1";
const char k4AP[] = "C1CC(CCN1)Nc1ccccc1";

TEST(Screen, SeedChemicalsInChinaChangeOnTheNoticeDate) {
  for (const char* input : {"4-AP", "1-boc-4-AP", "norfentanyl", "23056-29-3", "125541-22-2",
                            "1609-66-1", "CCC(=O)N(c1ccccc1)C1CCNCC1"}) {
    SCOPED_TRACE(input);
    // The legal status alone (no early warning) is clear the day before;
    // with early warning it is "watch" (one or two steps from ANPP/fentanyl).
    auto before = Screen(input, "2024-08-31", {"CN"}, 0);
    ASSERT_EQ(before.status, Status::kOk) << before.error;
    EXPECT_EQ(*before.verdict, Verdict::kClear);
    EXPECT_EQ(*Screen(input, "2024-08-31", {"CN"}).verdict, Verdict::kWatch);
    auto after = Screen(input, "2024-09-01", {"CN"});
    EXPECT_EQ(*after.verdict, Verdict::kControlled);
    const auto& m = after.jurisdictions.at("CN").matches.at(0);
    EXPECT_NE(m.entry->citation.find("2 Aug 2024"), std::string::npos);
    EXPECT_EQ(m.since->ToString(), "2024-09-01");
  }
}

TEST(Screen, SaltsOfListedSubstances) {
  auto r = Screen("C1CC(CC[NH2+]1)Nc1ccccc1.[Cl-]", "2021-01-01", {"US"});
  EXPECT_EQ(*r.verdict, Verdict::kControlled);
  EXPECT_TRUE(MatchedBy(r, "US", "us-listI-4ap"));
  EXPECT_EQ(r.jurisdictions.at("US").matches[0].clauses, std::vector<std::string>{"salts"});
  EXPECT_EQ(*Screen("C1CC(CCN1)Nc1ccccc1.Cl", "2020-05-14", {"US"}, 0).verdict, Verdict::kClear);
  // Fentanyl citrate, by structure and by name.
  auto citrate = Screen(std::string(kFentanyl) + ".OC(=O)CC(O)(CC(=O)O)C(=O)O", "2026-01-01", {"US"});
  EXPECT_TRUE(MatchedBy(citrate, "US", "us-sII-fentanyl"));
  auto named = Screen("Fentanyl citrate", "2026-01-01", {"US"});
  EXPECT_EQ(named.input_type, "name");
  EXPECT_TRUE(MatchedBy(named, "US", "us-sII-fentanyl"));
}

TEST(Screen, HydratesOfListedSubstances) {
  // Piperidine-4,4-diol hydrochloride: "4-piperidone monohydrate hydrochloride".
  auto r = Screen("OC1(O)CCNCC1.Cl", "2024-01-01", {"US"});
  EXPECT_TRUE(MatchedBy(r, "US", "us-listI-4piperidone"));
  auto water = Screen("O=C1CCN(CCc2ccccc2)CC1.O", "2010-01-01", {"US"});
  EXPECT_TRUE(MatchedBy(water, "US", "us-listI-npp"));
  EXPECT_TRUE(water.jurisdictions.at("US").matches[0].clauses.empty());  // water needs no clause
  EXPECT_TRUE(MatchedBy(Screen("4-piperidone hydrochloride monohydrate", "2024-01-01", {"US"}), "US",
                        "us-listI-4piperidone"));
}

TEST(Screen, StereoisomersAndLabelledForms) {
  auto cis = Screen("CCC(=O)N(c1ccccc1)[C@@H]1CCN(CCc2ccccc2)C[C@@H]1C", "2026-01-01", {"US"});
  EXPECT_TRUE(MatchedBy(cis, "US", "us-sI-3methylfentanyl"));
  auto d5 = Screen("CCC(=O)N(c1c([2H])c([2H])c([2H])c([2H])c1[2H])C1CCN(CCc2ccccc2)CC1",
                   "2026-01-01", {"US"});
  EXPECT_TRUE(MatchedBy(d5, "US", "us-sII-fentanyl"));
  EXPECT_NE(d5.jurisdictions.at("US").matches[0].explanation.find("isotopically labelled"),
            std::string::npos);
  // The listing names the E isomer of crotonylfentanyl; Z is covered by the
  // 1961 Convention's isomers clause.
  auto z = Screen("C/C=C\\C(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "2026-01-01", {"UN"});
  EXPECT_TRUE(MatchedBy(z, "UN", "un1961-s1-crotonylfentanyl"));
}

TEST(Screen, MolfileInput) {
  screen::InputRecord rec;
  rec.id = "m";
  rec.hint = screen::InputHint::kMolBlock;
  rec.text =
      "4-piperidone\n  RDKit          2D\n\n  7  7  0  0  0  0  0  0  0  0999 V2000\n"
      "    0.0000    0.0000    0.0000 O   0  0\n    0.0000    1.5000    0.0000 C   0  0\n"
      "    1.3000    2.2500    0.0000 C   0  0\n    1.3000    3.7500    0.0000 C   0  0\n"
      "    0.0000    4.5000    0.0000 N   0  0\n   -1.3000    3.7500    0.0000 C   0  0\n"
      "   -1.3000    2.2500    0.0000 C   0  0\n  1  2  2  0\n  2  3  1  0\n  3  4  1  0\n"
      "  4  5  1  0\n  5  6  1  0\n  6  7  1  0\n  7  2  1  0\nM  END\n";
  auto r = pc::testing::BundledScreener().Screen(rec, {{"US"}, *Date::ParseDay("2024-01-01")});
  ASSERT_EQ(r.status, Status::kOk) << r.error;
  EXPECT_EQ(r.input_type, "molfile");
  EXPECT_TRUE(MatchedBy(r, "US", "us-listI-4piperidone"));
  rec.text = "broken\n\n\n  x  y\nM  END\n";
  auto bad = pc::testing::BundledScreener().Screen(rec, {{"US"}, *Date::ParseDay("2024-01-01")});
  EXPECT_EQ(bad.status, Status::kError);
  EXPECT_NE(bad.error.find("molfile"), std::string::npos);
}

TEST(Screen, CasAndNames) {
  auto cas = Screen("437-38-7", "2026-01-01");
  EXPECT_EQ(cas.input_type, "cas");
  EXPECT_EQ(*cas.verdict, Verdict::kControlled);
  auto wrong = Screen("437-38-8", "2026-01-01");
  EXPECT_EQ(wrong.status, Status::kError);
  EXPECT_NE(wrong.error.find("check digit"), std::string::npos);
  auto unknown_cas = Screen("64-17-5", "2026-01-01");  // ethanol: valid, not listed
  EXPECT_EQ(unknown_cas.status, Status::kUnresolved);
  EXPECT_FALSE(unknown_cas.verdict);
  auto unknown_name = Screen("sodium chloride solution", "2026-01-01");
  EXPECT_EQ(unknown_name.status, Status::kUnresolved);
  EXPECT_FALSE(unknown_name.verdict);
  EXPECT_TRUE(MatchedBy(Screen("ANPP", "2026-01-01"), "US", "us-sII-anpp"));
  EXPECT_TRUE(MatchedBy(Screen("α-Methylfentanyl", "2026-01-01"), "UN", "un1961-s1-amf"));
  EXPECT_TRUE(MatchedBy(Screen("N-PHENETHYL 4-PIPERIDONE", "2026-01-01"), "US", "us-listI-npp"));
  // A prefix settles what the text is.
  EXPECT_EQ(Screen("name:NPP", "2026-01-01").input_type, "name");
  EXPECT_EQ(Screen("smiles:NPP", "2026-01-01").input_type, "smiles");  // N-P-P, a valid SMILES
}

TEST(Screen, UnverifiedFactsShowInTheMatch) {
  auto r = Screen("O=C1CCN(CCc2ccccc2)CC1", "2026-01-01", {"EU"});
  const auto& m = r.jurisdictions.at("EU").matches.at(0);
  auto j = rules::ToJson(m);
  // NPP's EU date is the 20th day after publication, not read in the act.
  EXPECT_EQ(j["date_basis"], "effective_date");
  EXPECT_NE(j["unverified"].dump().find("effective_date"), std::string::npos);
  EXPECT_NE(m.explanation.find("not verified"), std::string::npos);
}

TEST(Screen, MixturesAreScreenedPerComponent) {
  auto r = Screen(std::string(k4AP) + ".CC(=O)Nc1ccc(O)cc1", "2026-01-01", {"US"});  // with paracetamol
  EXPECT_EQ(*r.verdict, Verdict::kControlled);
  EXPECT_GE(r.components.size(), 2u);
}

TEST(Screen, OrdinaryChemicalsAreClear) {
  for (const char* s : {"CCO", "c1ccccc1", "O=C1CCCCC1", "C1COCCN1", "CC(=O)Nc1ccc(O)cc1"}) {
    auto r = Screen(s, "2026-01-01");
    ASSERT_EQ(r.status, Status::kOk) << s;
    EXPECT_EQ(*r.verdict, Verdict::kClear) << s;
  }
}

// Valid molecules on which RDKit's standardisation stumbles still get a
// verdict (all three are in the background set).
TEST(Screen, ValidMoleculesRdkitStumblesOnAreScreened) {
  auto kept_tautomer = [](const rules::ScreenResult& r) {
    for (const auto& n : r.notes)
      if (n.find("tautomer as written") != std::string::npos) return true;
    return false;
  };
  // RDKit's tautomer rules move a deuterium written as an atom, or a
  // hydrogen kept as an atom because it fixes a double bond's geometry, and
  // return a tautomer with a five-bonded carbon or a three-bonded oxygen:
  // the structure is screened as written.
  for (const char* s : {"[2H]C([2H])(N)C(=O)C([2H])([2H])CC(=O)O",
                        "[H]/[O+]=c\\1/c2cc(ccc2[n-]cc1C(=O)[O-])S(=O)(=O)N3CCC(CC3)C(=O)N"}) {
    auto r = Screen(s, "2026-01-01");
    ASSERT_EQ(r.status, Status::kOk) << s << ": " << r.error;
    EXPECT_EQ(*r.verdict, Verdict::kClear) << s;
    EXPECT_TRUE(kept_tautomer(r)) << s;
  }
  // A component split off a salt that keeps the tautomer it was written in
  // has the ring information the rules' ring queries need.
  auto salt = Screen("Cl.CCNc1cc2OC3=C\\C(=N/CC)\\C(=CC3=C(c4ccccc4C(=O)OCC)c2cc1C)C", "2026-01-01");
  ASSERT_EQ(salt.status, Status::kOk) << salt.error;
  EXPECT_EQ(*salt.verdict, Verdict::kClear);
  // A controlled substance written with deuterium on the ring keeps its
  // verdict.
  auto labelled = Screen("[2H]C1([2H])CC(=O)CCN1", "2026-01-01", {"US"});
  ASSERT_EQ(labelled.status, Status::kOk) << labelled.error;
  EXPECT_EQ(*labelled.verdict, Verdict::kControlled);
}

TEST(Screen, BadInputIsAnErrorWithAReason) {
  for (const char* s : {"C1CC(", "C(C)(C)(C)(C)C", "c1cccc1", "[Xx]", "   "}) {
    auto r = Screen(s, "2026-01-01");
    EXPECT_EQ(r.status, Status::kError) << s;
    EXPECT_FALSE(r.error.empty()) << s;
    EXPECT_FALSE(r.verdict) << s;
  }
}

TEST(Screen, JsonCarriesTheContractFields) {
  auto j = rules::ToJson(Screen("4-AP", "2026-01-01"));
  for (const char* key : {"id", "input", "status", "verdict", "jurisdictions"}) EXPECT_TRUE(j.contains(key)) << key;
  const auto& m = j["jurisdictions"]["US"]["matches"][0];
  for (const char* key : {"rule", "entry", "list", "category", "citation", "effective_date", "explanation"})
    EXPECT_TRUE(m.contains(key)) << key;
  EXPECT_EQ(m["rule"], "listing");
}

// JSON Lines renders clear records from a kept tail; each line must still be
// exactly the record's own JSON, whatever its id, input, date or scope.
TEST(Screen, JsonLinesOfClearRecordsAreTheirJson) {
  std::ostringstream sink;
  auto writer = screen::MakeWriter(screen::OutputFormat::kJsonl, sink, {});
  std::vector<rules::ScreenResult> results = {Screen("CCO", "2026-01-01"), Screen("CCO", "2019-01-01"),
                                              Screen("c1ccccc1O", "2026-01-01"), Screen("CCO", "2026-01-01")};
  results[0].id = "caf\xc3\xa9 and delete \x7f";
  results[1].id = "quote \" and backslash \\";
  results[2].id = std::string("bad utf-8 \xff");
  results[2].input = "tab\there";
  results[3].jurisdictions.erase("US");
  for (auto& r : results) r.components.clear();  // as bulk screening leaves clear records
  results.push_back(Screen(kFentanyl, "2026-01-01"));
  for (const auto& r : results) {
    std::string expected =
        rules::ToJson(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    EXPECT_EQ(writer->Render(r), expected) << r.id;
    EXPECT_EQ(writer->Render(r), expected) << r.id << " (rendered again)";
  }
}

}  // namespace
}  // namespace pc
