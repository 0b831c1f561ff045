// The law the registry carries beyond a listing: obligations with their
// thresholds, mixture rules and destination rules ("do I need a licence?"),
// substances without a structure of their own or read as ions, the EU's
// national control of the 1961 drugs, surveillance lists, what a verdict
// consulted, and the validation of each of these in a data file.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "registry/json.h"
#include "screen/fast_path.h"
#include "test_support.h"

namespace pc {
namespace {

using pc::testing::BundledRegistry;
using pc::testing::BundledScreener;
using pc::testing::MatchedBy;
using pc::testing::Screen;
using registry::Activity;
using registry::Duty;
using registry::ObligationKind;
using rules::Verdict;

registry::Transaction Export(const std::string& destination, std::optional<double> quantity = std::nullopt,
                             const std::string& unit = "kg", std::optional<double> percent = std::nullopt) {
  registry::Transaction t;
  t.activity = Activity::kExport;
  t.destination = destination;
  t.quantity = quantity;
  t.unit = unit;
  t.concentration_percent = percent;
  t.as_of = *Date::ParseDay("2026-01-01");
  return t;
}

const registry::ObligationAnswer* Find(const std::vector<registry::ObligationAnswer>& answers, ObligationKind kind,
                                       const std::string& source = "") {
  for (const auto& a : answers)
    if (a.obligation.kind == kind && (source.empty() || a.source->id == source)) return &a;
  return nullptr;
}

std::vector<registry::ObligationAnswer> For(const std::string& id, const registry::Transaction& t) {
  auto r = BundledRegistry();
  const auto* e = r->Find(id);
  EXPECT_NE(e, nullptr) << id;
  return e ? r->ObligationsFor(*e, t) : std::vector<registry::ObligationAnswer>{};
}

TEST(Obligations, NoThresholdMeansEveryQuantity) {
  auto a = For("us-listI-npp", Export("MX", 0.001, "g"));
  const auto* notice = Find(a, ObligationKind::kAdvanceNotice);
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->duty, Duty::kRequired);
  EXPECT_NE(notice->reason.find("no threshold"), std::string::npos) << notice->reason;
  // An import obligation does not answer an export.
  for (const auto& x : a) EXPECT_NE(x.obligation.activity, Activity::kImport);
}

TEST(Obligations, ThresholdsByQuantityUnitAndMonth) {
  // Benzaldehyde: 4 kg, cumulative over a calendar month.
  auto above = For("us-listI-benzaldehyde", Export("MX", 5000, "g"));
  EXPECT_EQ(Find(above, ObligationKind::kAdvanceNotice)->duty, Duty::kRequired);
  auto below = For("us-listI-benzaldehyde", Export("MX", 1, "kg"));
  const auto* b = Find(below, ObligationKind::kAdvanceNotice);
  EXPECT_EQ(b->duty, Duty::kUnknown);  // earlier transactions of the month count
  EXPECT_NE(b->reason.find("calendar month"), std::string::npos) << b->reason;
  auto volume = For("us-listI-benzaldehyde", Export("MX", 10, "L"));
  EXPECT_EQ(Find(volume, ObligationKind::kAdvanceNotice)->duty, Duty::kUnknown);
  auto no_quantity = For("us-listI-benzaldehyde", Export("MX"));
  EXPECT_NE(Find(no_quantity, ObligationKind::kAdvanceNotice)->reason.find("no quantity"), std::string::npos);
  // Registration does not depend on the quantity.
  EXPECT_EQ(Find(below, ObligationKind::kRegistration)->duty, Duty::kRequired);
  // A 50 % mixture of 6 kg holds 3 kg of the substance: below 4 kg.
  auto mix = For("us-listI-benzaldehyde", Export("MX", 6, "kg", 50));
  EXPECT_EQ(Find(mix, ObligationKind::kAdvanceNotice)->duty, Duty::kUnknown);  // the exemption rule decides
  // Not known: List II thresholds were not in the material.
  auto toluene = For("us-listII-toluene", Export("MX", 1000, "kg"));
  EXPECT_EQ(Find(toluene, ObligationKind::kAdvanceNotice)->duty, Duty::kUnknown);
}

TEST(Obligations, ChinaMixtureRule) {
  auto pure = For("cn-pc-toluene", Export("FR", 100, "kg"));
  EXPECT_EQ(Find(pure, ObligationKind::kExportLicence)->duty, Duty::kRequired);
  auto at40 = For("cn-pc-toluene", Export("FR", 100, "kg", 40));
  EXPECT_EQ(Find(at40, ObligationKind::kExportLicence)->duty, Duty::kNotRequired);
  auto above40 = For("cn-pc-toluene", Export("FR", 100, "kg", 41));
  EXPECT_EQ(Find(above40, ObligationKind::kExportLicence)->duty, Duty::kRequired);
  EXPECT_EQ(Find(For("cn-pc-hcl", Export("FR", 100, "kg", 15)), ObligationKind::kExportLicence)->duty,
            Duty::kRequired);
  EXPECT_EQ(Find(For("cn-pc-hcl", Export("FR", 100, "kg", 8)), ObligationKind::kExportLicence)->duty,
            Duty::kNotRequired);
  // Any other listed precursor: any amount, compound medicines excepted.
  const auto* trace = Find(For("cn-pc-4ap", Export("FR", 1, "kg", 0.5)), ObligationKind::kExportLicence);
  EXPECT_EQ(trace->duty, Duty::kRequired);
  EXPECT_NE(trace->reason.find("compound pharmaceutical preparations"), std::string::npos) << trace->reason;
}

TEST(Obligations, EuMixturesTurnOnRecovery) {
  auto a = For("eu-cat1-4ap", Export("US", 1, "kg", 5));
  ASSERT_FALSE(a.empty());
  for (const auto& x : a) EXPECT_EQ(x.duty, Duty::kUnknown) << x.reason;
  EXPECT_EQ(Find(For("eu-cat1-4ap", Export("US", 1, "kg")), ObligationKind::kOperatorLicence)->duty,
            Duty::kRequired);
}

TEST(Obligations, DestinationRulesWithUnknownChemicalsSaySo) {
  // China's 2025 catalogue for the US, Mexico and Canada: 13 chemicals not
  // named in the material. An export there is "unknown", never "none".
  auto us = For("cn-pc-npp", Export("US", 1, "kg"));
  const auto* na = Find(us, ObligationKind::kExportLicence, "cn-export-specific-na-2025");
  ASSERT_NE(na, nullptr);
  EXPECT_EQ(na->duty, Duty::kUnknown);
  EXPECT_NE(na->reason.find("not known"), std::string::npos) << na->reason;
  // The general export licence is still required.
  EXPECT_EQ(Find(us, ObligationKind::kExportLicence, "cn-pc-npp")->duty, Duty::kRequired);
  // Not a specific country: no specific-country rule answers.
  auto fr = For("cn-pc-npp", Export("FR", 1, "kg"));
  EXPECT_EQ(Find(fr, ObligationKind::kExportLicence, "cn-export-specific-na-2025"), nullptr);
  EXPECT_EQ(Find(fr, ObligationKind::kExportLicence, "cn-export-specific-2005"), nullptr);
  // Myanmar: the 2005 and 2024 rules, both with chemicals not known.
  auto mm = For("cn-pc-npp", Export("MM", 1, "kg"));
  EXPECT_NE(Find(mm, ObligationKind::kExportLicence, "cn-export-specific-2005"), nullptr);
  EXPECT_NE(Find(mm, ObligationKind::kExportLicence, "cn-export-specific-2024"), nullptr);
  // Before 10 Nov 2025 the US was not a specific country.
  auto early = Export("US", 1, "kg");
  early.as_of = *Date::ParseDay("2025-11-09");
  EXPECT_EQ(Find(For("cn-pc-npp", early), ObligationKind::kExportLicence, "cn-export-specific-na-2025"), nullptr);
  // No destination given: a rule that depends on it cannot be settled.
  auto none = For("cn-pc-npp", Export(""));
  EXPECT_EQ(Find(none, ObligationKind::kExportLicence, "cn-export-specific-2005")->duty, Duty::kUnknown);
  // UN pre-export notification: which Parties invoked art. 12(10)(a) is not known.
  const auto* pen = Find(For("un1988-t1-npp", Export("GH")), ObligationKind::kPreExportNotification);
  ASSERT_NE(pen, nullptr);
  EXPECT_EQ(pen->duty, Duty::kUnknown);
  // A Table II substance is outside art. 12(10)(a).
  EXPECT_EQ(Find(For("un1988-t2-acetone", Export("GH")), ObligationKind::kPreExportNotification), nullptr);
  // EU category 3: export authorisation by destination, destinations not known.
  EXPECT_EQ(Find(For("eu-cat3-acetone", Export("CO")), ObligationKind::kExportAuthorisation)->duty, Duty::kUnknown);
}

TEST(Obligations, NoExportWithinTheJurisdictionsTerritory) {
  // EU category 1 to Germany: a supply within the Union, under Reg. (EC)
  // 273/2004 (operator licence, customer declaration); 111/2005's export
  // authorisation binds trade with third countries only, and says why not.
  auto de = For("eu-cat1-p2p", Export("DE", 5, "kg"));
  const auto* authorisation = Find(de, ObligationKind::kExportAuthorisation);
  ASSERT_NE(authorisation, nullptr);
  EXPECT_EQ(authorisation->duty, Duty::kNotRequired);
  EXPECT_NE(authorisation->reason.find("DE lies within EU"), std::string::npos) << authorisation->reason;
  EXPECT_EQ(Find(de, ObligationKind::kOperatorLicence)->duty, Duty::kRequired);
  EXPECT_EQ(Find(de, ObligationKind::kCustomerDeclaration)->duty, Duty::kRequired);
  // To a third country it is an export: the authorisation is required and
  // the intra-Union customer declaration does not answer.
  auto us = For("eu-cat1-p2p", Export("US", 5, "kg"));
  EXPECT_EQ(Find(us, ObligationKind::kExportAuthorisation)->duty, Duty::kRequired);
  EXPECT_EQ(Find(us, ObligationKind::kCustomerDeclaration), nullptr);
  // Category 3's export authorisation by destination: not for a Member State.
  EXPECT_EQ(Find(For("eu-cat3-acetone", Export("FR")), ObligationKind::kExportAuthorisation)->duty,
            Duty::kNotRequired);
  // Other jurisdictions state no territory: every destination is an export.
  EXPECT_EQ(BundledRegistry()->TerritoryOf("CN"), nullptr);
  EXPECT_EQ(Find(For("cn-pc-npp", Export("DE", 1, "kg")), ObligationKind::kExportLicence, "cn-pc-npp")->duty,
            Duty::kRequired);
}

TEST(Obligations, NothingBeforeTheListingStarts) {
  auto t = Export("MX", 1, "kg");
  t.as_of = *Date::ParseDay("2023-05-11");
  EXPECT_TRUE(For("us-listI-4piperidone", t).empty());
  t.as_of = *Date::ParseDay("2023-05-12");
  EXPECT_FALSE(For("us-listI-4piperidone", t).empty());
}

// Inorganic substances are identified by name, CAS RN and structure, and
// never dropped as a counter-ion or solvent.
TEST(Inorganics, PermanganateByNameCasAndStructure) {
  for (const char* input : {"name:potassium permanganate", "cas:7722-64-7", "[K+].[O-][Mn](=O)(=O)=O",
                            "高锰酸钾"}) {
    auto r = Screen(input, "2026-01-01");
    ASSERT_EQ(r.status, rules::Status::kOk) << input << ": " << r.error;
    EXPECT_TRUE(MatchedBy(r, "UN", "un1988-t1-kmno4")) << input;
    EXPECT_TRUE(MatchedBy(r, "US", "us-listII-kmno4")) << input;
    EXPECT_TRUE(MatchedBy(r, "EU", "eu-cat2b-kmno4")) << input;
    EXPECT_TRUE(MatchedBy(r, "CN", "cn-pc-kmno4")) << input;
    EXPECT_FALSE(MatchedBy(r, "US", "us-listII-namno4")) << input;
  }
  // Sodium permanganate is List II in the US only.
  auto na = Screen("[Na+].[O-][Mn](=O)(=O)=O", "2026-01-01");
  EXPECT_TRUE(MatchedBy(na, "US", "us-listII-namno4"));
  EXPECT_EQ(na.jurisdictions.at("EU").verdict, Verdict::kClear);
}

TEST(Inorganics, AcidsAndElements) {
  EXPECT_TRUE(MatchedBy(Screen("Cl", "2026-01-01", {"EU"}), "EU", "eu-cat3-hcl"));
  EXPECT_TRUE(MatchedBy(Screen("name:hydrochloric acid", "2026-01-01", {"CN"}), "CN", "cn-pc-hcl"));
  EXPECT_TRUE(MatchedBy(Screen("OS(=O)(=O)O", "2026-01-01", {"UN"}), "UN", "un1988-t2-h2so4"));
  EXPECT_TRUE(MatchedBy(Screen("II", "2026-01-01", {"US"}), "US", "us-listI-iodine"));
  EXPECT_TRUE(MatchedBy(Screen("name:red phosphorus", "2026-01-01", {"US"}), "US", "us-listI-red-p"));
  // Salts of hydrochloric acid are not hydrochloric acid: sodium chloride
  // and an amine hydrochloride are clear (the UN footnote excludes them).
  EXPECT_EQ(*Screen("[Na+].[Cl-]", "2026-01-01").verdict, Verdict::kClear);
  auto salt = Screen("CCN(CC)CC.Cl", "2026-01-01");
  for (const auto& [code, jr] : salt.jurisdictions)
    for (const auto& m : jr.matches) EXPECT_EQ(m.entry->id.find("hcl"), std::string::npos) << m.entry->id;
}

TEST(NaturalProductsAndPreparations, FoundByNameScreenedAsTheirConstituent) {
  for (const char* name : {"sassafras oil", "黄樟油", "ephedra extract", "麻黄浸膏粉"}) {
    auto r = Screen(name, "2026-01-01", {"CN"});
    ASSERT_EQ(r.status, rules::Status::kOk) << name << ": " << r.error;
    EXPECT_EQ(r.jurisdictions.at("CN").verdict, Verdict::kControlled) << name;
  }
  auto medicine = Screen("name:medicinal products containing pseudoephedrine", "2026-01-01", {"EU"});
  ASSERT_EQ(medicine.status, rules::Status::kOk) << medicine.error;
  EXPECT_EQ(medicine.jurisdictions.at("EU").verdict, Verdict::kControlled);
  // Not indexed by structure: safrole is safrole, not sassafras oil.
  auto safrole = Screen("C=CCc1ccc2c(c1)OCO2", "2026-01-01", {"CN"});
  EXPECT_TRUE(MatchedBy(safrole, "CN", "cn-pc-safrole"));
  EXPECT_FALSE(MatchedBy(safrole, "CN", "cn-pc-sassafras-oil"));
}

// EU Member States control the 1961 Convention's drugs under national law:
// fentanyl is controlled in "EU", not on watch for want of an EU list.
TEST(Adoption, EuControlsTheSingleConventionDrugs) {
  auto r = Screen("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "2026-01-01", {"EU"});
  const auto& eu = r.jurisdictions.at("EU");
  EXPECT_EQ(eu.verdict, Verdict::kControlled);
  ASSERT_TRUE(MatchedBy(r, "EU", "eu-national-drug-control"));
  for (const auto& m : eu.matches)
    if (m.entry->id == "eu-national-drug-control") {
      EXPECT_EQ(m.details["via"], "un1961-s1-fentanyl");
      EXPECT_EQ(m.since->ToString(), "1964");
    }
  // Only the adopted lists: a UN precursor is not an EU drug.
  EXPECT_FALSE(MatchedBy(Screen("O=C1CCNCC1", "2026-01-01", {"EU"}), "EU", "eu-national-drug-control"));
  // Butyrfentanyl: from its UN decision (2017-03-16), not before.
  const char* butyr = "CCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1";
  EXPECT_TRUE(MatchedBy(Screen(butyr, "2017-03-16", {"EU"}), "EU", "eu-national-drug-control"));
  EXPECT_FALSE(MatchedBy(Screen(butyr, "2017-03-15", {"EU"}), "EU", "eu-national-drug-control"));
}

// A named listing outranks a class: the US definition yields to Schedule II.
TEST(Precedence, NamedListingBeforeTheClass) {
  auto r = Screen("CCC(=O)N(c1ccccc1)C1(COC)CCN(CCc2cccs2)CC1", "2026-01-01", {"US"});  // sufentanil
  EXPECT_TRUE(MatchedBy(r, "US", "us-sII-sufentanil"));
  for (const auto& m : r.jurisdictions.at("US").matches)
    if (m.rule == rules::RuleKind::kClass) {
      EXPECT_TRUE(m.details.contains("superseded_by"));
    }
}

TEST(Consulted, ClearVerdictsNameTheListsAndDates) {
  auto r = BundledRegistry();
  auto lists = r->Consulted("UN", *Date::ParseDay("2023-01-01"));
  // Tables I and II, the 1961 and the 1971 Conventions.
  ASSERT_EQ(lists.size(), 4u);
  for (const auto& l : lists) {
    EXPECT_EQ(l.reviewed.ToString(), "2026-12-07");
    if (l.list == "1988 Convention Table I") {
      EXPECT_EQ(l.last_change->ToString(), "2022-11-23");
    }
  }
  auto result = Screen("CCO", "2023-01-01");
  result.registry = r;
  auto j = rules::ToJson(result);
  for (const char* code : {"UN", "US", "CN", "EU"}) {
    ASSERT_TRUE(j["jurisdictions"][code].contains("consulted")) << code;
    EXPECT_FALSE(j["jurisdictions"][code]["consulted"]["lists"].empty()) << code;
    EXPECT_EQ(j["jurisdictions"][code]["consulted"]["reviewed"], "2026-12-07") << code;
  }
  EXPECT_EQ(j["jurisdictions"]["UN"]["consulted"]["lists"]["un-1988-table-i"], "2022-11-23");
  // A controlled verdict names its grounds instead.
  auto fentanyl = Screen("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "2023-01-01", {"US"});
  fentanyl.registry = r;
  EXPECT_FALSE(rules::ToJson(fentanyl)["jurisdictions"]["US"].contains("consulted"));
}

TEST(ChangeFeed, RealHistoryOfEveryJurisdiction) {
  auto r = BundledRegistry();
  std::map<std::string, int> events;
  for (const auto& c : r->Changes(*Date::ParseDay("2014-01-01"), *Date::ParseDay("2026-12-31")))
    ++events[c.entry->jurisdiction];
  for (const char* code : {"UN", "US", "CN", "EU"}) EXPECT_GE(events[code], 8) << code;
}

// The fast path settles only what no rule can match: it must agree with the
// full pipeline on every listed structure, inorganic ones and mixtures too.
TEST(FastPathIdentity, EveryRegistryStructure) {
  const auto& screener = BundledScreener();
  std::vector<std::string> inputs = {
      "[Na+].[Cl-]", "Cl", "II", "CCO.II", "[P]", "CC(C)=O.Cl", "[K+].[O-][Mn](=O)(=O)=O",
      "[Na+].[O-][Mn](=O)(=O)=O", "[K+].[O-][Mn](=O)(=O)=O.O", "CCO.[K+].[O-][Mn](=O)(=O)=O",
      "CCCCCCCCCCCCCC(=O)O.[K+].[O-][Mn](=O)(=O)=O", "CC(=O)Nc1ccc(O)cc1.[K+].[O-][Mn](=O)(=O)=O",
      "CCN(CC)CC.[Na+].[O-][Mn](=O)(=O)=O", "c1ccccc1.[K+].[O-][Mn](=O)(=O)=O", "OC(=O)c1ccccc1.II"};
  for (const auto& e : BundledRegistry()->entries())
    if (e.HasOwnStructure()) {
      inputs.push_back(e.smiles);
      inputs.push_back(e.smiles + ".Cl");
    }
  rules::Query query{{}, *Date::ParseDay("2026-01-01")};
  screen::ScreenOptions on, off;
  on.structure_when_clear = off.structure_when_clear = false;
  on.fast_path = true;
  for (const auto& input : inputs) {
    screen::InputRecord record{"t", input, screen::InputHint::kSmiles, ""};
    EXPECT_EQ(rules::ToJson(screener.Screen(record, query, on)).dump(),
              rules::ToJson(screener.Screen(record, query, off)).dump())
        << input;
  }
}

// A scratch data directory: the bundled data plus one file of our own.
class ExtraData : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("pc-law-test-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::copy(PC_DATA_DIR, dir_, std::filesystem::copy_options::recursive); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Load(const std::string& categories, const std::string& entries, const std::string& extra = "") {
    std::ofstream(dir_ / "registry" / "zz-test.json")
        << R"({"format":"precursor-registry/1","jurisdiction":"US","list":"test","reviewed":"2026-12-07",)"
        << R"("categories":[)" << categories << "]," << extra << R"("entries":[)" << entries << "]}";
    try {
      registry_ = registry::Registry::Load(dir_);
    } catch (const registry::RegistryError& e) {
      return e.what();
    }
    return "";
  }
  static std::string Category(const std::string& kind = "precursor") {
    return R"({"id":"t-cat","name":"Test","kind":")" + kind + R"(","citation":"c","verification":"verified"})";
  }
  static std::string Entry(const std::string& extra, const std::string& smiles = R"("smiles":"CC(=O)CCc1ccccc1")") {
    return R"({"id":"t-1","kind":"substance","role":"precursor","precursor_type":"structural",)"
           R"("drug_family":"amphetamine-type","name":"test substance",)" + smiles +
           R"(,"list":"L","category":"t-cat","status":"listed","effective_date":"2020-01-01","scope":[],)"
           R"("citation":"c","verification":"verified")" + extra + "}";
  }
  std::shared_ptr<const registry::Registry> registry_;
};

TEST_F(ExtraData, SurveillanceListGivesWatch) {
  ASSERT_EQ(Load(Category("surveillance"), Entry("")), "");
  screen::Screener screener(registry_);
  screen::InputRecord record{"t", "CC(=O)CCc1ccccc1", screen::InputHint::kAuto, ""};
  auto r = screener.Screen(record, {{"US"}, *Date::ParseDay("2026-01-01")});
  EXPECT_EQ(r.jurisdictions.at("US").verdict, Verdict::kWatch);
}

TEST_F(ExtraData, EachMistakeNamesFileEntryAndReason) {
  auto error = [&](const std::string& categories, const std::string& entries, const std::string& extra = "") {
    std::string e = Load(categories, entries, extra);
    EXPECT_NE(e.find("zz-test.json"), std::string::npos) << e;
    return e;
  };
  EXPECT_EQ(Load(Category(), Entry("")), "");
  EXPECT_NE(error("", Entry("")).find("categories"), std::string::npos);
  EXPECT_NE(error(Category(), Entry("").replace(Entry("").find("t-cat"), 5, "other")).find("'t-1': category"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"notice_date":"2020")")).find("replaced by adoption_date"), std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"formula":"C9H10O")")).find("not the formula"), std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"hs":{"subheading":"2914.39","national":[{"system":"EU CN","code":"2915 39 00"}],"source":"s","verification":"verified"})"))
                .find("does not fall under subheading"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"hs":{"national":[{"system":"EU CN","code":"2914 39"}],"source":"s","verification":"verified"})"))
                .find("has 8 digits"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"threshold":{"none":true,"quantity":1,"unit":"kg","citation":"c","verification":"verified"})"))
                .find("contradict"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"threshold":{"quantity":1,"unit":"lb","citation":"c","verification":"verified"})"))
                .find("threshold.unit"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"mixture":{"rule":"above_percent","citation":"c","verification":"verified"})"))
                .find("mixture.percent"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"identities":[{"cas":"40064-34-5","form":"hydrate","cas_source":"s","verification":"verified"}])"))
                .find("check digit"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(R"(,"material":"natural")")).find("no structure of its own"), std::string::npos);
  EXPECT_EQ(Load(Category(), Entry(R"(,"material":"inorganic")", R"("smiles":"[K+].[O-][Mn](=O)(=O)=O")")), "");
  EXPECT_NE(error(Category(), Entry("", R"("smiles":"[K+].[O-][Mn](=O)(=O)=O")")).find("one neutral parent"),
            std::string::npos);
  std::string regime = R"({"id":"t-r","kind":"regime","name":"r","list":"L","category":"t-cat","status":"listed",)"
                       R"("citation":"c","verification":"verified",)";
  EXPECT_NE(error(Category(), regime + R"("destination_rules":[{"destinations":[],"chemicals":"not known","obligation":{"kind":"export_licence","text":"t","citation":"c","verification":"verified"}}]})")
                .find("not known"),
            std::string::npos);
  EXPECT_NE(error(Category(), regime + R"("destination_rules":[{"destinations":["USA"],"chemicals":"not known","obligation":{"kind":"export_licence","text":"t","citation":"c","verification":"verified"}}]})")
                .find("ISO 3166"),
            std::string::npos);
  EXPECT_NE(error(Category(), regime + R"("destination_rules":[{"destinations":["MX"],"chemicals":["nowhere"],"obligation":{"kind":"export_licence","text":"t","citation":"c","verification":"verified"}}]})")
                .find("no entry or category 'nowhere'"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(""), R"("territory":{"members":["DEU"],"citation":"c","verification":"verified"},)")
                .find("territory.members"),
            std::string::npos);
  EXPECT_NE(error(Category(), Entry(""), R"("territory":{"members":[],"citation":"c","verification":"verified"},)")
                .find("territory.members"),
            std::string::npos);
  EXPECT_NE(error(Category(), regime + R"("adopts":{"jurisdiction":"UN","categories":["us-list-i"]}})")
                .find("not a category of UN"),
            std::string::npos);
  EXPECT_NE(error(Category(), regime + R"("destination_rules":[{"destinations":["MX"],"chemicals":"not known","obligation":{"kind":"licence","text":"t","citation":"c","verification":"verified"}}]})")
                .find("is not one of"),
            std::string::npos);
}

}  // namespace
}  // namespace pc
