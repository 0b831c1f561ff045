#include "store/sqlite_db.h"

#include <sqlite3.h>

namespace pc::store {
namespace {

ErrorKind KindFor(int code) {
  return (code & 0xff) == SQLITE_CONSTRAINT ? ErrorKind::kConflict : ErrorKind::kUnavailable;
}

[[noreturn]] void Fail(sqlite3* db, int rc, const std::string& context) {
  throw SqliteError(context + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), rc);
}

}  // namespace

SqliteError::SqliteError(const std::string& what, int code)
    : Error(KindFor(code), "",
            KindFor(code) == ErrorKind::kConflict ? "the change conflicts with a stored record"
                                                  : "the database is unavailable; retry later"),
      code_(code) {
  WithDetail("SQLite: " + what);
}

Db::Db(const std::string& path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    throw SqliteError("cannot open database " + path + ": " + msg, rc);
  }
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_extended_result_codes(db_, 1);
}

Db::~Db() {
  for (auto* s : owned_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

void Db::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqliteError(msg, rc);
  }
}

Statement& Db::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return *it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), int(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) Fail(db_, rc, "prepare");
  owned_.push_back(stmt);
  auto& s = cache_[sql];
  s = std::make_unique<Statement>(db_, stmt);
  return *s;
}

std::int64_t Db::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

Statement& Statement::Bind(const std::vector<Value>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    int idx = int(i) + 1, rc;
    if (std::holds_alternative<std::nullptr_t>(values[i])) rc = sqlite3_bind_null(stmt_, idx);
    else if (auto* n = std::get_if<std::int64_t>(&values[i])) rc = sqlite3_bind_int64(stmt_, idx, *n);
    else {
      const auto& s = std::get<std::string>(values[i]);
      rc = sqlite3_bind_text(stmt_, idx, s.data(), int(s.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) Fail(db_, rc, "bind");
  }
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  int code = rc;
  std::string msg = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw SqliteError(msg, code);
}

void Statement::Run() {
  while (Step()) {
  }
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(stmt_, column))) : "";
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

}  // namespace pc::store
