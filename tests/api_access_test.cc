// Every route, called by every role and by nobody, on objects that belong to
// another organisation (or are addressed to another country): no call may
// succeed where it should not, and no refused call may show the object.
// The matrix is generated from the route table below, and the table must
// cover every route the server registers.
#include <set>

#include "api_fixture.h"

namespace pc::testing {
namespace {

// The other organisation's importer: must never appear in a refused answer
// or in a list meant for someone else.
const char kSecret[] = "Borealis Secret Importer";

struct RouteCase {
  std::string method, route;  // route as registered (OpenAPI form)
  std::string path;           // with the other organisation's objects filled in
  std::string body;
  std::set<std::string> allowed;  // roles that may act on this object
  bool list = false;              // a list: 200 for more roles, but must not leak
  std::string content_type = "application/json";
};

class AccessMatrix : public ApiTest {};

TEST_F(AccessMatrix, NoRouteLeaksAnotherOrganisationsObjects) {
  auto t = DemoTokens();  // exporter (org A), officer, authority (DE), customs
  // Organisation B: an exporter trading with the US, whose authority is not ours.
  auto b = NewOrgUser("Exporter B", licensing::OrgKind::kExporter, "CN", "exporter-b");
  auto us = NewOrgUser("US authority", licensing::OrgKind::kImportingAuthority, "US", "authority-us");
  // A second licensing authority and customs of another country: within
  // their own scope, B's objects are none of theirs.
  t["officer2"] = NewOrgUser("Second Provincial Commerce Department", licensing::OrgKind::kLicensingAuthority, "CN",
                             "officer2");
  t["customs2"] = NewOrgUser("Zollamt Frankfurt", licensing::OrgKind::kCustoms, "DE", "customs2");
  auto draft_b = Post("/api/v1/applications", b, Draft("ANPP", "2933.36", kSecret, "US"));
  ASSERT_EQ(draft_b.status, 201);
  long long draft = draft_b.body["id"];
  ASSERT_EQ(Upload(b, draft, "export_contract").status, 201);
  long long approved = Submitted(b, Draft("ANPP", "2933.36", kSecret, "US"));
  auto note = Post(App(approved, "/notifications"), t["officer"]);
  ASSERT_EQ(note.status, 201);
  std::string nid = std::to_string(note.body["id"].get<long long>());
  ASSERT_EQ(Post("/api/v1/notifications/" + nid + "/reply", us, {{"reply", "no_objection"}}).status, 200);
  auto dec = Post(App(approved, "/decision"), t["officer"], {{"decision", "approve"}});
  ASSERT_EQ(dec.status, 200) << dec.raw;
  std::string lic = dec.body["licence"]["number"];
  long long pending = Submitted(b, Draft("NPP", "2933.37", kSecret, "US"));
  auto note2 = Post(App(pending, "/notifications"), t["officer"]);
  std::string nid2 = std::to_string(note2.body["id"].get<long long>());
  ASSERT_EQ(Post("/api/v1/notifications/" + nid2 + "/questions", us, {{"question", "Who is the consignee?"}}).status, 201);

  Json draft_body = Draft("NPP", "2933.37");
  draft_body["version"] = 2;
  const std::string L = "/api/v1/licences/" + lic;
  const std::vector<RouteCase> cases = {
      {"GET", "/api/openapi.json", "/api/openapi.json", "", {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"POST", "/api/v1/login", "/api/v1/login", R"({"username":"exporter-b","password":"wrong-password"})", {}},
      {"POST", "/api/v1/logout", "/api/v1/logout", "", {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"GET", "/api/v1/meta", "/api/v1/meta", "", {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"GET", "/api/v1/me", "/api/v1/me", "", {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"POST", "/api/v1/screen", "/api/v1/screen", R"({"input":"CCO"})",
       {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"POST", "/api/v1/scan", "/api/v1/scan", R"({"text":"Glass beakers, 4-ANPP"})",
       {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"POST", "/api/v1/screen/file", "/api/v1/screen/file?filename=in.smi", "CCO\n4-ANPP\n",
       {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}, false, "text/plain"},
      {"GET", "/api/v1/applications", "/api/v1/applications", "", {"exporter", "officer", "ministry", "officer2"}, true},
      {"POST", "/api/v1/applications", "/api/v1/applications", Draft().dump(), {"exporter"}},
      {"GET", "/api/v1/applications/{id}", App(approved), "", {"officer", "ministry"}},
      {"GET", "/api/v1/applications/{id}", App(draft), "", {}},  // a draft: not even the officer
      {"PATCH", "/api/v1/applications/{id}", App(draft), draft_body.dump(), {}},
      {"POST", "/api/v1/applications/{id}/documents", App(draft, "/documents?type=export_contract&filename=c.pdf"),
       "%PDF-1.4 x", {}, false, "application/pdf"},
      {"GET", "/api/v1/applications/{id}/documents/{document}", App(draft, "/documents/1"), "", {}},
      {"GET", "/api/v1/applications/{id}/documents/{document}", App(approved, "/documents/1"), "", {"officer", "ministry"}},
      {"POST", "/api/v1/applications/{id}/submit", App(draft, "/submit"), "", {}},
      {"POST", "/api/v1/applications/{id}/answer", App(pending, "/answer"), R"({"answer":"x"})", {}},
      {"POST", "/api/v1/applications/{id}/withdraw", App(pending, "/withdraw"), "", {}},
      {"GET", "/api/v1/applications/{id}/changes", App(approved, "/changes?since=1"), "", {"officer", "ministry"}},
      {"GET", "/api/v1/applications/{id}/approval", App(approved, "/approval"), "", {"officer", "ministry"}},
      {"GET", "/api/v1/applications/{id}/history", App(approved, "/history"), "", {"officer", "ministry"}},
      {"POST", "/api/v1/applications/{id}/information-requests", App(approved, "/information-requests"),
       R"({"question":"x"})", {"officer"}},
      {"POST", "/api/v1/applications/{id}/notifications", App(approved, "/notifications"), "", {"officer"}},
      {"POST", "/api/v1/applications/{id}/decision", App(approved, "/decision"),
       R"({"decision":"refuse","reasons":"x"})", {"officer"}},
      {"GET", "/api/v1/notifications", "/api/v1/notifications", "", {"officer", "ministry", "officer2", "authority"}, true},
      {"GET", "/api/v1/notifications/{id}", "/api/v1/notifications/" + nid, "", {"officer", "ministry"}},
      {"POST", "/api/v1/notifications/{id}/reply", "/api/v1/notifications/" + nid2 + "/reply",
       R"({"reply":"objection","reasons":"x"})", {}},
      {"POST", "/api/v1/notifications/{id}/questions", "/api/v1/notifications/" + nid2 + "/questions",
       R"({"question":"x"})", {}},
      {"POST", "/api/v1/notifications/{id}/questions/{question}/answer",
       "/api/v1/notifications/" + nid2 + "/questions/1/answer", R"({"answer":"x"})", {"officer"}},
      {"POST", "/api/v1/notifications/{id}/extend", "/api/v1/notifications/" + nid2 + "/extend", R"({"days":5})", {}},
      {"GET", "/api/v1/licences", "/api/v1/licences", "",
       {"exporter", "officer", "ministry", "officer2", "customs", "customs2"}, true},
      {"GET", "/api/v1/licences/{number}", L, "", {"officer", "ministry", "customs"}},
      {"GET", "/api/v1/licences/{number}/qr.svg", L + "/qr.svg", "", {"officer", "ministry", "customs"}},
      {"GET", "/api/v1/licences/{number}/verify", L + "/verify", "", {"officer", "ministry", "customs"}},
      {"GET", "/api/v1/licences/{number}/shipments", L + "/shipments", "", {"officer", "ministry", "customs"}},
      {"POST", "/api/v1/licences/{number}/shipments", L + "/shipments",
       R"({"reference":"D1","lines":[{"item":0,"quantity":0.5}]})", {"customs"}},
      {"POST", "/api/v1/licences/{number}/revoke", L + "/revoke", R"({"reasons":"x"})", {"officer"}},
      {"GET", "/api/v1/flags", "/api/v1/flags", "", {"officer", "ministry", "officer2"}},
      {"GET", "/api/v1/audit", "/api/v1/audit", "", {"ministry"}},
      {"GET", "/api/v1/audit/verify", "/api/v1/audit/verify", "", {"ministry"}},
      {"POST", "/api/v1/depict", "/api/v1/depict", R"({"smiles":"CCO","atoms":[0]})",
       {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"GET", "/api/v1/registry", "/api/v1/registry?as_of=2024-09-01", "",
       {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
      {"GET", "/api/v1/registry/changes", "/api/v1/registry/changes?from=2020-01-01&to=2030-01-01", "",
       {"exporter", "officer", "ministry", "officer2", "authority", "customs", "customs2"}},
  };

  // The table covers every registered route.
  std::set<std::pair<std::string, std::string>> covered;
  for (const auto& c : cases) covered.insert({c.method, c.route});
  for (const auto& r : api_->routes())
    EXPECT_TRUE(covered.count({r.method, r.path})) << r.method << " " << r.path << " has no access case";

  const std::vector<std::string> roles = {"exporter", "officer", "ministry", "officer2", "authority",
                                          "customs", "customs2", "anonymous"};
  int calls = 0;
  for (const auto& c : cases) {
    for (const auto& role : roles) {
      // logout ends the caller's session: use a fresh one for it.
      std::string token = role == "anonymous" ? "" : t[role];
      if (c.route == "/api/v1/logout" && role != "anonymous") {
        for (const auto& u : licensing::DemoUsers())
          if (u.username == role) token = Login(u.username, u.password);
        if (role == "officer2" || role == "customs2") token = Login(role, kUserPassword);
      }
      auto r = Call(c.method, c.path, token, c.body, {}, c.content_type);
      ++calls;
      SCOPED_TRACE(c.method + " " + c.path + " as " + role + " -> " + std::to_string(r.status) + " " + r.raw.substr(0, 200));
      bool is_public = c.route == "/api/openapi.json" || c.route == "/api/v1/login";
      if (role == "anonymous") {
        if (!is_public || c.route == "/api/v1/login") {
          // login: the password is wrong; after a few tries the name is throttled.
          EXPECT_TRUE(r.status == 401 || (c.route == "/api/v1/login" && r.status == 429));
        }
      } else if (c.route == "/api/v1/licences/{number}/verify" && (role == "officer2" || role == "customs2")) {
        // Out of scope reads as a number nobody issued: no hint that it exists.
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.body["status"], "unknown");
      } else if (c.allowed.count(role)) {
        EXPECT_TRUE(r.status != 401 && r.status != 403 && r.status != 404);
      } else if (!is_public) {
        EXPECT_TRUE(r.status == 403 || r.status == 404);
      }
      bool may_see = c.allowed.count(role) && (!c.list || role == "officer" || role == "ministry" || role == "customs");
      if (!may_see) {
        EXPECT_EQ(r.raw.find(kSecret), std::string::npos);
      }
      if (r.status >= 400) {
        EXPECT_TRUE(r.body.contains("error") && r.body["error"].contains("reason"));
      }
    }
  }
  EXPECT_GE(calls, 150);
  // The objects B owns are unchanged by everyone else's attempts.
  auto still = Get(App(draft), b);
  EXPECT_EQ(still.body["version"], 2);
  EXPECT_EQ(still.body["importer"]["name"], kSecret);
}

}  // namespace
}  // namespace pc::testing
