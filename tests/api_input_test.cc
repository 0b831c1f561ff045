// Bad input is refused with a 4xx, a JSON error naming the field and the
// reason, and changes nothing: malformed JSON, wrong types, unknown fields,
// invalid structures, oversize and mislabelled uploads.
#include <set>

#include "api_fixture.h"

namespace pc::testing {
namespace {

class BadInput : public ApiTest {
 protected:
  licensing::ServiceConfig Config() override {
    licensing::ServiceConfig c = ApiTest::Config();
    c.max_document_bytes = 64 * 1024;  // small, so the test can exceed it cheaply
    return c;
  }
};

struct Case {
  std::string name, body, field, reason_part;
  int status = 400;
};

TEST_F(BadInput, RefusedWithFieldAndReasonAndNothingChanges) {
  auto t = DemoTokens();
  auto good = Post("/api/v1/applications", t["exporter"], Draft());
  ASSERT_EQ(good.status, 201);
  long long id = good.body["id"];
  auto with = [](std::function<void(Json&)> change) {
    Json d = Draft();
    change(d);
    return d.dump();
  };
  const std::vector<Case> cases = {
      {"malformed JSON", R"({"importer": {"name": )", "", "malformed JSON"},
      {"not an object", "[1,2,3]", "", "must be a JSON object"},
      {"empty body", "", "", "malformed JSON"},
      {"wrong type: quantity as string", with([](Json& d) { d["items"][0]["quantity"] = "5"; }),
       "items[0].quantity", "must be a number"},
      {"wrong type: items as object", with([](Json& d) { d["items"] = Json::object(); }), "items", "must be an array"},
      {"wrong type: importer as string", with([](Json& d) { d["importer"] = "ACME"; }), "importer", "must be an object"},
      {"unknown field", with([](Json& d) { d["priority"] = "high"; }), "priority", "unknown field"},
      {"misspelt nested field", with([](Json& d) { d["items"][0]["quantiy"] = 1; }), "items[0].quantiy", "unknown field"},
      {"missing field", with([](Json& d) { d.erase("end_use"); }), "end_use", "is required"},
      {"invalid structure", with([](Json& d) { d["items"][0]["substance"] = "C1CC("; }), "items[0].substance", ""},
      {"zero quantity", with([](Json& d) { d["items"][0]["quantity"] = 0; }), "items[0].quantity", "positive"},
      {"negative quantity", with([](Json& d) { d["items"][0]["quantity"] = -3; }), "items[0].quantity", "positive"},
      {"unknown unit", with([](Json& d) { d["items"][0]["unit"] = "tonnes"; }), "items[0].unit", ""},
      {"not an HS code", with([](Json& d) { d["items"][0]["hs_code"] = "chemicals"; }), "items[0].hs_code", ""},
      {"bad country", with([](Json& d) { d["destination"] = "Germany"; }), "destination", ""},
      {"bad date", with([](Json& d) { d["planned_shipment_date"] = "2027-02-30"; }), "planned_shipment_date", ""},
      {"date in the past", with([](Json& d) { d["planned_shipment_date"] = "2020-01-01"; }), "planned_shipment_date", "past"},
      {"no items", with([](Json& d) { d["items"] = Json::array(); }), "items", ""},
      {"blank importer name", with([](Json& d) { d["importer"]["name"] = "  "; }), "importer.name", "required"},
  };
  auto audit_before = AuditCount();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Call("POST", "/api/v1/applications", t["exporter"], c.body);
    EXPECT_EQ(r.status, c.status) << r.raw;
    ASSERT_TRUE(r.body.contains("error")) << r.raw;
    EXPECT_EQ(r.body["error"]["field"].is_null() ? "" : r.body["error"]["field"].get<std::string>(), c.field);
    std::string reason = r.body["error"]["reason"];
    EXPECT_FALSE(reason.empty());
    EXPECT_NE(reason.find(c.reason_part), std::string::npos) << reason;
    // The same bad bodies on an update are refused the same way.
    auto u = Call("PATCH", App(id), t["exporter"], c.body, {{"If-Match", "1"}});
    EXPECT_GE(u.status, 400);
    EXPECT_LT(u.status, 500);
  }

  // Uploads: over the limit, a type not accepted, content not matching its type.
  auto big = Upload(t["exporter"], id, "export_contract", "%PDF-" + std::string(70 * 1024, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.body["error"]["field"], "body");
  auto huge = Upload(t["exporter"], id, "export_contract", "%PDF-" + std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(huge.status, 413);  // beyond what the server reads at all
  EXPECT_TRUE(huge.body.contains("error"));
  EXPECT_EQ(Upload(t["exporter"], id, "export_contract", "MZ\x90\x00", "application/x-msdownload").status, 415);
  auto fake = Upload(t["exporter"], id, "export_contract", "<html>not a pdf", "application/pdf");
  EXPECT_EQ(fake.status, 415);
  EXPECT_EQ(Upload(t["exporter"], id, "passport").body["error"]["field"], "type");
  EXPECT_EQ(Upload(t["exporter"], id, "export_contract", "").status, 400);

  // Other routes: wrong types and unknown values.
  EXPECT_EQ(Post("/api/v1/screen", t["exporter"], {{"input", 42}}).body["error"]["field"], "input");
  EXPECT_EQ(Post("/api/v1/screen", t["exporter"], {{"input", "CCO"}, {"jurisdictions", {"XX"}}}).body["error"]["field"],
            "jurisdictions[0]");
  EXPECT_EQ(Post("/api/v1/screen", t["exporter"], {{"input", "CCO"}, {"as_of", "yesterday"}}).body["error"]["field"], "as_of");
  EXPECT_EQ(Post("/api/v1/login", "", {{"username", "exporter"}}).body["error"]["field"], "password");
  EXPECT_EQ(Call("GET", "/api/v1/nothing-here", t["exporter"]).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/applications?status=lost", t["exporter"]).body["error"]["field"], "status");

  // Nothing changed: no audit record, the draft as it was, no document stored.
  EXPECT_EQ(AuditCount(), audit_before);
  auto after = Get(App(id), t["exporter"]);
  EXPECT_EQ(after.body["version"], 1);
  EXPECT_EQ(after.body["documents"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/applications", t["exporter"]).body["applications"].size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "documents") && !std::filesystem::is_empty(dir_ / "documents"));
}

// A form with several mistakes hears of all of them in one 400, each with
// its field, so every one can be marked at once.
TEST_F(BadInput, EveryFieldProblemIsReportedInOneAnswer) {
  auto t = DemoTokens();
  Json d = Draft();
  d["importer"]["country"] = "Germany";
  d["destination"] = "XX";
  d["items"][0]["quantity"] = -1;
  d["items"][0]["hs_code"] = "29";
  d["end_use"] = " ";
  auto r = Post("/api/v1/applications", t["exporter"], d);
  ASSERT_EQ(r.status, 400) << r.raw;
  std::set<std::string> fields;
  for (const auto& p : r.body["error"]["problems"]) fields.insert(p["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"importer.country", "destination", "items[0].quantity",
                                           "items[0].hs_code", "end_use"}))
      << r.raw;
  EXPECT_EQ(r.body["error"]["field"], "importer.country");
  EXPECT_NE(r.body["error"]["reason"].get<std::string>().find("e.g. DE for Germany"), std::string::npos);
}

// Issue 20, item 2: what RDKit alone would cut short is an error, never a
// clear, through the API as through the command line; and what a client
// sends never makes the answer itself fail.
TEST_F(BadInput, TextAfterAStructureOrAControlCharacterIsAnErrorNotClear) {
  auto t = DemoTokens();
  const std::string fentanyl = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1";
  for (const std::string& input : {"C " + fentanyl, std::string("C\0", 2) + fentanyl, "C\t" + fentanyl}) {
    auto r = Post("/api/v1/screen", t["exporter"], {{"input", input}});
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.body["status"], "error") << r.raw;
    EXPECT_FALSE(r.body.contains("verdict") && r.body["verdict"] == "clear") << r.raw;
  }
  // A number beyond a double's range is a 400, not a 500.
  auto huge = Call("POST", "/api/v1/screen", t["exporter"], R"({"input":"CCO","quantity":1e999})");
  EXPECT_EQ(huge.status, 400) << huge.raw;
  // A path that is not UTF-8 is echoed in the error as U+FFFD, not a failed answer.
  auto odd = Call("GET", "/api/v1/nothing%FF%FE", t["exporter"]);
  EXPECT_EQ(odd.status, 404);
  ASSERT_TRUE(odd.body.is_object()) << odd.raw;
  EXPECT_NE(odd.body["error"]["reason"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace pc::testing
