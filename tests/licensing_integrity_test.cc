// What keeps a licence honest: a decision is made on a screen of what is
// being decided, approval waits for its conditions (or the officer's written
// reasons where the law allows), every authority and customs office acts
// within its scope, and no company sees another's records. Over HTTP, on a
// real database and the real screening engine.
#include <set>

#include "api_fixture.h"

namespace pc::testing {
namespace {

const char kFentanyl[] = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1";

class Integrity : public ApiTest {};

std::set<std::string> ProblemFields(const Reply& r) {
  std::set<std::string> out;
  for (const auto& p : r.body["error"].value("problems", Json::array())) out.insert(p.value("field", ""));
  return out;
}

TEST_F(Integrity, BaitAndSwitchDuringAnInformationRequestIsRefusedAndAResubmissionIsScreenedAnew) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft("CCO", "2207.10", "Rheinland Pharma GmbH", "DE", 20));
  EXPECT_EQ(Get(App(id), t["officer"]).body["screening"][0]["current_verdict"], "clear");
  ASSERT_EQ(Post(App(id, "/information-requests"), t["officer"], {{"question", "Which grade of ethanol?"}}).status, 201);

  // While the question is open, the exporter swaps the goods, the importer
  // and the destination: refused, every field named, nothing stored.
  Json swap = Draft(kFentanyl, "2933.39", "Cartel Front LLC", "US", 500);
  swap["version"] = Get(App(id), t["exporter"]).body["version"];
  auto r = Call("PATCH", App(id), t["exporter"], swap.dump());
  ASSERT_EQ(r.status, 409) << r.raw;
  auto fields = ProblemFields(r);
  for (auto f : {"items[0].substance", "items[0].quantity", "destination", "importer.name"})
    EXPECT_TRUE(fields.count(f)) << f << " in " << r.raw;
  EXPECT_NE(r.body["error"]["reason"].get<std::string>().find("withdraw"), std::string::npos);
  auto still = Get(App(id), t["officer"]);
  EXPECT_EQ(still.body["items"][0]["substance"], "CCO");
  EXPECT_EQ(still.body["revision"], 1);

  // The only way to change what is exported: withdraw to a draft and submit
  // again, which screens the new content in the new destination's lists.
  auto w = Post(App(id, "/withdraw"), t["exporter"]);
  ASSERT_EQ(w.status, 200) << w.raw;
  EXPECT_EQ(w.body["status"], "draft");
  EXPECT_EQ(Get(App(id), t["officer"]).status, 404);  // a draft is the exporter's own
  swap["version"] = w.body["version"];
  ASSERT_EQ(Call("PATCH", App(id), t["exporter"], swap.dump()).status, 200);
  auto sub = Post(App(id, "/submit"), t["exporter"]);
  ASSERT_EQ(sub.status, 200) << sub.raw;
  EXPECT_EQ(sub.body["revision"], 2);
  const auto& s = sub.body["screening"][0];
  EXPECT_EQ(s["current_verdict"], "controlled");
  EXPECT_TRUE(std::find(s["jurisdictions"].begin(), s["jurisdictions"].end(), "US") != s["jurisdictions"].end());
  EXPECT_EQ(sub.body["risk"]["controlled_items"], Json::array({0}));
  EXPECT_EQ(sub.body["decision_clock"]["elapsed_days"], 0);

  // And it cannot be approved without the notification the controlled item needs.
  auto dec = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}, {"reasons", "ok"}});
  ASSERT_EQ(dec.status, 409) << dec.raw;
  EXPECT_TRUE(ProblemFields(dec).count("conditions.notification")) << dec.raw;
}

TEST_F(Integrity, ApprovalNamesEveryUnmetConditionAndOnlyWrittenReasonsPassTheWeighedOnes) {
  auto t = DemoTokens();
  auto draft = Post("/api/v1/applications", t["exporter"], Draft("ANPP", "2933.39"));
  long long id = draft.body["id"];
  ASSERT_EQ(Post(App(id, "/submit"), t["exporter"]).status, 200);

  auto check = Get(App(id, "/approval?validity_days=10"), t["officer"]);
  ASSERT_EQ(check.status, 200) << check.raw;
  EXPECT_FALSE(check.body["approvable"]);
  std::set<std::string> unmet;
  for (const auto& c : check.body["conditions"])
    if (!c["met"]) unmet.insert(c["condition"]);
  EXPECT_EQ(unmet, (std::set<std::string>{"documents", "notification", "hs_codes", "validity"}));

  auto dec = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}, {"validity_days", 10}});
  ASSERT_EQ(dec.status, 409) << dec.raw;
  EXPECT_EQ(ProblemFields(dec), (std::set<std::string>{"conditions.documents", "conditions.notification",
                                                       "overrides.hs_codes", "conditions.validity"}));
  for (const auto& p : dec.body["error"]["problems"]) EXPECT_FALSE(p["reason"].get<std::string>().empty());
  // A hard condition is not the officer's to weigh.
  auto forced = Post(App(id, "/decision"), t["officer"],
                     {{"decision", "approve"}, {"overrides", {{"documents", "trust me"}}}});
  EXPECT_EQ(forced.status, 400) << forced.raw;
  EXPECT_EQ(forced.body["error"]["field"], "overrides.documents");
  EXPECT_EQ(Get(App(id), t["officer"]).body["status"], "submitted");
  // A refusal always needs reasons.
  EXPECT_EQ(Post(App(id, "/decision"), t["officer"], {{"decision", "refuse"}}).status, 400);
}

TEST_F(Integrity, CorrectionsWhileInformationIsRequestedAreScreenedRevisionsTheOfficerSeesAsChanges) {
  auto t = DemoTokens();
  auto draft = Post("/api/v1/applications", t["exporter"], Draft("ANPP", "2933.39"));
  long long id = draft.body["id"];
  ASSERT_EQ(Upload(t["exporter"], id, "export_contract").status, 201);
  auto sub = Post(App(id, "/submit"), t["exporter"]);
  ASSERT_EQ(sub.status, 200);
  EXPECT_EQ(sub.body["risk"]["hs_code_inconsistencies"].size(), 1u);
  EXPECT_EQ(sub.body["risk"]["missing_documents"].size(), 2u);
  ASSERT_EQ(Post(App(id, "/information-requests"), t["officer"],
                 {{"question", "Correct the HS code and send the importer's papers."}}).status, 201);

  Json fix = Draft("ANPP", "2933.36");
  fix["end_use"] = "manufacture of licensed analgesics under permit 2026/17";
  fix["version"] = Get(App(id), t["exporter"]).body["version"];
  auto r = Call("PATCH", App(id), t["exporter"], fix.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["revision"], 2);
  EXPECT_TRUE(r.body["risk"]["hs_code_inconsistencies"].empty()) << r.body["risk"].dump();
  ASSERT_EQ(Upload(t["exporter"], id, "proof_of_legal_business").status, 201);
  ASSERT_EQ(Upload(t["exporter"], id, "importer_guarantee").status, 201);
  auto now = Get(App(id), t["exporter"]);
  EXPECT_EQ(now.body["revision"], 4);
  EXPECT_TRUE(now.body["risk"]["missing_documents"].empty());
  EXPECT_EQ(now.body["risk"]["concerns"], 1);  // only the controlled item remains

  auto ans = Post(App(id, "/answer"), t["exporter"], {{"answer", "Corrected and uploaded."}});
  ASSERT_EQ(ans.status, 200) << ans.raw;
  EXPECT_EQ(ans.body["status"], "submitted");

  auto officer = Get(App(id), t["officer"]);
  EXPECT_EQ(officer.body["information_requests"][0]["asked_revision"], 1);
  EXPECT_EQ(officer.body["exporter_organisation"]["name"], "Demo Fine Chemicals Co., Ltd.");
  EXPECT_FALSE(officer.body["exporter_organisation"]["registration_number"].get<std::string>().empty());
  auto changes = Get(App(id, "/changes?since=1"), t["officer"]);
  ASSERT_EQ(changes.status, 200) << changes.raw;
  std::map<std::string, Json> by_field;
  for (const auto& c : changes.body["changes"]) by_field[c["field"]] = c;
  ASSERT_TRUE(by_field.count("items[0].hs_code")) << changes.raw;
  EXPECT_EQ(by_field["items[0].hs_code"]["before"], "2933.39");
  EXPECT_EQ(by_field["items[0].hs_code"]["after"], "2933.36");
  EXPECT_TRUE(by_field.count("end_use"));
  EXPECT_TRUE(by_field.count("documents[1]") && by_field.count("documents[2]")) << changes.raw;
  EXPECT_EQ(Get(App(id, "/changes?since=9"), t["officer"]).status, 400);

  // The history shows each change, with what changed.
  auto history = Get(App(id, "/history"), t["officer"]);
  ASSERT_EQ(history.status, 200) << history.raw;
  std::vector<std::string> actions;
  for (const auto& rec : history.body["records"]) actions.push_back(rec["action"]);
  EXPECT_TRUE(std::count(actions.begin(), actions.end(), "application.update") == 1 &&
              std::count(actions.begin(), actions.end(), "document.upload") == 3)
      << history.raw;
}

TEST_F(Integrity, ANotificationCoversTheRevisionItDescribed) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft());
  NotifiedNoObjection(t["officer"], t["authority"], id);
  ASSERT_EQ(Post(App(id, "/information-requests"), t["officer"], {{"question", "Can you ship later?"}}).status, 201);
  Json later = Draft();
  later["planned_shipment_date"] = "2027-02-20";
  later["version"] = Get(App(id), t["exporter"]).body["version"];
  ASSERT_EQ(Call("PATCH", App(id), t["exporter"], later.dump()).status, 200);
  ASSERT_EQ(Post(App(id, "/answer"), t["exporter"], {{"answer", "Yes, 20 February."}}).status, 200);

  auto dec = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}});
  ASSERT_EQ(dec.status, 409) << dec.raw;
  EXPECT_TRUE(ProblemFields(dec).count("conditions.notification"));
  EXPECT_NE(dec.raw.find("changed after the pre-export notification"), std::string::npos) << dec.raw;

  NotifiedNoObjection(t["officer"], t["authority"], id);
  auto ok = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["licence"]["revision"], 2);
  EXPECT_EQ(ok.body["licence"]["screening"][0]["current_verdict"], "controlled");
  EXPECT_EQ(ok.body["licence"]["screening"][0]["revision"], 2);
}

TEST_F(Integrity, ADecisionOnAScreenThatNoLongerHoldsIsRefusedAndTheNewScreenStored) {
  now_ = *licensing::ParseTime("2023-03-01T10:00:00Z");
  auto t = DemoTokens();
  auto draft = Draft("4-piperidone", "2933.39");
  draft["planned_shipment_date"] = "2025-06-01";
  long long id = Submitted(t["exporter"], draft);
  std::string was = Get(App(id), t["officer"]).body["screening"][0]["current_verdict"];
  ASSERT_NE(was, "controlled");
  // The UN listing takes effect (2024-12-03); nobody ran the re-screening job.
  now_ = *licensing::ParseTime("2024-12-10T10:00:00Z");
  auto dec = Post(App(id, "/decision"), t["officer"],
                  {{"decision", "approve"}, {"validity_days", 365},
                   {"overrides", {{"hs_codes", "x"}, {"watch_items", "x"}}}});
  ASSERT_EQ(dec.status, 409) << dec.raw;
  EXPECT_EQ(dec.body["error"]["field"], "screening");
  EXPECT_NE(dec.raw.find("is now controlled"), std::string::npos) << dec.raw;
  auto stored = Get(App(id), t["officer"]);
  EXPECT_EQ(stored.body["screening"][0]["current_verdict"], "controlled");
  EXPECT_EQ(stored.body["status"], "submitted");
  // Decided again on the new screen: the controlled item needs its notification.
  auto again = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}, {"validity_days", 365}});
  EXPECT_TRUE(ProblemFields(again).count("conditions.notification")) << again.raw;
}

TEST_F(Integrity, AuthoritiesAndCustomsActOnlyWithinTheirScope) {
  auto t = DemoTokens();
  licensing::Organisation authority;
  authority.name = "Second Provincial Commerce Department";
  authority.kind = licensing::OrgKind::kLicensingAuthority;
  authority.country = "CN";
  auto second = service_->CreateOrganisation(authority, now_, "test");
  service_->CreateUser("officer2", kUserPassword, second, now_, "test");
  auto officer2 = Login("officer2", kUserPassword);
  auto exporter_c = NewOrgUser("Exporter C", licensing::OrgKind::kExporter, "CN", "exporter-c", second);
  long long mine = Submitted(t["exporter"], Draft());
  long long theirs = Submitted(exporter_c, Draft("NPP", "2933.37"));

  // Each provincial authority sees and decides its own exporters' applications only.
  EXPECT_EQ(Get(App(theirs), t["officer"]).status, 404);
  EXPECT_EQ(Post(App(theirs, "/decision"), t["officer"], {{"decision", "refuse"}, {"reasons", "x"}}).status, 404);
  EXPECT_EQ(Post(App(theirs, "/notifications"), t["officer"]).status, 404);
  EXPECT_EQ(Get(App(mine), officer2).status, 404);
  auto ids = [&](const std::string& token) {
    std::set<long long> out;
    auto r = Get("/api/v1/applications", token);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& a : r.body["applications"]) out.insert(a["id"].get<long long>());
    return out;
  };
  EXPECT_EQ(ids(t["officer"]), std::set<long long>{mine});
  EXPECT_EQ(ids(officer2), std::set<long long>{theirs});
  EXPECT_EQ(Get(App(theirs), officer2).status, 200);

  // The national authority reads both, decides neither.
  EXPECT_EQ(ids(t["ministry"]), (std::set<long long>{mine, theirs}));
  EXPECT_EQ(Get(App(theirs), t["ministry"]).status, 200);
  auto national = Post(App(theirs, "/decision"), t["ministry"], {{"decision", "refuse"}, {"reasons", "x"}});
  EXPECT_EQ(national.status, 403) << national.raw;
  EXPECT_EQ(Get("/api/v1/audit", t["ministry"]).status, 200);
  EXPECT_EQ(Get("/api/v1/audit", t["officer"]).status, 403);

  // Notifications follow the authority that sent them.
  NotifiedNoObjection(t["officer"], t["authority"], mine);
  EXPECT_TRUE(Get("/api/v1/notifications", officer2).body["notifications"].empty());
  auto dec = Post(App(mine, "/decision"), t["officer"], {{"decision", "approve"}});
  ASSERT_EQ(dec.status, 200) << dec.raw;
  std::string lic = "/api/v1/licences/" + dec.body["licence"]["number"].get<std::string>();
  EXPECT_EQ(dec.body["licence"]["exporting_country"], "CN");
  EXPECT_EQ(Post(lic + "/revoke", officer2, {{"reasons", "x"}}).status, 404);
  EXPECT_EQ(Post(lic + "/revoke", t["ministry"], {{"reasons", "x"}}).status, 403);

  // Customs record shipments only against licences for their own country's exit.
  auto customs_de = NewOrgUser("Zollamt Frankfurt", licensing::OrgKind::kCustoms, "DE", "customs-de");
  EXPECT_EQ(Get(lic + "/verify", customs_de).body["status"], "unknown");
  EXPECT_EQ(Get(lic, customs_de).status, 404);
  EXPECT_TRUE(Get("/api/v1/licences", customs_de).body["licences"].empty());
  Json line = {{"reference", "DE-1"}, {"lines", {{{"item", 0}, {"quantity", 1}}}}};
  EXPECT_EQ(Post(lic + "/shipments", customs_de, line).status, 404);
  EXPECT_EQ(Post(lic + "/shipments", t["customs"], line).status, 201);
}

TEST_F(Integrity, NothingOfOneCompanyReachesAnother) {
  auto t = DemoTokens();
  // Exporter A (the demo exporter) has history with an importer: a refusal
  // and an objection, each with reasons, a question and an answer.
  const std::vector<std::string> markers = {"REFUSAL-REASON-7731", "OBJECTION-REASON-5512", "A-END-USE-1188",
                                            "A-ANSWER-4471", "A-QUESTION-9034"};
  auto a_draft = Draft("NPP", "2933.37", "Shady Trading GmbH");
  a_draft["end_use"] = markers[2];
  long long refused = Submitted(t["exporter"], a_draft);
  ASSERT_EQ(Post(App(refused, "/information-requests"), t["officer"], {{"question", markers[4]}}).status, 201);
  ASSERT_EQ(Post(App(refused, "/answer"), t["exporter"], {{"answer", markers[3]}}).status, 200);
  ASSERT_EQ(Post(App(refused, "/decision"), t["officer"], {{"decision", "refuse"}, {"reasons", markers[0]}}).status, 200);
  long long objected = Submitted(t["exporter"], a_draft);
  auto note = Post(App(objected, "/notifications"), t["officer"]);
  ASSERT_EQ(Post("/api/v1/notifications/" + std::to_string(note.body["id"].get<long long>()) + "/reply",
                 t["authority"], {{"reply", "objection"}, {"reasons", markers[1]}}).status, 200);

  // Exporter B applies to the same importer.
  auto b = NewOrgUser("Exporter B", licensing::OrgKind::kExporter, "CN", "exporter-b");
  std::vector<Reply> seen;
  auto created = Post("/api/v1/applications", b, Draft("NPP", "2933.37", "Shady Trading GmbH"));
  seen.push_back(created);
  long long mine = created.body["id"];
  for (auto type : {"export_contract", "proof_of_legal_business", "importer_guarantee"})
    seen.push_back(Upload(b, mine, type));
  seen.push_back(Post(App(mine, "/submit"), b));
  // The officer sees the importer's history; B does not.
  auto officer_view = Get(App(mine), t["officer"]);
  EXPECT_EQ(officer_view.body["risk"]["prior_importer_outcomes"].size(), 2u) << officer_view.raw;
  EXPECT_NE(officer_view.raw.find(markers[0]), std::string::npos);
  ASSERT_EQ(Post(App(mine, "/information-requests"), t["officer"], {{"question", "Why this importer?"}}).status, 201);
  seen.push_back(Post(App(mine, "/answer"), b, {{"answer", "A long-standing customer."}}));

  // Every GET route, on B's objects and on A's, as B: generated from the
  // route table so a new route is covered without editing this test.
  std::vector<long long> apps = {mine, refused, objected};
  for (const auto& route : api_->routes()) {
    if (route.method != "GET") continue;
    for (long long id : apps) {
      std::string path = route.path;
      auto fill = [&](const std::string& from, const std::string& to) {
        for (size_t p; (p = path.find(from)) != std::string::npos;) path.replace(p, from.size(), to);
      };
      fill("{id}", std::to_string(id));
      fill("{document}", "1");
      fill("{question}", "1");
      fill("{number}", "CN-PC-2026-" + std::string(6 - std::to_string(id).size(), '0') + std::to_string(id));
      if (route.path == "/api/v1/registry/changes") path += "?from=2020-01-01&to=2030-01-01";
      seen.push_back(Get(path, b));
      seen.push_back(Get(path + (path.find('?') == std::string::npos ? "?since=1" : "&since=1"), b));
    }
  }
  ASSERT_GT(seen.size(), 40u);
  for (const auto& r : seen)
    for (const auto& m : markers) EXPECT_EQ(r.raw.find(m), std::string::npos) << m << " in " << r.raw.substr(0, 300);
  EXPECT_EQ(Get(App(mine), b).body["risk"].count("prior_importer_outcomes"), 0u);
}

TEST_F(Integrity, ThePreExportNotificationCarriesWhatPenOnlineAsksAndTheImportingAuthorityMayAskAndExtend) {
  auto t = DemoTokens();
  Json draft = Draft("ANPP", "2933.36");
  draft["consignee"] = {{"name", "Rheinland Pharma Lager"}, {"country", "DE"},
                        {"address", "Hafenstr. 9, Duisburg"}, {"registration_number", "HRB 999"}};
  draft["route"] = {{"transit_countries", {"US"}}, {"port_of_exit", "Shanghai"},
                    {"port_of_entry", "Rotterdam"}, {"transport_mode", "sea"}};
  draft["import_authorisation"] = "DE-BfArM-2026-0042";
  draft["items"][0]["concentration"] = 12.5;
  long long id = Submitted(t["exporter"], draft);
  // A transit country's lists apply too.
  auto jurisdictions = Get(App(id), t["officer"]).body["screening"][0]["jurisdictions"];
  EXPECT_TRUE(std::find(jurisdictions.begin(), jurisdictions.end(), "US") != jurisdictions.end()) << jurisdictions;

  auto note = Post(App(id, "/notifications"), t["officer"], {{"reply_days", 15}});
  ASSERT_EQ(note.status, 201) << note.raw;
  const auto& s = note.body["summary"];
  EXPECT_FALSE(s["exporter"]["address"].get<std::string>().empty());
  EXPECT_FALSE(s["exporter"]["registration_number"].get<std::string>().empty());
  EXPECT_EQ(s["consignee"]["name"], "Rheinland Pharma Lager");
  EXPECT_EQ(s["route"]["port_of_entry"], "Rotterdam");
  EXPECT_EQ(s["route"]["transit_countries"], Json::array({"US"}));
  EXPECT_EQ(s["expected_dispatch_date"], "2027-01-15");
  EXPECT_EQ(s["import_authorisation"], "DE-BfArM-2026-0042");
  EXPECT_EQ(s["items"][0]["hs_code"], "2933.36");
  EXPECT_EQ(s["items"][0]["concentration"], 12.5);
  EXPECT_TRUE(s["items"][0]["cas"].is_string()) << s.dump();
  EXPECT_TRUE(s["items"][0]["name"].is_string()) << s.dump();
  EXPECT_EQ(note.body["revision"], 1);

  std::string n = "/api/v1/notifications/" + std::to_string(note.body["id"].get<long long>());
  auto q = Post(n + "/questions", t["authority"], {{"question", "Is the consignee's warehouse licensed?"}});
  ASSERT_EQ(q.status, 201) << q.raw;
  EXPECT_EQ(Post(n + "/questions/1/answer", t["exporter"], {{"answer", "x"}}).status, 403);
  auto a = Post(n + "/questions/1/answer", t["officer"], {{"answer", "Yes, licence DE-L-77."}});
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(Get(n, t["authority"]).body["questions"][0]["answer"], "Yes, licence DE-L-77.");
  auto ext = Post(n + "/extend", t["authority"], {{"days", 10}});
  ASSERT_EQ(ext.status, 200) << ext.raw;
  EXPECT_EQ(ext.body["reply_deadline"], "2026-12-26T09:00:00Z");
  EXPECT_EQ(ext.body["extended_days"], 10);
  EXPECT_EQ(Post(n + "/extend", t["authority"], {{"days", 30}}).status, 200);
  EXPECT_EQ(Post(n + "/extend", t["authority"], {{"days", 30}}).status, 200);  // 85 days from sending
  EXPECT_EQ(Post(n + "/extend", t["authority"], {{"days", 10}}).status, 409);  // beyond 90
  EXPECT_EQ(Post(n + "/extend", t["officer"], {{"days", 1}}).status, 403);
}

}  // namespace
}  // namespace pc::testing
