// `precursor serve --database postgresql://...` as an operator meets it: the
// start-up errors (a URL libpq cannot read, a server that cannot be
// reached, a schema newer than the build), and a restart or crash of the
// PostgreSQL server under load: requests during the outage are refused with
// 503 (never acknowledged and then lost, never a crash of the service), the
// service recovers by itself once the server is back, and every write it
// acknowledged before, during and after is there. Runs only against
// PostgreSQL (pg_cluster.h); the restart test stops a cluster of its own,
// not the one the other pg. tests share.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "pg_cluster.h"
#include "server_process.h"
#include "store/postgres_db.h"

namespace pc::testing {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Waits for `done` up to `seconds` (generous: the CI machine is shared).
template <typename F>
bool WaitFor(F done, int seconds = 120) {
  auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// A client that waits long for an answer: a request the service never
// answers is a failure of the test, not a timeout to shrug off.
std::unique_ptr<httplib::Client> Client(int port) {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
  c->set_connection_timeout(30, 0);
  c->set_read_timeout(120, 0);
  return c;
}

// What `precursor ARGS` printed on standard error, and its exit status; it
// is stopped after 120 s in case it starts serving instead of refusing.
struct Outcome {
  int status;
  std::string err;
};
Outcome Precursor(const std::string& args) {
  std::string err_file = ::testing::TempDir() + "/pc-pg-service-" + std::to_string(getpid()) + ".err";
  std::string cmd = "timeout 120 " + std::string(PC_BINARY) + " " + args + " > /dev/null 2> " + err_file;
  int rc = std::system(cmd.c_str());
  std::ifstream in(err_file);
  std::stringstream s;
  s << in.rdbuf();
  std::filesystem::remove(err_file);
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, s.str()};
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// ---------------------------------------------------------------------------
// Start-up errors: serve exits non-zero with one line naming the problem and
// the database, never the password.

class StartUpErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = std::filesystem::path(::testing::TempDir()) / ("pc-pg-startup-" + std::to_string(getpid()));
    std::filesystem::remove_all(data_);
  }
  void TearDown() override { std::filesystem::remove_all(data_); }
  Outcome Serve(const std::string& url) {
    return Precursor("serve --port 0 --data " + data_.string() + " --registry " + PC_DATA_DIR + " --database '" + url +
                     "'");
  }
  // The whole of standard error is one message: "precursor: database: ...".
  static void ExpectOneMessage(const Outcome& o, const std::string& names) {
    EXPECT_NE(o.status, 0);
    EXPECT_NE(o.status, 124) << "serve did not refuse to start";
    EXPECT_EQ(o.err.rfind("precursor: database: ", 0), 0u) << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    EXPECT_NE(o.err.find(names), std::string::npos) << o.err;
    EXPECT_EQ(o.err.find("s3cret"), std::string::npos) << o.err;
    EXPECT_EQ(o.err.find("listening"), std::string::npos) << o.err;
  }
  std::filesystem::path data_;
};

TEST_F(StartUpErrors, AUrlLibpqCannotReadIsNamed) {
  auto o = Serve("postgresql://precursor:s3cret@127.0.0.1:5432/precursor?no_such_parameter=1");
  ExpectOneMessage(o, "the database URL cannot be read: invalid URI query parameter");
  EXPECT_NE(o.err.find("expected postgresql://USER@HOST:PORT/DATABASE"), std::string::npos) << o.err;
}

TEST_F(StartUpErrors, SomethingElseThanAPostgresqlUrlIsAUsageError) {
  auto o = Serve("mysql://precursor:s3cret@127.0.0.1/precursor");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(FirstLine(o.err),
            "precursor: --database (or $PRECURSOR_DATABASE) takes a PostgreSQL URL, "
            "postgresql://USER@HOST:PORT/DATABASE; without it the service uses the SQLite file in --data")
      << o.err;
  EXPECT_EQ(o.err.find("s3cret"), std::string::npos) << o.err;
}

TEST_F(StartUpErrors, AServerThatCannotBeReachedIsNamedWithLibpqsReason) {
  // Port 1 of the loopback address: nothing listens there.
  auto o = Serve("postgresql://precursor:s3cret@127.0.0.1:1/precursor");
  ExpectOneMessage(o, "cannot connect to the PostgreSQL database 'precursor' at 127.0.0.1:1 as precursor");
  EXPECT_NE(o.err.find("Connection refused"), std::string::npos) << o.err;
}

TEST_F(StartUpErrors, ADatabaseThatDoesNotExistIsNamed) {
  std::string url = SharedCluster().Url("no_such_database");
  url.insert(url.find('@'), ":s3cret");
  auto o = Serve(url);
  ExpectOneMessage(o, "cannot connect to the PostgreSQL database 'no_such_database'");
  EXPECT_NE(o.err.find("does not exist"), std::string::npos) << o.err;
}

TEST_F(StartUpErrors, ASchemaNewerThanTheBuildIsRefusedAndLeftAlone) {
  TestDatabase db;
  ASSERT_EQ(PgExec(db.url(),
                   "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                   "applied_at TIMESTAMPTZ NOT NULL DEFAULT now()); "
                   "INSERT INTO schema_migrations(version, description) VALUES (9999, 'from a newer release')"),
            "");
  auto o = Serve(db.url());
  ExpectOneMessage(o, "PostgreSQL database '" + db.name() + "'");
  EXPECT_NE(o.err.find("has schema version 9999, newer than this build of precursor knows"), std::string::npos)
      << o.err;
  // Nothing was migrated on it: the tables of this build are not there.
  EXPECT_NE(PgExec(db.url(), "SELECT 1 FROM applications").find("does not exist"), std::string::npos);
}

TEST_F(StartUpErrors, APoolSizeOutOfRangeOrWithoutPostgresqlIsAUsageError) {
  std::string serve = "serve --port 0 --data " + data_.string() + " --registry " + PC_DATA_DIR;
  auto zero = Precursor(serve + " --database " + SharedCluster().Url("postgres") + " --database-connections 0");
  EXPECT_EQ(zero.status, 2);
  EXPECT_EQ(FirstLine(zero.err), "precursor: --database-connections must be a number from 1 to 1000") << zero.err;
  auto sqlite = Precursor(serve + " --database-connections 4");
  EXPECT_EQ(sqlite.status, 2);
  EXPECT_EQ(FirstLine(sqlite.err), "precursor: --database-connections is for a PostgreSQL --database only")
      << sqlite.err;
}

// ---------------------------------------------------------------------------
// The connection pool's size (--database-connections): never more
// connections than that, and a request waits for a free one.

// How many sessions the server has open on `database`.
int Sessions(const std::string& database) {
  pqxx::connection c(SharedCluster().Url("postgres"));
  pqxx::nontransaction tx(c);
  return tx.exec_params("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", database)[0][0].as<int>();
}

TEST(ConnectionPool, OpensNoMoreThanItsSizeAndATakerWaitsForAFreeOne) {
  TestDatabase db;
  store::PgPool pool(db.url(), store::DescribeDatabaseUrl(db.url()), 2);
  EXPECT_EQ(Sessions(db.name()), 1);  // the first, opened at once
  std::atomic<bool> third{false};
  std::thread t;
  {
    auto b = pool.Take();
    {
      auto a = pool.Take();
      EXPECT_EQ(Sessions(db.name()), 2);
      t = std::thread([&] {
        auto c = pool.Take();
        third = true;
      });
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      EXPECT_FALSE(third) << "a third connection was handed out";
    }  // a goes back to the pool, and the waiting taker gets it
    EXPECT_TRUE(WaitFor([&] { return third.load(); }));
    t.join();
  }
  EXPECT_EQ(Sessions(db.name()), 2);
}

TEST(ConnectionPool, ServeKeepsToTheSizeItIsGiven) {
  TestDatabase db;
  auto data = std::filesystem::path(::testing::TempDir()) / ("pc-pg-pool-" + std::to_string(getpid()));
  std::filesystem::remove_all(data);
  auto s = StartServerProcess({PC_BINARY, "serve", "--port", "0", "--threads", "16", "--data", data.string(),
                               "--database", db.url(), "--database-connections", "2", "--registry", PC_DATA_DIR,
                               "--tick-seconds", "1", "--demo"});
  ASSERT_GT(s.port, 0);
  auto c = Client(s.port);
  std::string token = DemoLogin(s.port);
  ASSERT_FALSE(token.empty());

  // Sixteen clients at once, reading and writing; the sessions on the
  // database are sampled meanwhile.
  std::atomic<bool> done{false};
  std::atomic<int> most{0}, failed{0};
  std::thread sampler([&] {
    while (!done) {
      most = std::max(most.load(), Sessions(db.name()));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::vector<std::thread> clients;
  for (int w = 0; w < 16; ++w)
    clients.emplace_back([&, w] {
      auto client = Client(s.port);
      for (int i = 0; i < 10; ++i) {
        auto r = i % 2 ? client->Get("/api/v1/applications", BearerAuth(token))
                       : client->Post("/api/v1/applications", BearerAuth(token),
                                      DraftTo("Pool " + std::to_string(w)).dump(), "application/json");
        if (!r || r->status / 100 != 2) ++failed;
      }
    });
  for (auto& t : clients) t.join();
  done = true;
  sampler.join();
  EXPECT_EQ(failed, 0);
  // Two in the pool, and the one kept for the periodic-work lock.
  EXPECT_LE(most, 3);
  EXPECT_GE(most, 1);
  StopServerProcess(s, SIGTERM);
  std::filesystem::remove_all(data);
}

// ---------------------------------------------------------------------------
// The database server restarts (a clean, fast shutdown) and crashes
// (immediate shutdown: recovery from the WAL at the next start) while
// drafts are being written.

class DatabaseRestart : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tag = std::to_string(getpid());
    state_ = std::filesystem::path(::testing::TempDir()) / ("pc-pg-restart-state-" + tag);
    data_ = std::filesystem::path(::testing::TempDir()) / ("pc-pg-restart-data-" + tag);
    std::filesystem::remove_all(state_);
    std::filesystem::remove_all(data_);
    // A cluster of its own: the shared one must stay up for the other tests.
    cluster_ = PgCluster::Start(state_);
    ASSERT_EQ(PgExec(cluster_->Url("postgres"), "CREATE DATABASE precursor"), "");
  }
  void TearDown() override {
    for (auto& s : servers_) StopServerProcess(s, SIGKILL);
    cluster_.reset();  // stops and removes it
    std::filesystem::remove_all(state_);
    std::filesystem::remove_all(data_);
  }
  ServerProcess Start(bool demo) {
    std::vector<std::string> args = {PC_BINARY,          "serve",       "--port",     "0",  "--threads", "16",
                                     "--data",           data_.string(), "--database", cluster_->Url("precursor"),
                                     "--registry",       PC_DATA_DIR,   "--tick-seconds", "1"};
    if (demo) args.push_back("--demo");
    auto s = StartServerProcess(std::move(args));
    servers_.push_back(s);
    return s;
  }
  static bool Running(const ServerProcess& s) {
    int status;
    return waitpid(s.pid, &status, WNOHANG) == 0;
  }

  std::unique_ptr<PgCluster> cluster_;
  std::filesystem::path state_, data_;
  std::vector<ServerProcess> servers_;
};

// Writers that create drafts on four connections until told to stop. Every
// answer must be 201 (acknowledged: it must be kept) or 503 (refused: the
// database is unavailable); anything else, or no answer at all, is kept
// for the test to report.
class Writers {
 public:
  Writers(int port, std::string token, std::string prefix) {
    for (int w = 0; w < 4; ++w)
      threads_.emplace_back([this, port, token, prefix, w] {
        auto c = Client(port);
        for (int i = 0; !stop_; ++i) {
          std::string name = prefix + " " + std::to_string(w) + "." + std::to_string(i);
          auto r = c->Post("/api/v1/applications", BearerAuth(token), DraftTo(name).dump(), "application/json");
          std::lock_guard lock(mutex_);
          if (!r) {
            unexpected_.push_back("no answer: " + httplib::to_string(r.error()));
          } else if (r->status == 201) {
            acknowledged_[Json::parse(r->body)["id"].get<long long>()] = name;
          } else if (r->status == 503) {
            ++refused_;
            auto body = Json::parse(r->body, nullptr, false);
            // The second: the connection went while its commit was in
            // flight, so the draft may have been stored (never acknowledged).
            if (body.is_discarded() ||
                (body["error"]["reason"] != "the database is unavailable; retry later" &&
                 body["error"]["reason"] != "the database connection was lost while committing; retry later"))
              unexpected_.push_back("503 with " + r->body);
          } else {
            unexpected_.push_back(std::to_string(r->status) + " " + r->body);
          }
          if (r && r->status == 503) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      });
  }
  ~Writers() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::size_t acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_.size();
  }
  int refused() {
    std::lock_guard lock(mutex_);
    return refused_;
  }
  // After Stop.
  const std::map<long long, std::string>& acknowledged_drafts() const { return acknowledged_; }
  const std::vector<std::string>& unexpected() const { return unexpected_; }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::map<long long, std::string> acknowledged_;
  int refused_ = 0;
  std::vector<std::string> unexpected_;
  std::vector<std::thread> threads_;
};

TEST_F(DatabaseRestart, NoAcknowledgedWriteIsLostAndTheServiceRecoversByItself) {
  auto s = Start(true);
  ASSERT_GT(s.port, 0);
  auto c = Client(s.port);
  std::string token = DemoLogin(s.port);
  ASSERT_FALSE(token.empty());

  std::map<long long, std::string> acknowledged;  // id -> importer name
  auto create = [&](const std::string& name) {
    auto r = c->Post("/api/v1/applications", BearerAuth(token), DraftTo(name).dump(), "application/json");
    if (r && r->status == 201) acknowledged[Json::parse(r->body)["id"].get<long long>()] = name;
    return r;
  };
  for (int i = 0; i < 10; ++i) {
    auto r = create("Before " + std::to_string(i));
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
  }

  for (std::string mode : {"fast", "immediate"}) {
    SCOPED_TRACE("pg_ctl stop -m " + mode);
    Writers writers(s.port, token, "Writer " + mode);
    ASSERT_TRUE(WaitFor([&] { return writers.acknowledged() >= 20; })) << "the writers made no drafts";

    // The server goes down with writes in flight.
    cluster_->StopServer(mode);
    ASSERT_TRUE(WaitFor([&] { return writers.refused() >= 20; })) << "no request was refused while it was down";

    // While it is down: a write, a read and a sign-in are each a 503 that
    // says why, and the service keeps running.
    auto write = c->Post("/api/v1/applications", BearerAuth(token), DraftTo("During").dump(), "application/json");
    ASSERT_TRUE(write);
    EXPECT_EQ(write->status, 503) << write->body;
    EXPECT_EQ(Json::parse(write->body)["error"]["reason"], "the database is unavailable; retry later");
    EXPECT_EQ(write->body.find("PostgreSQL"), std::string::npos) << write->body;  // the detail is for the log
    auto read = c->Get("/api/v1/applications", BearerAuth(token));
    ASSERT_TRUE(read);
    EXPECT_EQ(read->status, 503) << read->body;
    auto again = c->Post("/api/v1/login", Json{{"username", "exporter"}, {"password", "exporter-demo"}}.dump(),
                         "application/json");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 503) << again->body;
    EXPECT_TRUE(Running(s)) << "serve stopped when the database went away";

    // Back up: the service finds it again by itself, without a restart.
    cluster_->RestartServer();
    std::size_t before = writers.acknowledged();
    ASSERT_TRUE(WaitFor([&] { return writers.acknowledged() >= before + 20; }))
        << "the service did not recover after the database came back";
    writers.Stop();
    EXPECT_TRUE(writers.unexpected().empty()) << writers.unexpected().size() << " unexpected answers, the first: "
                                              << writers.unexpected().front();
    for (const auto& [id, name] : writers.acknowledged_drafts()) acknowledged[id] = name;

    // Once it has recovered, every request succeeds again.
    for (int i = 0; i < 10; ++i) {
      auto r = create("After " + mode + " " + std::to_string(i));
      ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    }
  }
  EXPECT_TRUE(Running(s));

  // Every acknowledged draft is there, as it was written: through this
  // process, and through a new one on the same database.
  auto second = Start(false);
  ASSERT_GT(second.port, 0);
  auto c2 = Client(second.port);
  for (auto* client : {c.get(), c2.get()}) {
    std::map<long long, std::string> stored;
    for (std::string page = "/api/v1/applications?limit=1000";;) {  // every page
      auto list = client->Get(page.c_str(), BearerAuth(token));
      ASSERT_TRUE(list && list->status == 200) << (list ? list->body : "no answer");
      auto body = Json::parse(list->body);
      for (const auto& a : body["applications"]) stored[a["id"].get<long long>()] = a["importer"]["name"];
      if (body["next"].is_null()) break;
      page = body["next"];
    }
    for (const auto& [id, name] : acknowledged) {
      ASSERT_TRUE(stored.count(id)) << "acknowledged draft " << id << " (" << name << ") lost";
      EXPECT_EQ(stored[id], name) << "draft " << id;
    }
  }
  auto one = c2->Get(("/api/v1/applications/" + std::to_string(acknowledged.rbegin()->first)).c_str(), BearerAuth(token));
  ASSERT_TRUE(one && one->status == 200);
  EXPECT_EQ(Json::parse(one->body)["importer"]["name"], acknowledged.rbegin()->second);

  // The audit chain the interrupted batches wrote is intact.
  for (auto& p : servers_) StopServerProcess(p, SIGTERM);
  servers_.clear();
  auto verify = Precursor("audit verify --data " + data_.string() + " --database " + cluster_->Url("precursor"));
  EXPECT_EQ(verify.status, 0) << verify.err;
}

}  // namespace
}  // namespace pc::testing
