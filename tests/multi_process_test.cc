// Several `precursor serve` processes on one PostgreSQL database and one
// shared data directory, as behind a load balancer: what one acknowledges
// the other reads; sessions, Idempotency-Key replays, optimistic versions
// and ids hold across them; and kill -9 of either loses nothing that was
// acknowledged. Runs only against PostgreSQL (pg_cluster.h).
#include <httplib.h>

#include <atomic>
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
#include <sys/wait.h>
#include <unistd.h>

#include "pg_cluster.h"
#include "server_process.h"

namespace pc::testing {
namespace {

using Json = nlohmann::json;

using Server = pc::testing::ServerProcess;

class TwoProcesses : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = std::filesystem::path(::testing::TempDir()) / ("pc-two-" + std::to_string(getpid()));
    std::filesystem::remove_all(data_);
  }
  void TearDown() override {
    for (auto& s : servers_)
      if (s.pid > 0) Kill(s, SIGKILL);
    db_.reset();
    std::filesystem::remove_all(data_);
  }

  // `precursor serve --port 0` on the shared database and data directory.
  Server Start(bool demo) {
    std::vector<std::string> args = {PC_BINARY, "serve", "--port", "0", "--threads", "16", "--data", data_.string(),
                                     "--database", db_->url(), "--registry", PC_DATA_DIR, "--tick-seconds", "1"};
    if (demo) args.push_back("--demo");
    auto s = pc::testing::StartServerProcess(std::move(args));
    servers_.push_back(s);
    return s;
  }
  void Kill(Server& s, int sig) {
    if (s.pid <= 0) return;
    pc::testing::StopServerProcess(s, sig);
    for (auto& t : servers_)
      if (t.pid == s.pid) t.pid = -1;
    s.pid = -1;
  }
  int AuditVerify() {
    std::string cmd = std::string(PC_BINARY) + " audit verify --data " + data_.string() + " --database " + db_->url() +
                      " > /dev/null 2>&1";
    return WEXITSTATUS(std::system(cmd.c_str()));
  }

  std::unique_ptr<TestDatabase> db_ = std::make_unique<TestDatabase>();
  std::filesystem::path data_;
  std::vector<Server> servers_;
};

TEST_F(TwoProcesses, WhatOneAcknowledgesTheOtherReads) {
  auto a = Start(true);
  ASSERT_GT(a.port, 0);
  auto b = Start(false);
  ASSERT_GT(b.port, 0);
  httplib::Client ca("127.0.0.1", a.port), cb("127.0.0.1", b.port);

  // A session made through one is good on the other.
  std::string token = DemoLogin(a.port);
  ASSERT_FALSE(token.empty());
  auto created = ca.Post("/api/v1/applications", BearerAuth(token), DraftTo().dump(), "application/json");
  ASSERT_TRUE(created && created->status == 201);
  long long id = Json::parse(created->body)["id"];
  auto read = cb.Get(("/api/v1/applications/" + std::to_string(id)).c_str(), BearerAuth(token));
  ASSERT_TRUE(read && read->status == 200);
  EXPECT_EQ(Json::parse(read->body)["importer"]["name"], "Rheinland Pharma GmbH");

  // A document uploaded through the other is served by the first (the
  // shared document directory).
  std::string path = "/api/v1/applications/" + std::to_string(id) + "/documents?type=export_contract&filename=c.pdf";
  auto up = cb.Post(path.c_str(), BearerAuth(token), "%PDF-1.4 contract", "application/pdf");
  ASSERT_TRUE(up && up->status == 201) << (up ? up->body : "");
  long long doc = Json::parse(up->body)["id"];
  auto down = ca.Get(("/api/v1/applications/" + std::to_string(id) + "/documents/" + std::to_string(doc)).c_str(),
                     BearerAuth(token));
  ASSERT_TRUE(down && down->status == 200);
  EXPECT_EQ(down->body, "%PDF-1.4 contract");

  // Optimistic versions hold across processes: a change through B makes
  // A's copy stale.
  auto now = Json::parse(ca.Get(("/api/v1/applications/" + std::to_string(id)).c_str(), BearerAuth(token))->body);
  std::string version = std::to_string(now["version"].get<long long>());
  httplib::Headers if_match = BearerAuth(token);
  if_match.emplace("If-Match", "\"" + version + "\"");
  auto first = cb.Patch(("/api/v1/applications/" + std::to_string(id)).c_str(), if_match, DraftTo("Erste GmbH").dump(),
                        "application/json");
  ASSERT_TRUE(first && first->status == 200) << (first ? first->body : "");
  auto second = ca.Patch(("/api/v1/applications/" + std::to_string(id)).c_str(), if_match,
                         DraftTo("Zweite GmbH").dump(), "application/json");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409) << second->body;

  // An Idempotency-Key used through one is replayed by the other, and
  // nothing is created twice.
  httplib::Headers keyed = BearerAuth(token);
  keyed.emplace("Idempotency-Key", "two-processes-1");
  auto k1 = ca.Post("/api/v1/applications", keyed, DraftTo().dump(), "application/json");
  auto k2 = cb.Post("/api/v1/applications", keyed, DraftTo().dump(), "application/json");
  ASSERT_TRUE(k1 && k2);
  EXPECT_EQ(k1->status, 201);
  EXPECT_EQ(k2->status, 201);
  EXPECT_EQ(k1->body, k2->body);
  EXPECT_EQ(k2->get_header_value("Idempotent-Replayed"), "true");

  // Drafts created through both at once get distinct ids, and the audit
  // chain they write together is intact.
  std::mutex m;
  std::set<long long> ids;
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w)
    workers.emplace_back([&, w] {
      httplib::Client c("127.0.0.1", w % 2 ? a.port : b.port);
      for (int i = 0; i < 10; ++i) {
        auto r = c.Post("/api/v1/applications", BearerAuth(token), DraftTo().dump(), "application/json");
        if (r && r->status == 201) {
          std::lock_guard lock(m);
          ids.insert(Json::parse(r->body)["id"].get<long long>());
        }
      }
    });
  for (auto& w : workers) w.join();
  EXPECT_EQ(ids.size(), 80u);
  auto list = cb.Get("/api/v1/applications", BearerAuth(token));
  ASSERT_TRUE(list && list->status == 200);
  EXPECT_EQ(Json::parse(list->body)["applications"].size(), 82u);

  // Signing out through B ends the session on A at once.
  auto out = cb.Post("/api/v1/logout", BearerAuth(token), "", "application/json");
  ASSERT_TRUE(out && out->status / 100 == 2) << (out ? out->body : "");
  auto after = ca.Get("/api/v1/applications", BearerAuth(token));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);

  Kill(a, SIGTERM);
  Kill(b, SIGTERM);
  EXPECT_EQ(AuditVerify(), 0);
}

TEST_F(TwoProcesses, KillingEitherLosesNothingAcknowledged) {
  auto a = Start(true);
  ASSERT_GT(a.port, 0);
  auto b = Start(false);
  ASSERT_GT(b.port, 0);
  std::string token = DemoLogin(b.port);
  ASSERT_FALSE(token.empty());

  // Drafts through both, then submissions through both on 8 connections;
  // first A is killed in the middle, then B.
  std::vector<long long> drafts;
  for (int i = 0; i < 160; ++i) {
    httplib::Client c("127.0.0.1", i % 2 ? a.port : b.port);
    auto r = c.Post("/api/v1/applications", BearerAuth(token), DraftTo().dump(), "application/json");
    ASSERT_TRUE(r && r->status == 201);
    drafts.push_back(Json::parse(r->body)["id"]);
  }
  std::mutex m;
  std::set<long long> acknowledged;
  std::atomic<size_t> next{0};
  std::atomic<int> answered{0};
  auto submit = [&](int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(5, 0);
    for (size_t i; (i = next++) < drafts.size();) {
      auto r = c.Post(("/api/v1/applications/" + std::to_string(drafts[i]) + "/submit").c_str(), BearerAuth(token), "",
                      "application/json");
      if (!r) continue;  // killed mid-request: not acknowledged
      ++answered;
      if (r->status >= 200 && r->status < 300) {
        std::lock_guard lock(m);
        acknowledged.insert(drafts[i]);
      }
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w) workers.emplace_back(submit, w % 2 ? a.port : b.port);
  auto wait_for = [&](int n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (answered < n && next < drafts.size() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  };
  wait_for(20);
  Kill(a, SIGKILL);
  wait_for(60);
  Kill(b, SIGKILL);
  for (auto& w : workers) w.join();
  ASSERT_GE(acknowledged.size(), 20u);
  EXPECT_LT(acknowledged.size(), drafts.size()) << "the kills came too late to test anything";

  // A new process reads every acknowledged submission.
  auto c = Start(false);
  ASSERT_GT(c.port, 0);
  httplib::Client cc("127.0.0.1", c.port);
  for (long long id : drafts) {
    auto r = cc.Get(("/api/v1/applications/" + std::to_string(id)).c_str(), BearerAuth(token));
    ASSERT_TRUE(r && r->status == 200) << "draft " << id << " lost";
    std::string status = Json::parse(r->body)["status"];
    if (acknowledged.count(id)) EXPECT_EQ(status, "submitted") << "acknowledged submission " << id << " lost";
    else EXPECT_TRUE(status == "draft" || status == "submitted");
  }
  Kill(c, SIGTERM);
  EXPECT_EQ(AuditVerify(), 0);
}

}  // namespace
}  // namespace pc::testing
