// Durability: the real server binary is killed with SIGKILL in the middle of
// a burst of submissions; after a restart on the same data directory every
// submission that was acknowledged (2xx) is still there, and the audit
// chain is intact.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pg_cluster.h"
#include "server_process.h"

namespace {

using Json = nlohmann::json;

using Server = pc::testing::ServerProcess;

// On PostgreSQL (pg_cluster.h), the database of the running test.
std::unique_ptr<pc::testing::TestDatabase> test_db;
std::string DatabaseArg() { return test_db ? " --database " + test_db->url() : ""; }

// Starts `precursor serve --port 0` and reads the port it prints.
Server Start(const std::filesystem::path& data) {
  std::vector<std::string> args = {PC_BINARY, "serve", "--port", "0", "--demo", "--threads", "16",
                                   "--data", data.string(), "--registry", PC_DATA_DIR};
  if (test_db) args.insert(args.end(), {"--database", test_db->url()});
  return pc::testing::StartServerProcess(std::move(args));
}

void Kill(const Server& s, int sig) { pc::testing::StopServerProcess(s, sig); }

// Each test on a database of its own when the suite runs on PostgreSQL.
class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (pc::testing::OnPostgres()) test_db = std::make_unique<pc::testing::TestDatabase>();
  }
  void TearDown() override { test_db.reset(); }
};
using Durability = CrashTest;
using AdminAndAudit = CrashTest;

TEST_F(Durability, EveryAcknowledgedSubmissionSurvivesSigkill) {
  auto data = std::filesystem::path(::testing::TempDir()) / ("pc-crash-" + std::to_string(getpid()));
  std::filesystem::remove_all(data);
  auto server = Start(data);
  ASSERT_GT(server.port, 0);
  std::string token = pc::testing::DemoLogin(server.port);
  ASSERT_FALSE(token.empty());
  httplib::Headers auth = pc::testing::BearerAuth(token);

  // Drafts first (each acknowledged), then a burst of submissions on 8
  // connections; the server is killed while they are in flight.
  std::vector<long long> drafts;
  {
    httplib::Client c("127.0.0.1", server.port);
    for (int i = 0; i < 120; ++i) {
      auto r = c.Post("/api/v1/applications", auth, pc::testing::DraftTo().dump(), "application/json");
      ASSERT_TRUE(r && r->status == 201);
      drafts.push_back(Json::parse(r->body)["id"]);
    }
  }
  std::mutex m;
  std::set<long long> acknowledged;
  std::atomic<size_t> next{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w)
    workers.emplace_back([&] {
      httplib::Client c("127.0.0.1", server.port);
      c.set_read_timeout(5, 0);
      for (size_t i; (i = next++) < drafts.size();) {
        auto r = c.Post(("/api/v1/applications/" + std::to_string(drafts[i]) + "/submit").c_str(), auth, "",
                        "application/json");
        if (!r) continue;  // killed mid-request: not acknowledged
        ++answered;
        if (r->status >= 200 && r->status < 300) {
          std::lock_guard lock(m);
          acknowledged.insert(drafts[i]);
        }
      }
    });
  // Kill once some, not all, have been answered.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (answered < 20 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  Kill(server, SIGKILL);
  for (auto& w : workers) w.join();
  ASSERT_GE(acknowledged.size(), 20u);
  EXPECT_LT(acknowledged.size(), drafts.size()) << "the kill came too late to test anything";

  auto again = Start(data);
  ASSERT_GT(again.port, 0);
  httplib::Client c("127.0.0.1", again.port);
  token = pc::testing::DemoLogin(again.port);
  ASSERT_FALSE(token.empty());
  auth = pc::testing::BearerAuth(token);
  for (long long id : drafts) {
    auto r = c.Get(("/api/v1/applications/" + std::to_string(id)).c_str(), auth);
    ASSERT_TRUE(r && r->status == 200) << "draft " << id << " lost";
    std::string status = Json::parse(r->body)["status"];
    if (acknowledged.count(id)) EXPECT_EQ(status, "submitted") << "acknowledged submission " << id << " lost";
    else EXPECT_TRUE(status == "draft" || status == "submitted");
  }
  Kill(again, SIGTERM);
  // The hash chain survived the crash too.
  std::string cmd = std::string(PC_BINARY) + " audit verify --data " + data.string() + DatabaseArg() + " > /dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0);
  std::filesystem::remove_all(data);
}

int Precursor(const std::string& args, const std::string& stdin_text = "") {
  std::string cmd = std::string(PC_BINARY) + " " + args + " > /dev/null 2>&1";
  FILE* p = popen(cmd.c_str(), "w");
  fputs(stdin_text.c_str(), p);
  return WEXITSTATUS(pclose(p));
}

TEST_F(AdminAndAudit, AdminCreatesAUserWhoCanLogInAndAuditVerifyCatchesTampering) {
  auto data = std::filesystem::path(::testing::TempDir()) / ("pc-admin-" + std::to_string(getpid()));
  std::filesystem::remove_all(data);
  std::string d = " --data " + data.string() + " --registry " + PC_DATA_DIR + DatabaseArg();
  EXPECT_EQ(Precursor("admin create-org --name 'Acme Exports' --kind exporter --country CN" + d), 0);
  EXPECT_EQ(Precursor("admin create-org --name X --kind pirate --country CN" + d), 2);
  EXPECT_EQ(Precursor("admin create-user --username acme --org 1" + d, "short\n"), 1);  // too short
  EXPECT_EQ(Precursor("admin create-user --username acme --org 1" + d, "correct horse battery\n"), 0);
  EXPECT_EQ(Precursor("admin create-user --username acme --org 1" + d, "correct horse battery\n"), 1);  // taken

  auto server = Start(data);
  ASSERT_GT(server.port, 0);
  {
    httplib::Client c("127.0.0.1", server.port);
    auto r = c.Post("/api/v1/login", R"({"username":"acme","password":"correct horse battery"})", "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    auto bad = c.Post("/api/v1/login", R"({"username":"acme","password":"wrong horse"})", "application/json");
    EXPECT_EQ(bad->status, 401);
  }
  Kill(server, SIGTERM);

  std::string verify = "audit verify --data " + data.string() + DatabaseArg();
  EXPECT_EQ(Precursor(verify), 0);
  if (test_db) {
    ASSERT_EQ(pc::testing::PgExec(test_db->url(), "DROP TRIGGER audit_log_no_update ON audit_log; "
                                                   "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1"),
              "");
  } else {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data / "precursor.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE seq = 1",
                           nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(Precursor(verify), 1);
  std::filesystem::remove_all(data);
}

}  // namespace
