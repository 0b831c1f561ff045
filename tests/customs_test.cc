// What customs and every page read: licences looked up by number, exporter
// or HS code, a declaration recorded once, the licence's state in one word,
// quantities as people write them, and the server's vocabularies.
#include "api_fixture.h"

namespace pc::testing {
namespace {

class Customs : public ApiTest {
 protected:
  std::string Licensed(std::map<std::string, std::string>& t) {
    long long id = Submitted(t["exporter"], Draft("ANPP", "2933.36", "Rheinland Pharma GmbH", "DE", 15));
    NotifiedNoObjection(t["officer"], t["authority"], id);
    auto dec = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}});
    EXPECT_EQ(dec.status, 200) << dec.raw;
    return dec.body["licence"]["number"];
  }
};

TEST_F(Customs, LooksLicencesUpByNumberExporterOrHsCodeAndVerifiesWhatADeclarationNames) {
  auto t = DemoTokens();
  std::string number = Licensed(t);
  auto find = [&](const std::string& query) {
    auto r = Get("/api/v1/licences?" + query, t["customs"]);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> out;
    for (const auto& l : r.body["licences"]) out.push_back(l["number"]);
    return out;
  };
  EXPECT_EQ(find("number=" + number.substr(number.size() - 4)), std::vector<std::string>{number});
  EXPECT_EQ(find("exporter=demo%20fine"), std::vector<std::string>{number});
  EXPECT_EQ(find("hs_code=293336"), std::vector<std::string>{number});
  EXPECT_TRUE(find("hs_code=2933.37").empty());
  EXPECT_TRUE(find("exporter=nobody").empty());
  EXPECT_EQ(Get("/api/v1/licences?hs_code=29", t["customs"]).status, 400);

  auto v = Get("/api/v1/licences/" + number + "/verify", t["customs"]);
  EXPECT_EQ(v.body["exporter"], "Demo Fine Chemicals Co., Ltd.");
  EXPECT_EQ(v.body["items"][0]["hs_code"], "2933.36");
  EXPECT_EQ(v.body["items"][0]["cas"], "21409-26-7");
  // One word for the licence's state on every page.
  EXPECT_EQ(Get("/api/v1/licences/" + number, t["exporter"]).body["state"], "valid");
  EXPECT_EQ(Get("/api/v1/licences", t["officer"]).body["licences"][0]["state"], "valid");
}

TEST_F(Customs, ADeclarationIsRecordedOnceAndQuantitiesReadAsPeopleWriteThem) {
  auto t = DemoTokens();
  std::string lic = "/api/v1/licences/" + Licensed(t);
  Json line = {{"reference", "CN-DECL-2026-0001"}, {"lines", {{{"item", 0}, {"quantity", 2.5}}}}};
  EXPECT_EQ(Post(lic + "/shipments", t["customs"], line).status, 201);
  auto again = Post(lic + "/shipments", t["customs"], line);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["error"]["field"], "reference");
  line["reference"] = "CN-DECL-2026-0002";
  line["lines"][0]["quantity"] = 20;
  auto over = Post(lic + "/shipments", t["customs"], line);
  EXPECT_EQ(over.status, 409);
  EXPECT_NE(over.body["error"]["reason"].get<std::string>().find("(12.5 kg)"), std::string::npos) << over.raw;
}

TEST_F(Customs, TheQueueSummarisesEachApplicationAndMetaGivesTheVocabularies) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft());
  auto queue = Get("/api/v1/applications", t["officer"]);
  ASSERT_EQ(queue.body["applications"].size(), 1u);
  const auto& row = queue.body["applications"][0];
  EXPECT_EQ(row["id"], id);
  EXPECT_EQ(row["exporter_name"], "Demo Fine Chemicals Co., Ltd.");
  EXPECT_EQ(row["verdict"], "controlled");
  EXPECT_EQ(row["items"][0]["substance"], "ANPP");
  EXPECT_FALSE(Get("/api/v1/applications", t["exporter"]).body["applications"][0].contains("exporter_name"));

  auto meta = Get("/api/v1/meta", t["exporter"]);
  ASSERT_EQ(meta.status, 200);
  bool germany = false;
  for (const auto& c : meta.body["countries"]) germany |= c["code"] == "DE" && c["name"] == "Germany";
  EXPECT_TRUE(germany);
  EXPECT_EQ(meta.body["units"][0]["code"], "kg");
  EXPECT_EQ(meta.body["application_statuses"][1]["label"], "Under review");
  // A country code ISO 3166-1 does not assign is refused, named.
  auto bad = Post("/api/v1/applications", t["exporter"], Draft("ANPP", "2933.36", "X GmbH", "XX"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "importer.country");
}

}  // namespace
}  // namespace pc::testing
