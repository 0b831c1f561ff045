// The OpenAPI document says what the API answers: real responses of the
// workflow, from each role, are validated against the schema the document
// gives for their route and status (valijson, JSON Schema). A field the
// server writes with another type, a missing required field or a status the
// document does not describe fails here before a client meets it.
#include <regex>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "api_fixture.h"

namespace pc::testing {
namespace {

class Conformance : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    std::ifstream in(std::string(PC_DATA_DIR) + "/api/openapi.json");
    openapi_ = Json::parse(in);
  }

  // The response schema the document gives for a call: its path template,
  // method, status (or "default") and the content type answered (errors are
  // application/problem+json, RFC 9457).
  Json SchemaFor(const std::string& method, const std::string& path, int status, const std::string& type) {
    std::string bare = path.substr(0, path.find('?'));
    for (const auto& [tmpl, ops] : openapi_["paths"].items()) {
      std::string pattern = std::regex_replace(tmpl, std::regex(R"(\{[a-z_]+\})"), "[^/]+");
      if (!std::regex_match(bare, std::regex(pattern))) continue;
      std::string m = method;
      for (auto& ch : m) ch = char(std::tolower(ch));
      if (!ops.contains(m)) continue;
      const auto& responses = ops[m]["responses"];
      std::string code = std::to_string(status);
      const Json& r = responses.contains(code) ? responses[code] : responses.value("default", Json());
      if (!r.is_object()) break;
      if (!r["content"].contains(type)) {
        ADD_FAILURE() << method << " " << path << " " << status << " answers " << type
                      << ", which the document does not describe";
        return Json();
      }
      return r["content"][type]["schema"];
    }
    ADD_FAILURE() << "the OpenAPI document has no response for " << method << " " << path << " " << status;
    return Json();
  }

  // Validates a reply against its schema; the components travel with it so
  // that "#/components/schemas/..." references resolve.
  void ExpectConforms(const std::string& method, const std::string& path, const Reply& reply) {
    std::string type;
    if (auto it = reply.headers.find("Content-Type"); it != reply.headers.end()) type = it->second;
    Json schema = SchemaFor(method, path, reply.status, type);
    if (schema.is_null()) return;
    Json root = {{"allOf", {schema}}, {"components", openapi_["components"]}};
    valijson::Schema parsed;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(root);
    parser.populateSchema(schema_adapter, parsed);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter body_adapter(reply.body);
    if (!validator.validate(parsed, body_adapter, &results)) {
      std::string why;
      valijson::ValidationResults::Error e;
      while (results.popError(e)) {
        std::string where;
        for (const auto& c : e.context) where += c;
        why += "\n  " + where + ": " + e.description;
      }
      ADD_FAILURE() << method << " " << path << " " << reply.status << " does not match its schema:" << why
                    << "\n  body: " << reply.raw.substr(0, 2000);
    }
    ++checked_;
  }

  Reply Check(const std::string& method, const std::string& path, const std::string& token,
              const Json& body = Json::object()) {
    Reply r = method == "GET" ? Get(path, token) : Post(path, token, body);
    ExpectConforms(method, path, r);
    return r;
  }

  Json openapi_;
  int checked_ = 0;
};

TEST_F(Conformance, TheWorkflowsAnswersMatchTheDocument) {
  auto t = DemoTokens();
  Check("GET", "/api/v1/me", t["exporter"]);
  Check("POST", "/api/v1/screen", t["exporter"], {{"input", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"},
                                                  {"destination", "US"}, {"quantity", 2}, {"unit", "kg"}});
  Check("POST", "/api/v1/screen", t["exporter"],
        {{"inputs", {{{"input", "CCO"}}, {{"input", "23056-29-3"}}, {{"input", "C CCC"}}, {{"input", "nonsense"}}}}});
  auto draft = Check("POST", "/api/v1/applications", t["exporter"], Draft());
  ASSERT_EQ(draft.status, 201) << draft.raw;
  long long id = Submitted(t["exporter"], Draft("ANPP", "2933.39"));
  std::string app = "/api/v1/applications/" + std::to_string(id);
  Check("GET", app, t["exporter"]);
  Check("GET", app, t["officer"]);
  Check("GET", "/api/v1/applications", t["exporter"]);
  Check("GET", "/api/v1/applications", t["officer"]);
  // A pre-export notification carries its summary (NotificationSummary).
  auto sent = Check("POST", app + "/notifications", t["officer"], Json::object());
  ASSERT_EQ(sent.status, 201) << sent.raw;
  EXPECT_EQ(sent.body["summary"]["items"].size(), 1u) << sent.raw;
  Check("GET", "/api/v1/notifications", t["officer"]);
  // Errors: bad input, no such object, no such route, wrong method.
  Check("POST", "/api/v1/applications", t["exporter"], {{"items", 3}});
  Check("GET", "/api/v1/applications/999999", t["exporter"]);
  Check("GET", app, "");
  EXPECT_EQ(checked_, 13);
}

// The lists, each a page with its total and next link, the audit log by its
// cursor, a batch file through the CLI's reader, and the problem details of
// a bad page size and a wrong method.
TEST_F(Conformance, ListsFilesAndProblemsMatchTheDocument) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft("ANPP", "2933.39"));
  std::string app = "/api/v1/applications/" + std::to_string(id);
  Submitted(t["exporter"], Draft());
  auto page = Check("GET", "/api/v1/applications?limit=1", t["exporter"]);
  EXPECT_EQ(page.body["applications"].size(), 1u);
  EXPECT_EQ(page.body["next"], "/api/v1/applications?limit=1&offset=1");
  Check("GET", "/api/v1/notifications", t["officer"]);
  Check("GET", "/api/v1/flags", t["officer"]);
  Check("GET", "/api/v1/licences", t["customs"]);
  Check("GET", app + "/history", t["officer"]);
  Check("GET", app + "/changes", t["officer"]);
  Check("GET", "/api/v1/registry?limit=5", t["exporter"]);
  Check("GET", "/api/v1/registry/changes?from=2020-01-01&to=2026-01-01&limit=3", t["exporter"]);
  auto audit = Check("GET", "/api/v1/audit?limit=2", t["ministry"]);
  EXPECT_EQ(audit.body["records"].size(), 2u) << audit.raw;
  Check("GET", "/api/v1/applications?limit=0", t["exporter"]);

  Reply file = Call("POST", "/api/v1/screen/file?filename=catalogue.csv&smiles_column=structure", t["exporter"],
                    "catalogue_no,structure\nA-1,CCO\nA-2,\"C1CCN(CC1)\"\"\nA-3,O=C1CCN(CCc2ccccc2)CC1\n", {},
                    "text/csv");
  ASSERT_EQ(file.status, 200) << file.raw;
  ExpectConforms("POST", "/api/v1/screen/file", file);
  Reply empty = Call("POST", "/api/v1/screen/file", t["exporter"], "", {}, "text/csv");
  ExpectConforms("POST", "/api/v1/screen/file", empty);
  EXPECT_EQ(checked_, 12);
}

}  // namespace
}  // namespace pc::testing
