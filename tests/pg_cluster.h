// A throwaway PostgreSQL 15 cluster for the tests, and a database per test.
//
// The licensing suites run on both backends: ctest registers each of them
// twice, the second time (names prefixed "pg.") with PRECURSOR_TEST_PG_DIR
// naming a directory where the ctest fixture pg_cluster_start has started a
// cluster (tests/pg_test_cluster.cc) that pg_cluster_stop removes after the
// last of them. Run by hand with PRECURSOR_TEST_BACKEND=postgres, a test
// binary starts a cluster of its own and removes it at exit.
//
// The cluster: initdb and pg_ctl from PostgreSQL's bin directory, as the
// `postgres` user when running as root (initdb refuses root; CI runs as
// root), in a temporary directory that also holds its socket, on a free
// port of 127.0.0.1, trust authentication (nothing else can reach it).
#pragma once

#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include <netinet/in.h>
#include <sys/socket.h>

#include <pqxx/pqxx>

namespace pc::testing {

inline bool OnPostgres() {
  const char* backend = std::getenv("PRECURSOR_TEST_BACKEND");
  const char* dir = std::getenv("PRECURSOR_TEST_PG_DIR");
  return (backend && std::string(backend) == "postgres") || (dir && *dir);
}

class PgCluster {
 public:
  // Starts a new cluster; its state is kept in `state` (the port and the
  // cluster's directory), so that another process can Attach to it.
  static std::unique_ptr<PgCluster> Start(const std::filesystem::path& state) {
    auto c = std::unique_ptr<PgCluster>(new PgCluster);
    char tmpl[] = "/tmp/pc-pg-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    c->dir_ = tmpl;
    std::string as;
    if (::geteuid() == 0) {
      passwd* pw = ::getpwnam("postgres");
      if (!pw) throw std::runtime_error("running as root and there is no postgres user to run the cluster as");
      if (::chown(c->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown failed");
      as = "runuser -u postgres -- ";
    }
    c->as_ = as;
    std::string bin = PC_PG_BIN_DIR;
    std::string d = c->dir_.string();
    Run(as + bin + "/initdb -D " + d + "/data -U postgres -A trust -E UTF8 --locale=C --no-sync > " + d +
        "/initdb.log 2>&1");
    // A free port can be taken between the check and the start: try a few.
    for (int attempt = 0;; ++attempt) {
      c->port_ = FreePort();
      if (c->StartServer()) break;
      if (attempt == 4) throw std::runtime_error("pg_ctl start failed; see " + d + "/server.log");
    }
    std::filesystem::create_directories(state);
    std::ofstream(state / "cluster") << c->port_ << "\n" << d << "\n" << as << "\n";
    return c;
  }

  // The cluster another process started, described in `state`.
  static std::unique_ptr<PgCluster> Attach(const std::filesystem::path& state) {
    auto c = std::unique_ptr<PgCluster>(new PgCluster);
    std::ifstream in(state / "cluster");
    std::string dir;
    if (!(in >> c->port_ >> dir))
      throw std::runtime_error("no PostgreSQL test cluster described in " + (state / "cluster").string() +
                               " (run through ctest, whose fixture pg_cluster_start starts it)");
    std::getline(in, c->as_);
    std::getline(in, c->as_);
    c->dir_ = dir;
    c->attached_ = true;
    return c;
  }

  // Stops the cluster (immediately: it is thrown away) and removes it.
  void Stop() {
    std::system((as_ + std::string(PC_PG_BIN_DIR) + "/pg_ctl -D " + dir_.string() + "/data -m immediate -w stop > /dev/null 2>&1")
                    .c_str());
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ~PgCluster() {
    if (!attached_ && !detached_) Stop();
  }
  void Detach() { detached_ = true; }  // leaves it running for other processes

  // Stops the server, as an operator's restart or an upgrade would, keeping
  // the cluster: "fast" ends the sessions and shuts down cleanly,
  // "immediate" is a crash (recovery from the WAL at the next start).
  void StopServer(const std::string& mode) {
    Run(as_ + std::string(PC_PG_BIN_DIR) + "/pg_ctl -D " + dir_.string() + "/data -m " + mode + " -w -t 60 stop > " +
        dir_.string() + "/pg_ctl.log 2>&1");
  }
  // Starts the stopped server again on the same port.
  void RestartServer() {
    if (!StartServer()) throw std::runtime_error("pg_ctl start failed; see " + dir_.string() + "/server.log");
  }

  int port() const { return port_; }
  std::string Url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }

 private:
  PgCluster() = default;
  static void Run(const std::string& cmd) {
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
  }
  bool StartServer() {
    std::string d = dir_.string();
    return std::system((as_ + std::string(PC_PG_BIN_DIR) + "/pg_ctl -D " + d + "/data -l " + d +
                        "/server.log -w -t 60 -o \"-p " + std::to_string(port_) + " -k " + d +
                        " -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=32MB\" start > " + d +
                        "/pg_ctl.log 2>&1")
                           .c_str()) == 0;
  }
  static int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ::close(fd);
      throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(a.sin_port);
  }

  std::filesystem::path dir_;
  std::string as_;
  int port_ = 0;
  bool attached_ = false, detached_ = false;
};

// The cluster this process's tests use (see the top of this file).
inline PgCluster& SharedCluster() {
  static std::unique_ptr<PgCluster> cluster = [] {
    if (const char* dir = std::getenv("PRECURSOR_TEST_PG_DIR"); dir && *dir) return PgCluster::Attach(dir);
    char tmpl[] = "/tmp/pc-pg-state-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    return PgCluster::Start(tmpl);
  }();
  return *cluster;
}

// Runs SQL on a database; returns PostgreSQL's message, or "" when it succeeded.
inline std::string PgExec(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection c(url);
    pqxx::nontransaction tx(c);
    tx.exec(sql);
    return "";
  } catch (const std::exception& e) {
    std::string m = e.what();
    return m.empty() ? "error" : m;
  }
}

// A new, empty database of its own for one test; dropped when it goes.
class TestDatabase {
 public:
  TestDatabase() {
    static std::atomic<int> counter{0};
    name_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    std::string error = PgExec(SharedCluster().Url("postgres"), "CREATE DATABASE " + name_);
    if (!error.empty()) throw std::runtime_error("CREATE DATABASE " + name_ + ": " + error);
  }
  ~TestDatabase() { PgExec(SharedCluster().Url("postgres"), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  std::string url() const { return SharedCluster().Url(name_); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

}  // namespace pc::testing
