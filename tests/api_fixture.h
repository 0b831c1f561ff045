// An in-process API server on a real SQLite file in a temporary directory,
// or on a database of its own in a real PostgreSQL cluster when the suite
// runs on that backend (pg_cluster.h), over the real registry and screening
// engine, with a clock the test sets: so a test can let a notification
// deadline pass or a listing take effect.
#pragma once

#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include "cli/context.h"
#include "http/server.h"
#include "licensing/demo.h"
#include "licensing/service.h"
#include "store/blob_store.h"
#include "pg_cluster.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "test_support.h"
#include "text/scanner.h"

namespace pc::testing {

using Json = nlohmann::json;

struct Reply {
  int status = 0;
  Json body;
  std::string raw;
  httplib::Headers headers;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("pc-api-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    now_ = *licensing::ParseTime("2026-12-01T09:00:00Z");
    Start();
  }
  void TearDown() override {
    Stop();
    pg_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Sessions outlive the days a test moves the clock forward.
  virtual licensing::ServiceConfig Config() {
    licensing::ServiceConfig c;
    c.session_seconds = 3 * 365 * 86400LL;
    c.session_idle_seconds = c.session_seconds;
    return c;
  }

  // The server the API is registered on, and its limits: the transport
  // tests (http_hardening_test.cc) give the GuardedServer `serve` runs.
  virtual std::unique_ptr<httplib::Server> NewServer() { return std::make_unique<httplib::Server>(); }
  virtual void SetLimits(http::Limits&) {}
  // The store the service runs on: the real SQLite store, or a wrapper
  // around it (store_faults_test.cc injects failures).
  virtual std::unique_ptr<licensing::Store> NewStore() {
    if (OnPostgres()) {
      if (!pg_) pg_ = std::make_unique<TestDatabase>();  // kept over a Stop and Start
      return std::make_unique<store::PostgresStore>(pg_->url());
    }
    return std::make_unique<store::SqliteStore>(dir_ / "precursor.db");
  }
  // The arguments that point the precursor binary at this test's database.
  std::string DatabaseArgs() const {
    return " --data " + dir_.string() + (pg_ ? " --database " + pg_->url() : std::string());
  }
  // Runs SQL on the test's database behind the service's back, in the
  // backend's dialect; returns the database's message, or "" on success.
  std::string RawSql(const std::string& sqlite_sql, const std::string& postgres_sql) {
    if (pg_) return PgExec(pg_->url(), postgres_sql);
    sqlite3* db = nullptr;
    if (sqlite3_open((dir_ / "precursor.db").c_str(), &db) != SQLITE_OK) return "cannot open";
    char* err = nullptr;
    int rc = sqlite3_exec(db, sqlite_sql.c_str(), nullptr, nullptr, &err);
    std::string out = rc == SQLITE_OK ? "" : (err ? err : "error");
    sqlite3_free(err);
    sqlite3_close(db);
    return out;
  }

  void Start() {
    store_ = NewStore();
    blobs_ = std::make_unique<store::FileBlobStore>(dir_ / "documents");
    auto screener = std::make_shared<screen::Screener>(BundledRegistry());
    // Names as the server reads them (serve: the vocabulary, then OPSIN);
    // one helper for every test, started when a name first needs it.
    static auto names = cli::MakeNameParser(PC_DATA_DIR, BundledRegistry());
    screener->set_name_resolver(names);
    service_ = std::make_unique<licensing::Service>(
        *store_, *blobs_, screener,
        licensing::CountryMap::Load(std::string(PC_DATA_DIR) + "/licensing/countries.json"), Config());
    http::ServerOptions options;
    options.clock = [this] { return now_.load(); };
    options.openapi_file = std::string(PC_DATA_DIR) + "/api/openapi.json";
    SetLimits(options.limits);
    // POST /api/v1/scan: the service's screener, one finder for every test.
    static auto finder = cli::MakeMentionFinder(PC_DATA_DIR, *BundledRegistry());
    scanner_ = std::make_unique<text::Scanner>(service_->screener(), *finder);
    options.scanner = scanner_.get();
    api_ = std::make_unique<http::Api>(*service_, *store_, options);
    server_ = NewServer();
    server_->set_payload_max_length(size_t(Config().max_document_bytes) + (1 << 20));
    api_->Register(*server_);
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(60, 0);
  }
  void Stop() {
    client_.reset();
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    api_.reset();
    scanner_.reset();
    service_.reset();
    blobs_.reset();
    store_.reset();
  }

  Reply Call(const std::string& method, const std::string& path, const std::string& token = "",
             const std::string& body = "", httplib::Headers headers = {},
             const std::string& content_type = "application/json") {
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    auto r = method == "GET"    ? client_->Get(path.c_str(), headers)
             : method == "PATCH" ? client_->Patch(path.c_str(), headers, body, content_type.c_str())
                                 : client_->Post(path.c_str(), headers, body, content_type.c_str());
    Reply out;
    if (!r) {
      ADD_FAILURE() << method << " " << path << ": no response";
      return out;
    }
    out.status = r->status;
    out.raw = r->body;
    out.headers = r->headers;
    if ((r->get_header_value("Content-Type") == "application/json" ||
         r->get_header_value("Content-Type") == "application/problem+json") && !r->body.empty())
      out.body = Json::parse(r->body, nullptr, false);
    return out;
  }
  Reply Post(const std::string& path, const std::string& token, const Json& body = Json::object(),
             httplib::Headers headers = {}) {
    return Call("POST", path, token, body.dump(), std::move(headers));
  }
  Reply Get(const std::string& path, const std::string& token) { return Call("GET", path, token); }

  // Logs in every demo user; returns role -> token.
  std::map<std::string, std::string> DemoTokens() {
    licensing::SeedDemo(*service_, *store_, now_);
    std::map<std::string, std::string> tokens;
    for (const auto& u : licensing::DemoUsers()) tokens[u.username] = Login(u.username, u.password);
    return tokens;
  }
  std::string Login(const std::string& user, const std::string& password) {
    auto r = Post("/api/v1/login", "", {{"username", user}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body.value("token", "");
  }
  // A new organisation of `kind` with one user; returns the user's token.
  // An exporter is registered with `authority`, by default the demo officer's.
  std::string NewOrgUser(const std::string& name, licensing::OrgKind kind, const std::string& country,
                         const std::string& username, std::optional<licensing::Id> authority = std::nullopt,
                         bool national = false) {
    licensing::Organisation o;
    o.name = name;
    o.kind = kind;
    o.country = country;
    o.national = national;
    if (kind == licensing::OrgKind::kExporter) o.authority = authority ? authority : DemoAuthority();
    auto org = service_->CreateOrganisation(o, now_, "test");
    service_->CreateUser(username, kUserPassword, org, now_, "test");
    return Login(username, kUserPassword);
  }

  static Json Draft(const std::string& substance = "ANPP", const std::string& hs = "2933.36",
                    const std::string& importer = "Rheinland Pharma GmbH", const std::string& country = "DE",
                    double quantity = 5) {
    return {{"importer",
             {{"name", importer}, {"country", country}, {"address", "Industriestr. 1, Köln"},
              {"registration_number", "HRB 12345"}}},
            {"destination", country},
            {"end_use", "manufacture of licensed analgesics"},
            {"planned_shipment_date", "2027-01-15"},
            {"items", {{{"substance", substance}, {"quantity", quantity}, {"unit", "kg"}, {"hs_code", hs}}}}};
  }
  Reply Upload(const std::string& token, long long app, const std::string& type,
               const std::string& bytes = "%PDF-1.4 test document", const std::string& mime = "application/pdf") {
    return Call("POST", "/api/v1/applications/" + std::to_string(app) + "/documents?type=" + type + "&filename=" + type + ".pdf",
                token, bytes, {}, mime);
  }
  // Draft, three documents, submit: an application awaiting the officer.
  long long Submitted(const std::string& token, const Json& draft) {
    auto r = Post("/api/v1/applications", token, draft);
    EXPECT_EQ(r.status, 201) << r.raw;
    long long id = r.body.value("id", 0LL);
    for (auto type : {"export_contract", "proof_of_legal_business", "importer_guarantee"})
      EXPECT_EQ(Upload(token, id, type).status, 201);
    auto s = Post("/api/v1/applications/" + std::to_string(id) + "/submit", token);
    EXPECT_EQ(s.status, 200) << s.raw;
    return id;
  }
  // The demo officer's licensing authority, when the demo data is seeded.
  std::optional<licensing::Id> DemoAuthority() {
    std::optional<licensing::Id> out;
    store_->Read([&](licensing::Transaction& tx) {
      if (auto u = tx.FindUser("officer")) out = u->org_id;
    });
    return out;
  }
  // A submitted application through a pre-export notification answered with
  // no objection by `authority` (the destination's importing authority).
  void NotifiedNoObjection(const std::string& officer, const std::string& authority, long long id) {
    auto note = Post("/api/v1/applications/" + std::to_string(id) + "/notifications", officer);
    ASSERT_EQ(note.status, 201) << note.raw;
    auto reply = Post("/api/v1/notifications/" + std::to_string(note.body["id"].get<long long>()) + "/reply",
                      authority, {{"reply", "no_objection"}});
    ASSERT_EQ(reply.status, 200) << reply.raw;
  }
  std::int64_t AuditCount() {
    std::int64_t n = 0;
    store_->Read([&](licensing::Transaction& tx) {
      auto last = tx.LastAudit();
      n = last ? last->seq : 0;
    });
    return n;
  }
  void Advance(int days, int hours = 0) { now_ += days * 86400LL + hours * 3600LL; }

  // Not common and not containing a user name: the password rule accepts it.
  static constexpr const char* kUserPassword = "violet-kestrel-harbour";
  std::filesystem::path dir_;
  std::unique_ptr<TestDatabase> pg_;  // on PostgreSQL: this test's database
  std::atomic<licensing::Timestamp> now_{0};
  std::unique_ptr<licensing::Store> store_;
  std::unique_ptr<store::FileBlobStore> blobs_;
  std::unique_ptr<licensing::Service> service_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<text::Scanner> scanner_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<httplib::Client> client_;
  std::thread thread_;
  int port_ = 0;
};

inline std::string App(long long id, const std::string& rest = "") {
  return "/api/v1/applications/" + std::to_string(id) + rest;
}

}  // namespace pc::testing
