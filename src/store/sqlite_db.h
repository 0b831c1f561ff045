// A thin RAII layer over one SQLite connection: prepared statements cached
// per connection, bound by position, errors turned into exceptions. Not
// thread-safe: one connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pc::store {

// SQLite's own failure as the domain sees it: a constraint broken is a
// Conflict, anything else (busy past the timeout, a full disk, an I/O
// error, a damaged file) is Unavailable. SQLite's message, which may name
// tables and paths, is the detail an operator reads in the log, never the
// reason a client is sent.
class SqliteError : public Error {
 public:
  SqliteError(const std::string& what, int code);
  int code() const { return code_; }

 private:
  int code_;
};

using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement& Bind(const std::vector<Value>& values);
  bool Step();  // true while there is a row
  void Run();   // runs to completion
  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  void Reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Db {
 public:
  explicit Db(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void Exec(const std::string& sql);  // one or more statements, no parameters
  // A cached prepared statement, reset and ready to bind.
  Statement& Prepare(const std::string& sql);
  std::int64_t LastInsertId() const;
  sqlite3* raw() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>> cache_;
  std::vector<sqlite3_stmt*> owned_;
};

}  // namespace pc::store
