// The licensing API end to end, over HTTP, on a real database: the full
// workflow and each of its outcomes, idempotency, optimistic concurrency,
// list changes and the audit chain.
#include <sqlite3.h>

#include <utility>

#include "api_fixture.h"
#include "licensing/audit.h"

namespace pc::testing {
namespace {

class Workflow : public ApiTest {};

TEST_F(Workflow, DraftDocumentsSubmitNotifyNoObjectionApproveAndDrawDown) {
  auto t = DemoTokens();
  // ANPP declared under 2933.39: the registry gives 2933.36.
  auto draft = Post("/api/v1/applications", t["exporter"], Draft("ANPP", "2933.39"));
  ASSERT_EQ(draft.status, 201) << draft.raw;
  long long id = draft.body["id"];
  EXPECT_EQ(draft.body["status"], "draft");
  ASSERT_EQ(Upload(t["exporter"], id, "export_contract").status, 201);
  auto doc = Upload(t["exporter"], id, "proof_of_legal_business", "\x89PNG\r\n\x1a\nrest", "image/png");
  ASSERT_EQ(doc.status, 201) << doc.raw;
  EXPECT_EQ(doc.body["sha256"].get<std::string>().size(), 64u);

  auto sub = Post(App(id, "/submit"), t["exporter"]);
  ASSERT_EQ(sub.status, 200) << sub.raw;
  EXPECT_EQ(sub.body["status"], "submitted");
  const auto& risk = sub.body["risk"];
  EXPECT_EQ(risk["controlled_items"], Json::array({0}));
  EXPECT_EQ(risk["missing_documents"], Json::array({"import_permit or importer_guarantee"}));
  ASSERT_EQ(risk["hs_code_inconsistencies"].size(), 1u);
  EXPECT_EQ(risk["hs_code_inconsistencies"][0]["expected"], Json::array({"2933.36"}));
  // Screened in the exporting (CN) and destination (DE: EU) jurisdictions and UN, both dates.
  const auto& s = sub.body["screening"][0];
  EXPECT_EQ(s["as_of_screening"]["verdict"], "controlled");
  EXPECT_EQ(s["as_of_screening"]["as_of"], "2026-12-01");
  EXPECT_EQ(s["as_of_shipment"]["as_of"], "2027-01-15");
  for (auto j : {"CN", "EU", "UN"}) EXPECT_TRUE(s["as_of_screening"]["jurisdictions"].contains(j)) << j;
  EXPECT_FALSE(s["as_of_screening"]["jurisdictions"].contains("US"));
  EXPECT_EQ(sub.body["decision_clock"]["remaining_days"], 20);

  // The officer's queue; a request for information; the answer.
  auto queue = Get("/api/v1/applications?status=submitted", t["officer"]);
  ASSERT_EQ(queue.status, 200);
  ASSERT_EQ(queue.body["applications"].size(), 1u);
  auto ask = Post(App(id, "/information-requests"), t["officer"], {{"question", "Send the importer's guarantee."}});
  ASSERT_EQ(ask.status, 201) << ask.raw;
  EXPECT_EQ(ask.body["status"], "information_requested");
  ASSERT_EQ(Upload(t["exporter"], id, "importer_guarantee").status, 201);
  auto ans = Post(App(id, "/answer"), t["exporter"], {{"answer", "Uploaded as document 3."}});
  ASSERT_EQ(ans.status, 200) << ans.raw;
  EXPECT_EQ(ans.body["status"], "submitted");

  // Pre-export notification: the clock stops while it is outstanding.
  Advance(2);
  auto note = Post(App(id, "/notifications"), t["officer"], {{"reply_days", 15}});
  ASSERT_EQ(note.status, 201) << note.raw;
  long long nid = note.body["id"];
  EXPECT_EQ(note.body["country"], "DE");
  EXPECT_EQ(note.body["reply_deadline"], "2026-12-18T09:00:00Z");
  Advance(5);
  auto during = Get(App(id), t["officer"]);
  EXPECT_EQ(during.body["status"], "verification");
  EXPECT_FALSE(during.body["decision_clock"]["running"]);
  EXPECT_EQ(during.body["decision_clock"]["elapsed_days"], 2);
  EXPECT_EQ(Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}}).status, 409);

  auto inbox = Get("/api/v1/notifications", t["authority"]);
  ASSERT_EQ(inbox.body["notifications"].size(), 1u);
  EXPECT_EQ(inbox.body["notifications"][0]["summary"]["importer"]["name"], "Rheinland Pharma GmbH");
  auto reply = Post("/api/v1/notifications/" + std::to_string(nid) + "/reply", t["authority"],
                    {{"reply", "no_objection"}});
  ASSERT_EQ(reply.status, 200) << reply.raw;
  EXPECT_EQ(reply.body["status"], "no_objection");
  Advance(1);
  auto after = Get(App(id), t["officer"]);
  EXPECT_EQ(after.body["status"], "submitted");
  EXPECT_EQ(after.body["decision_clock"]["paused_days"], 5);
  EXPECT_EQ(after.body["decision_clock"]["elapsed_days"], 3);
  EXPECT_EQ(after.body["decision_clock"]["due"], "2026-12-26");

  // Approve a smaller quantity than applied for; the declared HS code
  // differs from the registry's, which the officer weighs in writing.
  auto dec = Post(App(id, "/decision"), t["officer"],
                  {{"decision", "approve"}, {"validity_days", 90}, {"quantities", {4.0}},
                   {"overrides", {{"hs_codes", "2933.39 is the exporter's customs practice; the goods are ANPP."}}}});
  ASSERT_EQ(dec.status, 200) << dec.raw;
  EXPECT_EQ(dec.body["status"], "approved");
  std::string number = dec.body["licence"]["number"];
  EXPECT_EQ(number, "CN-PC-2026-" + std::string(6 - std::to_string(id).size(), '0') + std::to_string(id));
  EXPECT_EQ(dec.body["licence"]["items"][0]["quantity"], 4.0);
  EXPECT_EQ(dec.body["licence"]["destination"], "DE");

  // Customs: verify, draw down, refuse an over-draw, exhaust.
  std::string lic = "/api/v1/licences/" + number;
  EXPECT_EQ(Get(lic + "/verify", t["customs"]).body["status"], "valid");
  EXPECT_EQ(Get("/api/v1/licences/CN-PC-1999-999999/verify", t["customs"]).body["status"], "unknown");
  auto ship = [&](double q) {
    return Post(lic + "/shipments", t["customs"],
                {{"reference", "DECL-" + std::to_string(q)}, {"lines", {{{"item", 0}, {"quantity", q}}}}});
  };
  EXPECT_EQ(ship(2.5).status, 201);
  auto over = ship(2.0);
  EXPECT_EQ(over.status, 409) << over.raw;
  EXPECT_EQ(over.body["error"]["field"], "lines[0].quantity");
  EXPECT_EQ(ship(1.5).status, 201);
  EXPECT_EQ(Get(lic + "/verify", t["customs"]).body["status"], "exhausted");
  EXPECT_EQ(Get(lic + "/shipments", t["exporter"]).body["shipments"].size(), 2u);
  EXPECT_EQ(ship(0.1).status, 409);

  auto audit = Get("/api/v1/audit/verify", t["ministry"]);
  EXPECT_EQ(audit.body["ok"], true) << audit.raw;
  EXPECT_GT(audit.body["records"].get<int>(), 15);
}

TEST_F(Workflow, ObjectionBlocksApprovalRefusalNeedsReasonsAndTheImporterHistoryFollows) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft("NPP", "2933.37", "Shady Trading GmbH"));
  auto note = Post(App(id, "/notifications"), t["officer"]);
  ASSERT_EQ(note.status, 201);
  EXPECT_EQ(note.body["reply_deadline"], "2026-12-16T09:00:00Z");  // default 15 days
  std::string reply_path = "/api/v1/notifications/" + std::to_string(note.body["id"].get<long long>()) + "/reply";
  EXPECT_EQ(Post(reply_path, t["authority"], {{"reply", "objection"}}).body["error"]["field"], "reasons");
  auto obj = Post(reply_path, t["authority"], {{"reply", "objection"}, {"reasons", "importer not registered"}});
  ASSERT_EQ(obj.status, 200) << obj.raw;
  EXPECT_EQ(Post(reply_path, t["authority"], {{"reply", "no_objection"}}).status, 409);
  auto approve = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}});
  EXPECT_EQ(approve.status, 409);
  auto no_reasons = Post(App(id, "/decision"), t["officer"], {{"decision", "refuse"}});
  EXPECT_EQ(no_reasons.status, 400);
  EXPECT_EQ(no_reasons.body["error"]["field"], "reasons");
  auto refuse = Post(App(id, "/decision"), t["officer"],
                     {{"decision", "refuse"}, {"reasons", "The importing country objected."}});
  ASSERT_EQ(refuse.status, 200);
  EXPECT_EQ(refuse.body["status"], "refused");
  EXPECT_TRUE(refuse.body["licence_number"].is_null());

  // The next application for the same importer (spelt differently) carries the history.
  long long next = Submitted(t["exporter"], Draft("NPP", "2933.37", "shady  trading gmbh"));
  auto risk = Get(App(next), t["officer"]).body["risk"];
  ASSERT_EQ(risk["prior_importer_outcomes"].size(), 2u) << risk.dump();
  EXPECT_EQ(risk["prior_importer_outcomes"][0]["outcome"], "refused");
  EXPECT_EQ(risk["prior_importer_outcomes"][1]["outcome"], "objection");
  EXPECT_EQ(risk["prior_importer_outcomes"][1]["reasons"], "importer not registered");
}

TEST_F(Workflow, SilenceUntilTheDeadlineIsRecordedAndTheApplicationCanBeDecided) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft());
  auto note = Post(App(id, "/notifications"), t["officer"], {{"reply_days", 3}});
  ASSERT_EQ(note.status, 201);
  long long nid = note.body["id"];
  Advance(2);
  EXPECT_EQ(service_->ProcessDeadlines(now_), 0);
  Advance(2);
  EXPECT_EQ(service_->ProcessDeadlines(now_), 1);
  auto n = Get("/api/v1/notifications/" + std::to_string(nid), t["authority"]);
  EXPECT_EQ(n.body["status"], "no_reply");
  EXPECT_EQ(n.body["replied"], "2026-12-04T09:00:00Z");  // as of the deadline
  EXPECT_EQ(Post("/api/v1/notifications/" + std::to_string(nid) + "/reply", t["authority"],
                 {{"reply", "no_objection"}}).status, 409);
  auto app = Get(App(id), t["officer"]);
  EXPECT_EQ(app.body["status"], "submitted");
  EXPECT_EQ(app.body["decision_clock"]["paused_days"], 3);
  // Silence is an outcome the officer may act on, with written reasons.
  auto silent = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}, {"validity_days", 45}});
  ASSERT_EQ(silent.status, 409) << silent.raw;
  EXPECT_EQ(silent.body["error"]["field"], "overrides.no_reply");
  auto dec = Post(App(id, "/decision"), t["officer"],
                  {{"decision", "approve"}, {"validity_days", 45},
                   {"overrides", {{"no_reply", "No reply within the period the importing country was given."}}}});
  ASSERT_EQ(dec.status, 200) << dec.raw;
  EXPECT_EQ(dec.body["overrides"][0]["condition"], "no_reply");
  std::string lic = "/api/v1/licences/" + dec.body["licence"]["number"].get<std::string>();
  Advance(46);
  EXPECT_EQ(Get(lic + "/verify", t["customs"]).body["status"], "expired");
  EXPECT_EQ(Post(lic + "/shipments", t["customs"], {{"reference", "X"}, {"lines", {{{"item", 0}, {"quantity", 1}}}}}).status, 409);
}

TEST_F(Workflow, RevokedLicenceVerifiesAsRevokedAndTakesNoShipments) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft());
  NotifiedNoObjection(t["officer"], t["authority"], id);
  auto dec = Post(App(id, "/decision"), t["officer"], {{"decision", "approve"}});
  ASSERT_EQ(dec.status, 200) << dec.raw;
  std::string lic = "/api/v1/licences/" + dec.body["licence"]["number"].get<std::string>();
  EXPECT_EQ(Post(lic + "/revoke", t["officer"], {{"reasons", "importer licence withdrawn"}}).status, 200);
  EXPECT_EQ(Get(lic + "/verify", t["customs"]).body["status"], "revoked");
  EXPECT_EQ(Post(lic + "/shipments", t["customs"], {{"reference", "X"}, {"lines", {{{"item", 0}, {"quantity", 1}}}}}).status, 409);
}

TEST_F(Workflow, IdempotencyKeyReplaysTheFirstResponseAndCreatesNothingTwice) {
  auto t = DemoTokens();
  httplib::Headers key{{"Idempotency-Key", "draft-7f3a"}};
  auto a = Post("/api/v1/applications", t["exporter"], Draft(), key);
  auto b = Post("/api/v1/applications", t["exporter"], Draft(), key);
  ASSERT_EQ(a.status, 201);
  EXPECT_EQ(b.status, 201);
  EXPECT_EQ(a.raw, b.raw);
  EXPECT_EQ(b.headers.count("Idempotent-Replayed"), 1u);
  EXPECT_EQ(Get("/api/v1/applications", t["exporter"]).body["applications"].size(), 1u);
  // The same key with a different request is an error, not a silent replay.
  auto c = Post("/api/v1/applications", t["exporter"], Draft("NPP", "2933.37"), key);
  EXPECT_EQ(c.status, 409);
  EXPECT_EQ(c.body["error"]["field"], "Idempotency-Key");
  // A reservation left by a request interrupted by a crash: refused, not run again.
  auto me = Get("/api/v1/me", t["exporter"]).body["user"]["id"].get<licensing::Id>();
  store_->Write([&](licensing::Transaction& tx) { tx.PutReplay({me, "interrupted-1", "x", 0, "", now_}); });
  auto interrupted = Post("/api/v1/applications", t["exporter"], Draft(), {{"Idempotency-Key", "interrupted-1"}});
  EXPECT_EQ(interrupted.status, 409);
  EXPECT_NE(interrupted.body["error"]["reason"].get<std::string>().find("interrupted"), std::string::npos)
      << interrupted.raw;
  // A failed request frees its key for a corrected retry.
  Json bad = Draft();
  bad["items"][0]["quantity"] = -1;
  httplib::Headers retry{{"Idempotency-Key", "retry-1"}};
  EXPECT_EQ(Post("/api/v1/applications", t["exporter"], bad, retry).status, 400);
  EXPECT_EQ(Post("/api/v1/applications", t["exporter"], Draft(), retry).status, 201);
  EXPECT_EQ(Get("/api/v1/applications", t["exporter"]).body["applications"].size(), 2u);
  // Keys are per user: another user's same key is a new request.
  auto other = NewOrgUser("Other Exporter", licensing::OrgKind::kExporter, "CN", "other");
  EXPECT_EQ(Post("/api/v1/applications", other, Draft(), key).body["id"], a.body["id"].get<int>() + 2);
}

TEST_F(Workflow, StaleVersionIsAConflict) {
  auto t = DemoTokens();
  auto a = Post("/api/v1/applications", t["exporter"], Draft());
  long long id = a.body["id"];
  Json update = Draft("NPP", "2933.37");
  EXPECT_EQ(Call("PATCH", App(id), t["exporter"], update.dump()).body["error"]["field"], "version");
  update["version"] = 1;
  auto ok = Call("PATCH", App(id), t["exporter"], update.dump());
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["version"], 2);
  auto stale = Call("PATCH", App(id), t["exporter"], update.dump());  // still version 1
  EXPECT_EQ(stale.status, 409);
  update.erase("version");
  EXPECT_EQ(Call("PATCH", App(id), t["exporter"], update.dump(), {{"If-Match", "\"2\""}}).status, 200);
  EXPECT_EQ(Post(App(id, "/submit"), t["exporter"], {{"version", 2}}).status, 409);
  EXPECT_EQ(Post(App(id, "/submit"), t["exporter"], {{"version", 3}}).status, 200);
}

// A store that runs a hook once, right after the next read transaction: a
// change then lands between the snapshot a submission screens and its write.
class InterleavingStore : public licensing::Store {
 public:
  explicit InterleavingStore(licensing::Store& inner) : inner_(inner) {}
  void Read(const std::function<void(licensing::Transaction&)>& fn) override {
    inner_.Read(fn);
    if (auto hook = std::exchange(after_read, nullptr)) hook();
  }
  void Write(const std::function<void(licensing::Transaction&)>& fn) override { inner_.Write(fn); }
  std::function<void()> after_read;

 private:
  licensing::Store& inner_;
};

TEST_F(Workflow, SubmitRefusesADraftChangedWhileItWasScreened) {
  auto t = DemoTokens();
  auto a = Post("/api/v1/applications", t["exporter"], Draft());
  ASSERT_EQ(a.status, 201) << a.raw;
  long long id = a.body["id"];
  auto audit_before = AuditCount();
  InterleavingStore store(*store_);
  licensing::Service service(store, *blobs_, std::make_shared<screen::Screener>(BundledRegistry()),
                             licensing::CountryMap::Load(std::string(PC_DATA_DIR) + "/licensing/countries.json"),
                             Config());
  auto exporter = service.Authenticate(t["exporter"], now_);
  store.after_read = [&] {  // the exporter edits the draft in another request
    Json update = Draft("NPP", "2933.37");
    update["version"] = 1;
    auto r = Call("PATCH", App(id), t["exporter"], update.dump());
    EXPECT_EQ(r.status, 200) << r.raw;
  };
  try {
    service.Submit(exporter, id, std::nullopt, now_);
    ADD_FAILURE() << "a draft changed after it was read was submitted";
  } catch (const pc::Error& e) {
    EXPECT_EQ(e.kind(), pc::ErrorKind::kConflict);
    EXPECT_EQ(e.field(), "version");
  }
  // The edit stands, nothing was submitted, and only the edit was audited.
  auto now = Get(App(id), t["exporter"]);
  EXPECT_EQ(now.body["status"], "draft");
  EXPECT_EQ(now.body["version"], 2);
  EXPECT_EQ(now.body["items"][0]["substance"], "NPP");
  EXPECT_EQ(AuditCount(), audit_before + 1);
  // Submitting the edited draft works.
  EXPECT_EQ(service.Submit(exporter, id, 2, now_).status, licensing::AppStatus::kSubmitted);
}

TEST_F(Workflow, ScanEndpointReturnsOneObjectPerDocument) {
  auto t = DemoTokens();
  auto one = Post("/api/v1/scan", t["customs"],
                  {{"text", "Hot sale 4-AP / 4-Anilinopiperidine CAS 23056-29-3, safe delivery to USA"}, {"as_of", "2026-12-01"}});
  ASSERT_EQ(one.status, 200) << one.raw;
  ASSERT_EQ(one.body["results"].size(), 1u);
  EXPECT_EQ(one.body["results"][0]["verdict"], "controlled");
  EXPECT_EQ(one.body["results"][0]["mentions"].size(), 3u);
  // "to USA": each controlled mention lists the duties of an export there.
  bool na_catalogue = false;
  for (const auto& o : one.body["results"][0]["mentions"][0]["obligations"])
    na_catalogue |= o["destination"] == "US" && o["entry"] == "cn-export-specific-na-2025";
  EXPECT_TRUE(na_catalogue) << one.raw;
  auto many = Post("/api/v1/scan", t["customs"],
                   {{"documents", {{{"id", "a"}, {"text", "<p>fent<b>anyl</b></p>"}, {"html", true}},
                                   {{"id", "b"}, {"text", "Glass beakers, 500 mL"}}}}});
  ASSERT_EQ(many.status, 200) << many.raw;
  EXPECT_EQ(many.body["results"][0]["id"], "a");
  EXPECT_EQ(many.body["results"][0]["verdict"], "controlled");
  EXPECT_EQ(many.body["results"][1]["verdict"], "clear");
  // A document that is not text is its own error; the request still answers.
  auto bad = Post("/api/v1/scan", t["customs"], {{"text", std::string("fentanyl\0x", 10)}});
  ASSERT_EQ(bad.status, 200) << bad.raw;
  EXPECT_EQ(bad.body["results"][0]["verdict"], "error");
  EXPECT_EQ(Post("/api/v1/scan", t["customs"], {{"txt", "x"}}).status, 400);
  EXPECT_EQ(Post("/api/v1/scan", "", {{"text", "x"}}).status, 401);
}

// The application form takes a substance as its systematic name: one the
// registry does not list is read by OPSIN and screened like any other.
TEST_F(Workflow, AnApplicationsSystematicNameIsReadByOpsinAndScreened) {
  auto t = DemoTokens();
  struct Case {
    std::string name;
    bool clear;
  };
  // Cbz-protected 4-anilinopiperidine: one deprotection from 4-AP; and
  // 2-methylpropan-1-ol (isobutanol), a solvent.
  for (const Case& c : {Case{"benzyl 4-(phenylamino)piperidine-1-carboxylate", false},
                        Case{"2-methylpropan-1-ol", true}}) {
    SCOPED_TRACE(c.name);
    ASSERT_TRUE(BundledRegistry()->ByName(BundledRegistry()->names().Normalize(c.name).key).empty())
        << "a name the registry lists would not need OPSIN";
    auto draft = Post("/api/v1/applications", t["exporter"], Draft(c.name, "2933.39"));
    ASSERT_EQ(draft.status, 201) << draft.raw;
    long long id = draft.body["id"];
    for (auto type : {"export_contract", "proof_of_legal_business", "importer_guarantee"})
      ASSERT_EQ(Upload(t["exporter"], id, type).status, 201);
    auto sub = Post(App(id, "/submit"), t["exporter"]);
    ASSERT_EQ(sub.status, 200) << sub.raw;
    const auto& s = sub.body["screening"][0]["as_of_screening"];
    EXPECT_EQ(s["status"], "ok") << s.dump();
    EXPECT_EQ(s["input_type"], "name");
    EXPECT_EQ(s["structure"]["source"], "opsin") << s.dump();
    if (c.clear) {
      EXPECT_EQ(s["verdict"], "clear") << s.dump();
    } else {
      EXPECT_NE(s["verdict"], "clear") << s.dump();
      EXPECT_NE(s["verdict"], "unresolved") << s.dump();
    }
    // The officer sees the same reading.
    auto seen = Get(App(id, ""), t["officer"]);
    ASSERT_EQ(seen.status, 200) << seen.raw;
    EXPECT_EQ(seen.body["screening"][0]["as_of_screening"]["structure"]["source"], "opsin");
  }
}

TEST_F(Workflow, ScreenEndpointReturnsTheCliVerdictObject) {
  auto t = DemoTokens();
  auto r = Post("/api/v1/screen", t["customs"], {{"input", "4-AP"}, {"as_of", "2024-09-01"}, {"jurisdictions", {"CN"}}});
  ASSERT_EQ(r.status, 200) << r.raw;
  auto expected = rules::ToJson(Screen("4-AP", "2024-09-01", {"CN"}));
  expected["id"] = "1";
  EXPECT_EQ(r.raw, expected.dump());  // same fields, same order
  // Again, now from the verdict cache's JSON text, with an id that needs escaping.
  auto again = Post("/api/v1/screen", t["customs"],
                    {{"input", "4-AP"}, {"id", "lot \"7\" \u00e9"}, {"as_of", "2024-09-01"}, {"jurisdictions", {"CN"}}});
  ASSERT_EQ(again.status, 200) << again.raw;
  expected["id"] = "lot \"7\" \u00e9";
  EXPECT_EQ(again.raw, expected.dump());
  auto pair = Post("/api/v1/screen", t["customs"],
                   {{"inputs", {{{"input", "4-AP"}}, {{"input", "4-AP"}, {"id", "x"}}}}, {"as_of", "2024-09-01"},
                    {"jurisdictions", {"CN"}}});
  nlohmann::ordered_json both;
  both["results"] = nlohmann::ordered_json::array();
  expected["id"] = "1";
  both["results"].push_back(expected);
  expected["id"] = "x";
  both["results"].push_back(expected);
  EXPECT_EQ(pair.raw, both.dump());
  auto batch = Post("/api/v1/screen", t["exporter"], {{"inputs", {{{"input", "CCO"}}, {{"input", "C1CC("}}}}});
  ASSERT_EQ(batch.body["results"].size(), 2u);
  EXPECT_EQ(batch.body["results"][0]["verdict"], "clear");
  EXPECT_EQ(batch.body["results"][1]["status"], "error");
  EXPECT_EQ(Post("/api/v1/screen", "", {{"input", "CCO"}}).status, 401);
}

// "Do I need a licence?": a transaction described with the screen asks for
// each listing's duties, with the rule that decided them; without one, the
// verdict object stays as it was.
TEST_F(Workflow, ScreenWithATransactionListsEachListingsDuties) {
  auto t = DemoTokens();
  auto above = Post("/api/v1/screen", t["exporter"],
                    {{"input", "benzaldehyde"}, {"destination", "MX"}, {"quantity", 5}, {"unit", "kg"},
                     {"jurisdictions", {"US"}}, {"as_of", "2026-01-01"}});
  ASSERT_EQ(above.status, 200) << above.raw;
  const auto& us = above.body["jurisdictions"]["US"];
  ASSERT_TRUE(us.contains("obligations")) << above.raw;
  bool notice = false;
  for (const auto& o : us["obligations"]) {
    EXPECT_FALSE(o["citation"].get<std::string>().empty()) << o;
    EXPECT_FALSE(o["reason"].get<std::string>().empty()) << o;
    if (o["obligation"] == "advance_notice") notice = o["duty"] == "required";
  }
  EXPECT_TRUE(notice) << us["obligations"];
  // Below the monthly threshold the duty depends on the month's other
  // exports: unknown, never "not required".
  auto below = Post("/api/v1/screen", t["exporter"],
                    {{"input", "benzaldehyde"}, {"destination", "MX"}, {"quantity", 1}, {"unit", "kg"},
                     {"jurisdictions", {"US"}}, {"as_of", "2026-01-01"}});
  for (const auto& o : below.body["jurisdictions"]["US"]["obligations"])
    if (o["obligation"] == "advance_notice") {
      EXPECT_EQ(o["duty"], "unknown") << o;
    }
  auto plain = Post("/api/v1/screen", t["exporter"], {{"input", "benzaldehyde"}, {"jurisdictions", {"US"}}});
  EXPECT_FALSE(plain.body["jurisdictions"]["US"].contains("obligations")) << plain.raw;
  // A transaction that cannot be read is refused, naming the field.
  EXPECT_EQ(Post("/api/v1/screen", t["exporter"], {{"input", "CCO"}, {"quantity", 5}}).body["error"]["field"], "unit");
  EXPECT_EQ(Post("/api/v1/screen", t["exporter"], {{"input", "CCO"}, {"quantity", 5}, {"unit", "sacks"}})
                .body["error"]["field"],
            "unit");
  EXPECT_EQ(Post("/api/v1/screen", t["exporter"], {{"input", "CCO"}, {"destination", "XX"}}).body["error"]["field"],
            "destination");
}

// HTTP semantics a client library relies on: a created resource says where
// it lives; a method a path does not take is 405 with the ones it does.
TEST_F(Workflow, CreatedResourcesHaveALocationAndAWrongMethodIsA405WithAllow) {
  auto t = DemoTokens();
  auto draft = Post("/api/v1/applications", t["exporter"], Draft());
  ASSERT_EQ(draft.status, 201);
  std::string where = "/api/v1/applications/" + std::to_string(draft.body["id"].get<long long>());
  EXPECT_EQ(draft.headers.find("Location")->second, where);
  auto doc = Upload(t["exporter"], draft.body["id"], "export_contract");
  ASSERT_EQ(doc.status, 201);
  auto doc_at = doc.headers.find("Location")->second;
  EXPECT_EQ(doc_at, where + "/documents/" + std::to_string(doc.body["id"].get<long long>()));
  EXPECT_EQ(Get(doc_at, t["exporter"]).status, 200);

  httplib::Headers auth{{"Authorization", "Bearer " + t["exporter"]}};
  auto del = client_->Delete(where.c_str(), auth);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  EXPECT_EQ(del->get_header_value("Allow"), "GET, PATCH");
  auto put = client_->Put("/api/v1/applications", auth, "{}", "application/json");
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->get_header_value("Allow"), "GET, POST");
  EXPECT_NE(put->body.find("allowed: GET, POST"), std::string::npos) << put->body;
  EXPECT_EQ(client_->Delete("/api/v1/no-such-thing", auth)->status, 404);
}

TEST_F(Workflow, ListChangeTakingEffectFlagsOpenApplications) {
  now_ = *licensing::ParseTime("2023-03-01T10:00:00Z");
  auto t = DemoTokens();
  auto draft = Draft("4-piperidone", "2933.39");
  draft["planned_shipment_date"] = "2023-04-01";
  long long id = Submitted(t["exporter"], draft);
  auto before = Get(App(id), t["officer"]);
  // Not yet listed: clear, or watch where the early-warning rules see a route to a listed substance.
  std::string was = before.body["screening"][0]["current_verdict"];
  EXPECT_TRUE(was == "clear" || was == "watch") << was;
  // Nothing took effect yet: nothing flagged.
  EXPECT_EQ(service_->ProcessListChanges(Date(2023, 3, 2), now_), 0);
  // The UN listing of 4-piperidone takes effect on 2024-12-03.
  now_ = *licensing::ParseTime("2024-12-10T10:00:00Z");
  EXPECT_EQ(service_->ProcessListChanges(Date(2024, 12, 10), now_), 1);
  auto flags = Get("/api/v1/flags", t["officer"]);
  ASSERT_EQ(flags.body["flags"].size(), 1u);
  EXPECT_EQ(flags.body["flags"][0]["object_id"], std::to_string(id));
  EXPECT_EQ(flags.body["flags"][0]["previous"], was);
  EXPECT_EQ(flags.body["flags"][0]["current"], "controlled");
  EXPECT_FALSE(flags.body["flags"][0]["changes"].empty());
  // Already processed: running again flags nothing new.
  EXPECT_EQ(service_->ProcessListChanges(Date(2024, 12, 10), now_), 0);
  EXPECT_EQ(Get(App(id), t["officer"]).body["screening"][0]["current_verdict"], "controlled");
}

TEST_F(Workflow, AuditLogIsAppendOnlyAndTamperingIsDetected) {
  auto t = DemoTokens();
  Submitted(t["exporter"], Draft());
  EXPECT_TRUE(licensing::VerifyAudit(*store_).ok);
  Stop();
  EXPECT_NE(RawSql("UPDATE audit_log SET actor = 'nobody' WHERE seq = 3",
                   "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3"), "");
  EXPECT_NE(RawSql("DELETE FROM audit_log WHERE seq = 3", "DELETE FROM audit_log WHERE seq = 3"), "");
  EXPECT_NE(RawSql("DELETE FROM audit_log", "TRUNCATE audit_log"), "");
  // Someone with the database drops the trigger and edits a record: the chain shows it.
  ASSERT_EQ(RawSql("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{}' WHERE seq = 3",
                   "DROP TRIGGER audit_log_no_update ON audit_log; UPDATE audit_log SET details = '{}' WHERE seq = 3"),
            "");
  Start();
  auto check = licensing::VerifyAudit(*store_);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_seq, 3);
}

TEST_F(Workflow, OpenApiDocumentListsEveryRoute) {
  auto r = Get("/api/openapi.json", "");
  ASSERT_EQ(r.status, 200);
  for (const auto& route : api_->routes()) {
    std::string method = route.method;
    for (auto& c : method) c = char(std::tolower(c));
    EXPECT_TRUE(r.body["paths"].contains(route.path) && r.body["paths"][route.path].contains(method))
        << route.method << " " << route.path << " missing from data/api/openapi.json";
  }
}

}  // namespace
}  // namespace pc::testing
