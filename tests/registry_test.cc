// The registry: loading and validation of the data files, as-of views, the
// change feed, and — generated from the data itself — that every listing
// takes effect on its own date and not the day before.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "test_support.h"

namespace pc {
namespace {

using pc::testing::BundledRegistry;
using pc::testing::MatchedBy;
using pc::testing::Screen;
using rules::Verdict;

// Entries that are already controlled the day before they take effect, and
// the earlier entries (listings or family clauses) that cover them then.
const std::map<std::string, std::set<std::string>> kCoveredBefore = {
    // A carbamate of 4-AP (List I family wording) from 2020-05-15.
    {"us-listI-boc4ap", {"us-listI-4ap"}},
    // An amide of 4-AP from 2020-05-15, three days before its Schedule II date.
    {"us-sII-norfentanyl", {"us-listI-4ap"}},
    // A carbamate of 4-piperidone from 2023-05-12.
    {"us-listI-boc4piperidone", {"us-listI-4piperidone"}},
    // Transferred from Table II to Table I: in Table II until the day before.
    {"un1988-t1-aceticanhydride", {"un1988-t2-aceticanhydride"}},
    {"un1988-t1-kmno4", {"un1988-t2-kmno4"}},
    {"un1988-t1-paa", {"un1988-t2-paa"}},
};

TEST(Registry, LoadsEveryJurisdiction) {
  auto r = BundledRegistry();
  EXPECT_EQ(r->jurisdictions(), (std::vector<std::string>{"CN", "EU", "UN", "US"}));
  EXPECT_GE(r->entries().size(), 240u);
  for (const auto& e : r->entries()) {
    EXPECT_FALSE(e.citation.empty()) << e.id;
    EXPECT_NE(r->FindCategory(e.category_id), nullptr) << e.id;
    if (e.HasOwnStructure()) {
      EXPECT_TRUE(!e.skeleton_key.empty() || !e.ion_keys.empty()) << e.id;
    }
  }
}

// Substances screened by structure (organic and inorganic ones); oils,
// extracts and preparations are found by name and CAS RN only.
bool ByStructure(const registry::Entry& e) { return e.HasOwnStructure(); }

// Generated from the data: each substance entry screens controlled, matched
// by itself, from its first day of control, and is not matched the day
// before (then only entries named in kCoveredBefore may control it).
TEST(Registry, EveryEntryTakesEffectOnItsDate) {
  auto r = BundledRegistry();
  int checked = 0;
  for (const auto& e : r->entries()) {
    if (e.kind != registry::EntryKind::kSubstance || !ByStructure(e)) continue;
    SCOPED_TRACE(e.id);
    auto start = e.in_force_from();
    if (e.pending) {
      EXPECT_FALSE(MatchedBy(Screen(e.smiles, "2100-01-01", {e.jurisdiction}), e.jurisdiction, e.id));
      continue;
    }
    if (!start) {  // date unknown: in force at any date, flagged in output
      auto r1950 = Screen(e.smiles, "1950-01-01", {e.jurisdiction});
      EXPECT_TRUE(MatchedBy(r1950, e.jurisdiction, e.id));
      continue;
    }
    auto on = Screen(e.smiles, start->date.ToString(), {e.jurisdiction});
    EXPECT_EQ(on.jurisdictions.at(e.jurisdiction).verdict, Verdict::kControlled);
    EXPECT_TRUE(MatchedBy(on, e.jurisdiction, e.id));
    auto before = Screen(e.smiles, start->date.AddDays(-1).ToString(), {e.jurisdiction});
    EXPECT_FALSE(MatchedBy(before, e.jurisdiction, e.id));
    std::set<std::string> covering;
    for (const auto& m : before.jurisdictions.at(e.jurisdiction).matches)
      if (m.verdict == Verdict::kControlled) covering.insert(m.entry->id);
    auto expected = kCoveredBefore.count(e.id) ? kCoveredBefore.at(e.id) : std::set<std::string>{};
    EXPECT_EQ(covering, expected);
    if (e.end_date) {  // and no longer on the day it ends
      EXPECT_FALSE(MatchedBy(Screen(e.smiles, e.end_date->date.ToString(), {e.jurisdiction}), e.jurisdiction, e.id));
      EXPECT_TRUE(MatchedBy(Screen(e.smiles, e.end_date->date.AddDays(-1).ToString(), {e.jurisdiction}),
                            e.jurisdiction, e.id));
    }
    ++checked;
  }
  EXPECT_GE(checked, 130);
}

// The day every entry is surely in force, for identity lookups.
std::string InForceDay(const registry::Entry& e) {
  if (e.end_date) return e.end_date->date.AddDays(-1).ToString();
  return "2026-12-01";
}

// Generated from the data: every substance is found by its name, each
// synonym, its CAS RN and every further CAS RN it lists (salts, hydrates),
// never `unresolved`, and the lookup controls it in its jurisdiction.
TEST(Registry, EverySubstanceByNameAndCas) {
  auto r = BundledRegistry();
  int checked = 0;
  for (const auto& e : r->entries()) {
    if (e.kind != registry::EntryKind::kSubstance || e.pending) continue;
    SCOPED_TRACE(e.id);
    std::vector<std::string> inputs{"name:" + e.name};
    for (const auto& s : e.synonyms) inputs.push_back("name:" + s);
    if (!e.legal_name.empty()) inputs.push_back("name:" + e.legal_name);
    if (e.cas) inputs.push_back("cas:" + *e.cas);
    for (const auto& i : e.identities) inputs.push_back("cas:" + i.cas);
    for (const auto& input : inputs) {
      auto res = Screen(input, InForceDay(e), {e.jurisdiction});
      ASSERT_EQ(res.status, rules::Status::kOk) << input << ": " << res.error;
      EXPECT_EQ(res.jurisdictions.at(e.jurisdiction).verdict, Verdict::kControlled) << input;
      // An oil, extract or preparation is screened as the substance it
      // contains, which its jurisdiction lists too.
      if (ByStructure(e)) {
        EXPECT_TRUE(MatchedBy(res, e.jurisdiction, e.id)) << input;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 600);
}

TEST(Registry, AsOfViewAndChangeFeed) {
  auto r = BundledRegistry();
  auto ids = [](const std::vector<const registry::Entry*>& es) {
    std::set<std::string> s;
    for (auto* e : es) s.insert(e->id);
    return s;
  };
  EXPECT_FALSE(ids(r->InForce(*Date::ParseDay("2024-08-31"))).count("cn-pc-4ap"));
  EXPECT_TRUE(ids(r->InForce(*Date::ParseDay("2024-09-01"))).count("cn-pc-4ap"));
  EXPECT_FALSE(ids(r->InForce(*Date::ParseDay("2100-01-01"))).count("cn-pc-4piperidone"));
  EXPECT_TRUE(ids(r->Pending()).count("cn-pc-4piperidone"));
  // The feed: the dated changes, then the announced listings, undated.
  auto feed = r->Feed(*Date::ParseDay("2024-08-31"), *Date::ParseDay("2024-09-01"));
  ASSERT_FALSE(feed.empty());
  EXPECT_EQ(feed.back().kind, registry::ChangeKind::kAnnounced);
  EXPECT_FALSE(feed.back().date.has_value());
  EXPECT_EQ(feed.size(), r->Changes(*Date::ParseDay("2024-08-31"), *Date::ParseDay("2024-09-01")).size() +
                             r->Pending().size());

  auto changes = r->Changes(*Date::ParseDay("2024-08-31"), *Date::ParseDay("2024-09-01"));
  std::set<std::string> changed;
  for (const auto& c : changes) changed.insert(c.entry->id);
  EXPECT_EQ(changed, (std::set<std::string>{"cn-pc-4ap", "cn-pc-boc4ap", "cn-pc-norfentanyl",
                                            "cn-pc-bmk-glycidic-acid", "cn-pc-oxo-phenylbutanoic-acid",
                                            "cn-pc-bmk-methyl", "cn-pc-bmk-ethyl", "cn-pc-eapa",
                                            "cn-pc-pmk-ethyl-glycidate"}));
  bool halides = false;
  for (const auto& c : r->Changes(*Date::ParseDay("2023-11-01"), *Date::ParseDay("2023-12-01")))
    halides |= c.kind == registry::ChangeKind::kClause && c.clause->clause == "halides" && c.entry->id == "us-listI-4ap";
  EXPECT_TRUE(halides);
}

TEST(Registry, LookupsByCasAndName) {
  auto r = BundledRegistry();
  EXPECT_EQ(r->ByCas("125541-22-2").size(), 4u);  // UN, US, CN, EU
  EXPECT_FALSE(r->ByName(r->names().Normalize("Despropionyl Fentanyl").key).empty());
  EXPECT_FALSE(r->ByName(r->names().Normalize("α-methylfentanyl").key).empty());
}

// A scratch data directory with one registry file whose entry is `entry`.
class BrokenData : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("pc-registry-test-" + std::to_string(::getpid()));
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "registry");
    std::filesystem::create_directories(dir_ / "vocabulary");
    std::filesystem::copy_file(std::string(PC_DATA_DIR) + "/vocabulary/salt-words.txt",
                               dir_ / "vocabulary" / "salt-words.txt",
                               std::filesystem::copy_options::overwrite_existing);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string LoadError(const std::string& entries_json) {
    std::ofstream(dir_ / "registry" / "test-list.json")
        << R"({"format":"precursor-registry/1","jurisdiction":"US","list":"test","reviewed":"2026-12-07",)"
        << R"("categories":[{"id":"C","name":"C","kind":"precursor","citation":"c","verification":"verified"}],)"
        << R"("entries":[)"
        << entries_json << "]}";
    try {
      registry::Registry::Load(dir_);
    } catch (const registry::RegistryError& e) {
      return e.what();
    }
    return "";
  }
  static std::string Entry(const std::string& id, const std::string& extra,
                           const std::string& smiles = "O=C1CCNCC1") {
    return R"({"id":")" + id + R"(","kind":"substance","name":")" + id + R"(","smiles":")" + smiles +
           R"(","list":"L","category":"C","status":"listed","effective_date":"2020-01-01",)"
           R"("scope":[{"clause":"salts","verification":"verified"}],"citation":"c","role":"precursor",)"
           R"("precursor_type":"structural","drug_family":"fentanyl","verification":"verified")" + extra + "}";
  }
  // The entry with its precursor_type and drug_family replaced by `use`.
  static std::string WithUse(const std::string& use) {
    std::string e = Entry("u", "");
    std::string from = R"("precursor_type":"structural","drug_family":"fentanyl",)";
    return e.replace(e.find(from), from.size(), use);
  }
};

TEST_F(BrokenData, ValidFileLoads) { EXPECT_EQ(LoadError(Entry("ok", "")), ""); }

TEST_F(BrokenData, NamesFileEntryAndReason) {
  std::string e = LoadError(Entry("bad-cas", R"(,"cas":"41661-47-7")"));
  EXPECT_NE(e.find("test-list.json"), std::string::npos) << e;
  EXPECT_NE(e.find("'bad-cas'"), std::string::npos) << e;
  EXPECT_NE(e.find("check digit"), std::string::npos) << e;
}

TEST_F(BrokenData, RejectsEachKindOfMistake) {
  EXPECT_NE(LoadError(Entry("x", R"(,"efective_date":"2020")")).find("unknown field"), std::string::npos);
  EXPECT_NE(LoadError(Entry("x", R"(,"end_date":"2020-13-01")")).find("not a date"), std::string::npos);
  EXPECT_NE(LoadError(Entry("x", "", "C1CC(")).find("smiles"), std::string::npos);
  EXPECT_NE(LoadError(Entry("x", "", "O=C1CCNCC1.Cl")).find("one neutral parent"), std::string::npos);
  EXPECT_NE(LoadError(Entry("x", "") + "," + Entry("x", "")).find("duplicate"), std::string::npos);
  EXPECT_NE(LoadError(Entry("x", R"(,"unverified":["colour"])")).find("unknown fact"), std::string::npos);
  EXPECT_NE(LoadError(Entry("a", R"(,"synonyms":["same"])") + "," +
                      Entry("b", R"(,"synonyms":["same"])", "CCO"))
                .find("different structure"),
            std::string::npos);
  // Every precursor says whether it is structural, a reagent or a solvent;
  // a structural one (and a drug) names its drug family, a reagent none.
  EXPECT_EQ(LoadError(WithUse(R"("precursor_type":"solvent",)")), "");
  EXPECT_NE(LoadError(WithUse("")).find("precursor_type: required"), std::string::npos);
  EXPECT_NE(LoadError(WithUse(R"("precursor_type":"catalyst",)")).find("not one of structural, reagent, solvent"),
            std::string::npos);
  EXPECT_NE(LoadError(WithUse(R"("precursor_type":"structural",)")).find("drug_family: required"), std::string::npos);
  EXPECT_NE(LoadError(WithUse(R"("precursor_type":"reagent","drug_family":"fentanyl",)")).find("has no family"),
            std::string::npos);
  EXPECT_NE(LoadError(WithUse(R"("precursor_type":"structural","drug_family":"LSD",)")).find("lower-case"),
            std::string::npos);
  EXPECT_NE(LoadError("{\"id\":3}").find("must be a string"), std::string::npos);
  EXPECT_NE(LoadError("not json").find("not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace pc

namespace pc {
namespace {

// Structural definitions are data too: a broken one names its file and reason.
class BrokenDefinitions : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("pc-definitions-test-" + std::to_string(::getpid()));
  void SetUp() override {
    std::filesystem::copy(PC_DATA_DIR, dir_, std::filesystem::copy_options::recursive);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Error(const std::string& file, const std::string& from, const std::string& to) {
    auto path = dir_ / file;
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(path) << text;
    try {
      screen::Screener screener(registry::Registry::Load(dir_));
    } catch (const registry::RegistryError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(BrokenDefinitions, BundledDefinitionsLoad) {
  EXPECT_NO_THROW(screen::Screener(registry::Registry::Load(dir_)));
}

TEST_F(BrokenDefinitions, UnknownSubstituentType) {
  auto e = Error("classes/us-frs.json", "\"alkenyl\", \"alkoxyl\", \"ester\"", "\"alkenyl\", \"alkoxy\", \"ester\"");
  EXPECT_NE(e.find("us-frs.json"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown substituent type 'alkoxy'"), std::string::npos) << e;
}

TEST_F(BrokenDefinitions, FamilyClauseMustBeARegistryClause) {
  auto e = Error("families/us-4ap.json", "\"halides\": \"its halides\"", "\"hydrates\": \"its hydrates\"");
  EXPECT_NE(e.find("us-4ap.json"), std::string::npos) << e;
}

TEST_F(BrokenDefinitions, EntryMustExist) {
  auto e = Error("classes/cn-2019-frs.json", "\"entry\": \"cn-nmd-frs-class\"", "\"entry\": \"cn-nowhere\"");
  EXPECT_NE(e.find("no registry entry 'cn-nowhere'"), std::string::npos) << e;
}

TEST_F(BrokenDefinitions, ParentMustMatchItsScaffold) {
  auto e = Error("classes/us-frs.json", "\"smiles\": \"CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1\"",
                 "\"smiles\": \"CCO\"");
  EXPECT_NE(e.find("does not match its own scaffold"), std::string::npos) << e;
}

}  // namespace
}  // namespace pc
