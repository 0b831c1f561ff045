#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <cstdio>

#include "common/error.h"
#include "licensing/serialize.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace pc::store {

using namespace pc::licensing;

namespace {

Json Parse(const std::string& text) { return Json::parse(text); }

// Runs a query and hands each row to fn; the statement is reset afterwards
// so no read stays open past the call.
template <typename Fn>
void Query(Db& db, const std::string& sql, const std::vector<Value>& args, Fn fn) {
  auto& st = db.Prepare(sql).Bind(args);
  try {
    while (st.Step()) fn(st);
  } catch (...) {
    st.Reset();
    throw;
  }
  st.Reset();
}

void Run(Db& db, const std::string& sql, const std::vector<Value>& args) {
  auto& st = db.Prepare(sql).Bind(args);
  try {
    st.Run();
  } catch (...) {
    st.Reset();
    throw;
  }
  st.Reset();
}

template <typename T, typename From>
std::optional<T> One(Db& db, const std::string& sql, const std::vector<Value>& args, From from) {
  std::optional<T> out;
  Query(db, sql, args, [&](Statement& st) { out = from(Parse(st.Text(0))); });
  return out;
}

template <typename T, typename From>
std::vector<T> Many(Db& db, const std::string& sql, const std::vector<Value>& args, From from) {
  std::vector<T> out;
  Query(db, sql, args, [&](Statement& st) { out.push_back(from(Parse(st.Text(0)))); });
  return out;
}

class SqliteTransaction : public Transaction {
 public:
  SqliteTransaction(Db& db, bool writable) : db_(db), writable_(writable) {}

  Id InsertOrganisation(const Organisation& o) override {
    W();
    Organisation copy = o;
    copy.id = NextId("organisations");
    Run(db_, "INSERT INTO organisations(id, doc) VALUES (?1, ?2)", {copy.id, ToJson(copy).dump()});
    return copy.id;
  }
  std::optional<Organisation> GetOrganisation(Id id) override {
    return One<Organisation>(db_, "SELECT doc FROM organisations WHERE id = ?1", {id}, OrganisationFromJson);
  }
  std::vector<Organisation> ListOrganisations() override {
    return Many<Organisation>(db_, "SELECT doc FROM organisations ORDER BY id", {}, OrganisationFromJson);
  }
  Id InsertUser(const User& u) override {
    W();
    if (FindUser(u.username)) throw Conflict("username", "username '" + u.username + "' is taken");
    User copy = u;
    copy.id = NextId("users");
    Run(db_, "INSERT INTO users(id, username, org_id, doc) VALUES (?1, ?2, ?3, ?4)",
        {copy.id, u.username, u.org_id, ToJson(copy, true).dump()});
    return copy.id;
  }
  std::optional<User> GetUser(Id id) override {
    return One<User>(db_, "SELECT doc FROM users WHERE id = ?1", {id}, UserFromJson);
  }
  std::optional<User> FindUser(const std::string& username) override {
    return One<User>(db_, "SELECT doc FROM users WHERE username = ?1", {username}, UserFromJson);
  }
  void PutSession(const Session& s) override {
    W();
    Run(db_, "INSERT OR REPLACE INTO sessions(token_hash, user_id, expires, last_seen) VALUES (?1, ?2, ?3, ?4)",
        {s.token_hash, s.user_id, s.expires, s.last_seen});
  }
  std::optional<Session> GetSession(const std::string& token_hash) override {
    std::optional<Session> out;
    Query(db_, "SELECT user_id, expires, last_seen FROM sessions WHERE token_hash = ?1", {token_hash},
          [&](Statement& st) { out = Session{token_hash, st.Int(0), st.Int(1), st.Int(2)}; });
    return out;
  }
  void DeleteSession(const std::string& token_hash) override {
    W();
    Run(db_, "DELETE FROM sessions WHERE token_hash = ?1", {token_hash});
  }

  Id InsertApplication(const Application& a) override {
    W();
    Application copy = a;
    copy.id = NextId("applications");
    Run(db_,
        "INSERT INTO applications(id, exporter_org, authority_org, status, importer_key, version, doc) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        {copy.id, a.exporter_org, a.authority_org, ToString(a.status), ImporterKey(a.importer), a.version,
         ToJson(copy).dump()});
    return copy.id;
  }
  using Transaction::UpdateApplication;
  void UpdateApplication(const ApplicationRecord& r) override {
    W();
    Run(db_,
        "UPDATE applications SET exporter_org = ?1, status = ?2, importer_key = ?3, version = ?4, doc = ?5, "
        "authority_org = ?7 WHERE id = ?6",
        {r.exporter_org, r.status, r.importer_key, r.version, r.doc, r.id, r.authority_org});
  }
  std::optional<Application> GetApplication(Id id) override {
    return One<Application>(db_, "SELECT doc FROM applications WHERE id = ?1", {id}, ApplicationFromJson);
  }
  std::optional<std::int64_t> ApplicationVersion(Id id) override {
    std::optional<std::int64_t> out;
    Query(db_, "SELECT version FROM applications WHERE id = ?1", {id}, [&](Statement& st) { out = st.Int(0); });
    return out;
  }
  std::vector<Application> ListApplications(const ApplicationFilter& f) override {
    std::string sql = "SELECT doc FROM applications WHERE 1";
    std::vector<Value> args;
    auto add = [&](const std::string& clause, Value v) {
      args.push_back(std::move(v));
      sql += " AND " + clause + " ?" + std::to_string(args.size());
    };
    if (f.exporter_org) add("exporter_org =", *f.exporter_org);
    if (f.authority_org) add("authority_org =", *f.authority_org);
    if (f.status) add("status =", ToString(*f.status));
    if (f.importer_key) add("importer_key =", *f.importer_key);
    if (f.open_only) sql += " AND status IN ('submitted', 'information_requested', 'verification')";
    sql += " ORDER BY id";
    return Many<Application>(db_, sql, args, ApplicationFromJson);
  }

  Id InsertNotification(const Notification& n) override {
    W();
    Notification copy = n;
    copy.id = NextId("notifications");
    Run(db_, "INSERT INTO notifications(id, application_id, country, status, deadline, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        {copy.id, n.application_id, n.country, ToString(n.status), n.deadline, ToJson(copy).dump()});
    return copy.id;
  }
  void UpdateNotification(const Notification& n) override {
    W();
    Run(db_, "UPDATE notifications SET status = ?1, deadline = ?2, doc = ?3 WHERE id = ?4",
        {ToString(n.status), n.deadline, ToJson(n).dump(), n.id});
  }
  std::optional<Notification> GetNotification(Id id) override {
    return One<Notification>(db_, "SELECT doc FROM notifications WHERE id = ?1", {id}, NotificationFromJson);
  }
  std::vector<Notification> ListNotifications(const NotificationFilter& f) override {
    std::string sql = "SELECT doc FROM notifications WHERE 1";
    std::vector<Value> args;
    auto add = [&](const std::string& clause, Value v) {
      args.push_back(std::move(v));
      sql += " AND " + clause + " ?" + std::to_string(args.size());
    };
    if (f.country) add("country =", *f.country);
    if (f.application_id) add("application_id =", *f.application_id);
    if (f.status) add("status =", ToString(*f.status));
    if (f.deadline_before) add("deadline <", *f.deadline_before);
    sql += " ORDER BY id";
    return Many<Notification>(db_, sql, args, NotificationFromJson);
  }

  void InsertLicence(const Licence& l) override {
    W();
    Run(db_, "INSERT INTO licences(number, application_id, exporter_org, status, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
        {l.number, l.application_id, l.exporter_org, Status(l), ToJson(l).dump()});
  }
  void UpdateLicence(const Licence& l) override {
    W();
    Run(db_, "UPDATE licences SET status = ?1, doc = ?2 WHERE number = ?3", {Status(l), ToJson(l).dump(), l.number});
  }
  std::optional<Licence> GetLicence(const std::string& number) override {
    return One<Licence>(db_, "SELECT doc FROM licences WHERE number = ?1", {number}, LicenceFromJson);
  }
  std::vector<Licence> ListLicences(std::optional<Id> exporter_org) override {
    if (exporter_org)
      return Many<Licence>(db_, "SELECT doc FROM licences WHERE exporter_org = ?1 ORDER BY number", {*exporter_org},
                           LicenceFromJson);
    return Many<Licence>(db_, "SELECT doc FROM licences ORDER BY number", {}, LicenceFromJson);
  }

  Id InsertShipment(const Shipment& s) override {
    W();
    Shipment copy = s;
    copy.id = NextId("shipments");
    Run(db_, "INSERT INTO shipments(id, licence_number, reference, doc) VALUES (?1, ?2, ?3, ?4)",
        {copy.id, s.licence_number, s.reference, ToJson(copy).dump()});
    return copy.id;
  }
  std::optional<Shipment> FindShipment(const std::string& reference) override {
    return One<Shipment>(db_, "SELECT doc FROM shipments WHERE reference = ?1", {reference}, ShipmentFromJson);
  }
  std::vector<Shipment> ListShipments(const std::string& number) override {
    return Many<Shipment>(db_, "SELECT doc FROM shipments WHERE licence_number = ?1 ORDER BY id", {number},
                          ShipmentFromJson);
  }

  Id InsertFlag(const Flag& f) override {
    W();
    Flag copy = f;
    copy.id = NextId("flags");
    Run(db_, "INSERT INTO flags(id, doc) VALUES (?1, ?2)", {copy.id, ToJson(copy).dump()});
    return copy.id;
  }
  std::vector<Flag> ListFlags() override {
    return Many<Flag>(db_, "SELECT doc FROM flags ORDER BY id", {}, FlagFromJson);
  }

  std::optional<std::string> GetMeta(const std::string& key) override {
    std::optional<std::string> out;
    Query(db_, "SELECT value FROM meta WHERE key = ?1", {key}, [&](Statement& st) { out = st.Text(0); });
    return out;
  }
  void PutMeta(const std::string& key, const std::string& value) override {
    W();
    Run(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", {key, value});
  }

  std::optional<AuditRecord> LastAudit() override {
    auto v = Audit("SELECT seq, time, actor, action, object, details, prev_hash, hash FROM audit_log "
                   "ORDER BY seq DESC LIMIT 1", {});
    if (v.empty()) return std::nullopt;
    return v.front();
  }
  std::optional<std::pair<std::int64_t, std::string>> AuditHead() override {
    std::optional<std::pair<std::int64_t, std::string>> out;
    Query(db_, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", {},
          [&](Statement& st) { out.emplace(st.Int(0), st.Text(1)); });
    return out;
  }
  void AppendAudit(const AuditRecord& r) override {
    W();
    Run(db_, "INSERT INTO audit_log(seq, time, actor, action, object, details, prev_hash, hash) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        {r.seq, r.time, r.actor, r.action, r.object, r.details.json().dump(), r.prev_hash, r.hash});
  }
  std::vector<AuditRecord> ListAudit(std::int64_t after_seq, std::size_t limit) override {
    return Audit("SELECT seq, time, actor, action, object, details, prev_hash, hash FROM audit_log "
                 "WHERE seq > ?1 ORDER BY seq LIMIT ?2", {after_seq, std::int64_t(limit)});
  }
  std::vector<AuditRecord> ListAuditFor(const std::vector<std::string>& objects) override {
    std::string sql = "SELECT seq, time, actor, action, object, details, prev_hash, hash FROM audit_log WHERE object IN (";
    std::vector<Value> args;
    for (const auto& o : objects) {
      args.push_back(o);
      sql += (args.size() > 1 ? ", ?" : "?") + std::to_string(args.size());
    }
    if (args.empty()) return {};
    return Audit(sql + ") ORDER BY seq", args);
  }

  std::optional<Replay> GetReplay(Id user_id, const std::string& key) override {
    std::optional<Replay> out;
    Query(db_, "SELECT fingerprint, status, body, created FROM replays WHERE user_id = ?1 AND key = ?2",
          {user_id, key}, [&](Statement& st) {
            out = Replay{user_id, key, st.Text(0), int(st.Int(1)), st.Text(2), st.Int(3)};
          });
    return out;
  }
  void PutReplay(const Replay& r) override {
    W();
    Run(db_, "INSERT OR REPLACE INTO replays(user_id, key, fingerprint, status, body, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        {r.user_id, r.key, r.fingerprint, std::int64_t(r.status), r.body, r.created});
  }
  void DeleteReplay(Id user_id, const std::string& key) override {
    W();
    Run(db_, "DELETE FROM replays WHERE user_id = ?1 AND key = ?2", {user_id, key});
  }

  std::int64_t DocumentBytes(Id exporter_org) override {
    // The documents are inside each application's JSON record; SQLite's
    // JSON functions sum them without loading the records.
    std::int64_t total = 0;
    Query(db_, "SELECT COALESCE(SUM(json_extract(d.value, '$.size')), 0) FROM applications a, "
               "json_each(a.doc, '$.documents') d WHERE a.exporter_org = ?1", {exporter_org},
          [&](Statement& st) { total = st.Int(0); });
    return total;
  }

  void TouchSession(const std::string& token_hash, Timestamp last_seen) override {
    W();
    Run(db_, "UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2", {last_seen, token_hash});
  }
  int PurgeSessions(Timestamp expired_by, Timestamp idle_since) override {
    return Delete("DELETE FROM sessions WHERE expires <= ?1 OR last_seen <= ?2", {expired_by, idle_since});
  }
  int PurgeReplays(Timestamp created_before) override {
    return Delete("DELETE FROM replays WHERE created < ?1", {created_before});
  }
  std::optional<ThrottleState> GetThrottle(const std::string& key) override {
    std::optional<ThrottleState> out;
    Query(db_, "SELECT failures, last_failure, locked_until, forget_at FROM login_throttle WHERE key = ?1", {key},
          [&](Statement& st) { out = ThrottleState{key, int(st.Int(0)), st.Int(1), st.Int(2), st.Int(3)}; });
    return out;
  }
  void PutThrottle(const ThrottleState& s) override {
    W();
    Run(db_, "INSERT OR REPLACE INTO login_throttle(key, failures, last_failure, locked_until, forget_at) "
             "VALUES (?1, ?2, ?3, ?4, ?5)",
        {s.key, std::int64_t(s.failures), s.last_failure, s.locked_until, s.forget_at});
  }
  void DeleteThrottle(const std::string& key) override {
    W();
    Run(db_, "DELETE FROM login_throttle WHERE key = ?1", {key});
  }
  int PurgeThrottles(Timestamp forget_by) override {
    return Delete("DELETE FROM login_throttle WHERE forget_at <= ?1", {forget_by});
  }

 private:
  // Writers are serialised, so the next id can be read before the insert
  // and the row written once, with its id inside the document.
  Id NextId(const std::string& table) {
    Id id = 1;
    Query(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM " + table, {}, [&](Statement& st) { id = st.Int(0); });
    return id;
  }
  void W() const {
    if (!writable_) throw std::logic_error("write attempted in a read transaction");
  }
  int Delete(const std::string& sql, const std::vector<Value>& args) {
    W();
    Run(db_, sql, args);
    return sqlite3_changes(db_.raw());
  }
  static std::string Status(const Licence& l) { return l.status == LicenceStatus::kActive ? "active" : "revoked"; }
  std::vector<AuditRecord> Audit(const std::string& sql, const std::vector<Value>& args) {
    std::vector<AuditRecord> out;
    Query(db_, sql, args, [&](Statement& st) {
      AuditRecord r;
      r.seq = st.Int(0);
      r.time = st.Int(1);
      r.actor = st.Text(2);
      r.action = st.Text(3);
      r.object = st.Text(4);
      // A details column edited into invalid JSON must show as tampering,
      // not crash the verifier.
      try {
        r.details = Parse(st.Text(5));
      } catch (const Json::exception&) {
        r.details = Json(st.Text(5) + " (not JSON)");
      }
      r.prev_hash = st.Text(6);
      r.hash = st.Text(7);
      out.push_back(std::move(r));
    });
    return out;
  }

  Db& db_;
  bool writable_;
};

void Configure(Db& db) {
  db.Exec("PRAGMA journal_mode = WAL");
  // FULL: the WAL is synced on every commit, so an acknowledged write
  // survives power loss, not only a process crash.
  db.Exec("PRAGMA synchronous = FULL");
  db.Exec("PRAGMA foreign_keys = ON");
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file) : file_(file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  writer_ = std::make_unique<Db>(file.string());
  Configure(*writer_);
  writer_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')))");
  int current = 0;
  Query(*writer_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {},
        [&](Statement& st) { current = int(st.Int(0)); });
  if (current > LatestSchemaVersion()) throw NewerSchemaError(file.string(), current);
  for (const auto& m : Migrations()) {
    if (m.version <= current) continue;
    writer_->Exec("BEGIN IMMEDIATE");
    try {
      writer_->Exec(m.sqlite);
      Run(*writer_, "INSERT INTO schema_migrations(version, description) VALUES (?1, ?2)",
          {std::int64_t(m.version), m.description});
      writer_->Exec("COMMIT");
    } catch (...) {
      writer_->Exec("ROLLBACK");
      throw;
    }
    current = m.version;
  }
  schema_version_ = current;
  writer_->Exec("PRAGMA wal_autocheckpoint = 0");
  checkpointer_ = std::thread([this] {
    Db db(file_.string());
    // A connection opens the WAL only with its first read; before that,
    // sqlite3_wal_checkpoint_v2 finds no WAL and returns SQLITE_OK having
    // done nothing, and the WAL would grow for as long as the service runs
    // (every page lookup then searches a longer WAL index, and recovery
    // after a crash replays all of it).
    db.Exec("SELECT count(*) FROM sqlite_master");
    std::unique_lock lock(checkpoint_mutex_);
    bool reported = false;
    while (!stopping_) {
      checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(500));
      int rc = sqlite3_wal_checkpoint_v2(db.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY && !reported) {  // once, not every half second
        std::fprintf(stderr, "precursor: WAL checkpoint failed: %s\n", sqlite3_errmsg(db.raw()));
        reported = true;
      }
    }
  });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
}

std::unique_ptr<Db> SqliteStore::TakeReader() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!readers_.empty()) {
      auto db = std::move(readers_.back());
      readers_.pop_back();
      return db;
    }
  }
  auto db = std::make_unique<Db>(file_.string());
  db->Exec("PRAGMA foreign_keys = ON");
  return db;
}

void SqliteStore::ReturnReader(std::unique_ptr<Db> db) {
  std::lock_guard lock(pool_mutex_);
  if (readers_.size() < 64) readers_.push_back(std::move(db));
}

void SqliteStore::Read(const std::function<void(Transaction&)>& fn) {
  auto db = TakeReader();
  Run(*db, "BEGIN", {});
  try {
    SqliteTransaction tx(*db, false);
    fn(tx);
    Run(*db, "COMMIT", {});
  } catch (...) {
    try {
      db->Exec("ROLLBACK");
    } catch (...) {
    }
    ReturnReader(std::move(db));
    throw;
  }
  ReturnReader(std::move(db));
}

void SqliteStore::Write(const std::function<void(Transaction&)>& fn) {
  group_.Write(fn, [this](GroupCommit::Batch& batch) { CommitBatch(batch); });
}

void SqliteStore::CommitBatch(GroupCommit::Batch& batch) {
  try {
    writer_->Exec("BEGIN IMMEDIATE");
  } catch (...) {
    for (auto* w : batch) w->error = std::current_exception();
    return;
  }
  for (auto* w : batch) {
    try {
      // Cached prepared statements: sqlite3_exec would compile these for every write.
      Run(*writer_, "SAVEPOINT w", {});
      SqliteTransaction tx(*writer_, true);
      (*w->fn)(tx);
      Run(*writer_, "RELEASE w", {});
    } catch (...) {
      w->error = std::current_exception();
      try {
        Run(*writer_, "ROLLBACK TO w", {});
        Run(*writer_, "RELEASE w", {});
      } catch (...) {
      }
    }
  }
  try {
    writer_->Exec("COMMIT");
  } catch (...) {
    auto error = std::current_exception();
    try {
      writer_->Exec("ROLLBACK");
    } catch (...) {
    }
    for (auto* w : batch)
      if (!w->error) w->error = error;
  }
}

}  // namespace pc::store
