// A small layer over libpqxx for the PostgreSQL store: a fixed pool of
// connections, statements prepared once per connection, parameters bound
// by position from the same Value type the SQLite layer uses, and
// PostgreSQL's failures turned into the domain's errors.
//
// Thread-safety: PgPool is thread-safe; a PgConn is used by one thread at a
// time (the one holding its lease).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <pqxx/pqxx>

#include "common/error.h"
#include "store/sqlite_db.h"  // Value

namespace pc::store {

// What a connection URL names, without its password: for messages and logs.
// Throws Error(kInvalid, "database") when libpq cannot parse the URL.
std::string DescribeDatabaseUrl(const std::string& url);

// PostgreSQL's failure as the domain sees it: an integrity violation
// (SQLSTATE class 23) is a Conflict, a value the database refuses (class 22)
// is Invalid, anything else (the server gone, a full disk) is Unavailable.
// The server's message is the detail an operator reads in the log.
Error PgError(const std::exception& e);

// One connection and its prepared statements.
class PgConn {
 public:
  // Throws Error(kUnavailable) naming `where` when the server cannot be reached.
  PgConn(const std::string& url, const std::string& where);
  pqxx::connection& raw() { return *conn_; }
  bool is_open() const { return conn_->is_open(); }
  // Runs `sql` (a fixed text, prepared on first use) with `args` ($1, $2...).
  pqxx::result Exec(pqxx::transaction_base& tx, const std::string& sql, const std::vector<Value>& args);

 private:
  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
};

// A fixed number of connections, opened on demand and reopened after the
// server has dropped them (a restart, a failover).
class PgPool {
 public:
  // Opens the first connection at once: a URL or a server that does not
  // work is found at start, and the Error(kUnavailable, "database") names
  // the database (`where`) and libpq's reason. Later, a connection that
  // cannot be opened is Error(kUnavailable) "the database is unavailable;
  // retry later", with those as its detail (a client is not told where the
  // database is).
  PgPool(std::string url, std::string where, std::size_t size);

  class Lease {
   public:
    Lease(PgPool& pool, std::unique_ptr<PgConn> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.Return(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgConn& operator*() { return *conn_; }
    PgConn* operator->() { return conn_.get(); }
    // Drops a connection found broken and opens a new one in its place.
    void Reconnect();

   private:
    PgPool& pool_;
    std::unique_ptr<PgConn> conn_;
  };

  // Waits for a free connection.
  Lease Take();
  const std::string& url() const { return url_; }
  const std::string& where() const { return where_; }

 private:
  void Return(std::unique_ptr<PgConn> conn);
  std::unique_ptr<PgConn> Open();

  std::string url_, where_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> idle_;
  std::size_t free_slots_;  // connections not yet opened or dropped
};

}  // namespace pc::store
