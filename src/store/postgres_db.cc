#include "store/postgres_db.h"

#include <libpq-fe.h>

namespace pc::store {

std::string DescribeDatabaseUrl(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string reason = error ? error : "out of memory";
    if (error) PQfreemem(error);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    // libpq quotes the URL, or the part it could not read, which may hold
    // the password: those quotes are left out.
    std::string shown;
    for (size_t i = 0; i < reason.size();) {
      size_t open = reason.find('"', i), close = open == std::string::npos ? open : reason.find('"', open + 1);
      if (close == std::string::npos) {
        shown += reason.substr(i);
        break;
      }
      std::string quoted = reason.substr(open + 1, close - open - 1);
      shown += reason.substr(i, open - i) + (quoted.size() > 1 && url.find(quoted) != std::string::npos
                                                 ? "(part of the URL)"
                                                 : "\"" + quoted + "\"");
      i = close + 1;
    }
    throw Invalid("database", "the database URL cannot be read: " + shown +
                                  " (expected postgresql://USER@HOST:PORT/DATABASE)");
  }
  std::string user, host, port, dbname;
  for (auto* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    std::string key = o->keyword;
    if (key == "user") user = o->val;
    else if (key == "host" || (key == "hostaddr" && host.empty())) host = o->val;
    else if (key == "port") port = o->val;
    else if (key == "dbname") dbname = o->val;
  }
  PQconninfoFree(options);
  std::string out = "PostgreSQL database ";
  out += dbname.empty() ? "(default)" : "'" + dbname + "'";
  out += " at " + (host.empty() ? std::string("the local socket") : host) + (port.empty() ? "" : ":" + port);
  if (!user.empty()) out += " as " + user;
  return out;
}

Error PgError(const std::exception& e) {
  std::string message = e.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::string state;
  if (auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) state = sql->sqlstate();
  Error out = state.rfind("23", 0) == 0
                  ? Error(ErrorKind::kConflict, "", "the change conflicts with a stored record")
              : state.rfind("22", 0) == 0
                  ? Error(ErrorKind::kInvalid, "", "the database refused a value of the request")
                  : Error(ErrorKind::kUnavailable, "", "the database is unavailable; retry later");
  out.WithDetail("PostgreSQL" + (state.empty() ? "" : " " + state) + ": " + message);
  return out;
}

namespace {

// libpq's message on one line: it continues a message on lines of their
// own, indented with a tab ("\n\tIs the server running on that host...").
std::string OneLine(const std::string& message) {
  std::string out;
  bool space = false;
  for (char ch : message) {
    if (ch == '\n' || ch == '\t' || ch == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty() && out.back() != ' ') out += ' ';
    space = false;
    out += ch;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

PgConn::PgConn(const std::string& url, const std::string& where) {
  try {
    conn_ = std::make_unique<pqxx::connection>(url);
  } catch (const pqxx::broken_connection& e) {
    throw Error(ErrorKind::kUnavailable, "database", "cannot connect to the " + where + ": " + OneLine(e.what()));
  }
}

pqxx::result PgConn::Exec(pqxx::transaction_base& tx, const std::string& sql, const std::vector<Value>& args) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    conn_->prepare(name, sql);
    it = prepared_.emplace(sql, name).first;
  }
  // Text parameters, as libpq takes them: NULL is a null pointer.
  std::vector<std::string> text;
  text.reserve(args.size());
  std::vector<const char*> values;
  values.reserve(args.size());
  for (const auto& v : args) {
    if (std::holds_alternative<std::nullptr_t>(v)) {
      text.emplace_back();
    } else if (auto* n = std::get_if<std::int64_t>(&v)) {
      text.push_back(std::to_string(*n));
    } else {
      const auto& s = std::get<std::string>(v);
      // libpq passes text parameters as C strings: a NUL would cut the
      // value short without a word, and PostgreSQL's text cannot hold one.
      if (s.find('\0') != std::string::npos)
        throw Invalid("", "a text value contains a NUL character, which cannot be stored");
      text.push_back(s);
    }
  }
  for (size_t i = 0; i < args.size(); ++i)
    values.push_back(std::holds_alternative<std::nullptr_t>(args[i]) ? nullptr : text[i].c_str());
  return tx.exec_prepared(it->second, pqxx::prepare::make_dynamic_params(values));
}

PgPool::PgPool(std::string url, std::string where, std::size_t size)
    : url_(std::move(url)), where_(std::move(where)), free_slots_(size) {
  if (size == 0) throw Invalid("database", "the connection pool needs at least one connection");
  idle_.push_back(std::make_unique<PgConn>(url_, where_));  // the start-up error, naming the database
  --free_slots_;
}

std::unique_ptr<PgConn> PgPool::Open() {
  try {
    return std::make_unique<PgConn>(url_, where_);
  } catch (const Error& e) {
    // Once serving, the server gone is the client's 503 like any other
    // failure of the database; where it is and libpq's reason are the log's.
    throw Error(ErrorKind::kUnavailable, "", "the database is unavailable; retry later").WithDetail(e.what());
  }
}

PgPool::Lease PgPool::Take() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return !idle_.empty() || free_slots_ > 0; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(conn));
  }
  --free_slots_;
  lock.unlock();
  try {
    return Lease(*this, Open());
  } catch (...) {
    Return(nullptr);
    throw;
  }
}

void PgPool::Return(std::unique_ptr<PgConn> conn) {
  {
    std::lock_guard lock(mutex_);
    if (conn && conn->is_open()) idle_.push_back(std::move(conn));
    else ++free_slots_;
  }
  cv_.notify_one();
}

void PgPool::Lease::Reconnect() {
  conn_.reset();
  conn_ = pool_.Open();
}

}  // namespace pc::store
