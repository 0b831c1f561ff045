// The PostgreSQL store's queries: one per Transaction method, the same
// tables and columns as sqlite_store.cc. Upserts are INSERT ... ON CONFLICT
// where SQLite says INSERT OR REPLACE; parameters are $1, $2...
#include <stdexcept>

#include "licensing/serialize.h"
#include "store/postgres_transaction.h"

namespace pc::store {

using namespace pc::licensing;

namespace {

std::string Text(const pqxx::field& f) { return std::string(f.c_str(), f.size()); }
std::int64_t Int(const pqxx::field& f) { return f.as<std::int64_t>(); }

template <typename T, typename From>
std::optional<T> One(const pqxx::result& r, From from) {
  if (r.empty()) return std::nullopt;
  return from(Json::parse(Text(r[0][0])));
}

template <typename T, typename From>
std::vector<T> Many(const pqxx::result& r, From from) {
  std::vector<T> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back(from(Json::parse(Text(row[0]))));
  return out;
}

std::string Status(const Licence& l) { return l.status == LicenceStatus::kActive ? "active" : "revoked"; }

// A query with optional filters: each adds "AND clause $n".
struct Filtered {
  std::string sql;
  std::vector<Value> args;
  void Add(const std::string& clause, Value v) {
    args.push_back(std::move(v));
    sql += " AND " + clause + " $" + std::to_string(args.size());
  }
};

}  // namespace

void PgTransaction::W() const {
  if (!writable_) throw std::logic_error("write attempted in a read transaction");
}

// Writers are serialised (postgres_store.h), so the next id can be read
// before the insert and the row written once, with its id inside the
// document, as on SQLite.
Id PgTransaction::NextId(const std::string& table) {
  return Int(Q("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)[0][0]);
}

Id PgTransaction::InsertOrganisation(const Organisation& o) {
  W();
  Organisation copy = o;
  copy.id = NextId("organisations");
  Q("INSERT INTO organisations(id, doc) VALUES ($1, $2)", {copy.id, ToJson(copy).dump()});
  return copy.id;
}
std::optional<Organisation> PgTransaction::GetOrganisation(Id id) {
  return One<Organisation>(Q("SELECT doc FROM organisations WHERE id = $1", {id}), OrganisationFromJson);
}
std::vector<Organisation> PgTransaction::ListOrganisations() {
  return Many<Organisation>(Q("SELECT doc FROM organisations ORDER BY id"), OrganisationFromJson);
}
Id PgTransaction::InsertUser(const User& u) {
  W();
  if (FindUser(u.username)) throw Conflict("username", "username '" + u.username + "' is taken");
  User copy = u;
  copy.id = NextId("users");
  Q("INSERT INTO users(id, username, org_id, doc) VALUES ($1, $2, $3, $4)",
    {copy.id, u.username, u.org_id, ToJson(copy, true).dump()});
  return copy.id;
}
std::optional<User> PgTransaction::GetUser(Id id) {
  return One<User>(Q("SELECT doc FROM users WHERE id = $1", {id}), UserFromJson);
}
std::optional<User> PgTransaction::FindUser(const std::string& username) {
  return One<User>(Q("SELECT doc FROM users WHERE username = $1", {username}), UserFromJson);
}
void PgTransaction::PutSession(const Session& s) {
  W();
  Q("INSERT INTO sessions(token_hash, user_id, expires, last_seen) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (token_hash) DO UPDATE SET user_id = EXCLUDED.user_id, expires = EXCLUDED.expires, "
    "last_seen = EXCLUDED.last_seen",
    {s.token_hash, s.user_id, s.expires, s.last_seen});
}
std::optional<Session> PgTransaction::GetSession(const std::string& token_hash) {
  auto r = Q("SELECT user_id, expires, last_seen FROM sessions WHERE token_hash = $1", {token_hash});
  if (r.empty()) return std::nullopt;
  return Session{token_hash, Int(r[0][0]), Int(r[0][1]), Int(r[0][2])};
}
void PgTransaction::DeleteSession(const std::string& token_hash) {
  W();
  Q("DELETE FROM sessions WHERE token_hash = $1", {token_hash});
}

Id PgTransaction::InsertApplication(const Application& a) {
  W();
  Application copy = a;
  copy.id = NextId("applications");
  Q("INSERT INTO applications(id, exporter_org, authority_org, status, importer_key, version, doc) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)",
    {copy.id, a.exporter_org, a.authority_org, ToString(a.status), ImporterKey(a.importer), a.version,
     ToJson(copy).dump()});
  return copy.id;
}
void PgTransaction::UpdateApplication(const ApplicationRecord& r) {
  W();
  Q("UPDATE applications SET exporter_org = $1, status = $2, importer_key = $3, version = $4, doc = $5, "
    "authority_org = $7 WHERE id = $6",
    {r.exporter_org, r.status, r.importer_key, r.version, r.doc, r.id, r.authority_org});
}
std::optional<Application> PgTransaction::GetApplication(Id id) {
  return One<Application>(Q("SELECT doc FROM applications WHERE id = $1", {id}), ApplicationFromJson);
}
std::optional<std::int64_t> PgTransaction::ApplicationVersion(Id id) {
  auto r = Q("SELECT version FROM applications WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return Int(r[0][0]);
}
std::vector<Application> PgTransaction::ListApplications(const ApplicationFilter& f) {
  Filtered q{"SELECT doc FROM applications WHERE TRUE", {}};
  if (f.exporter_org) q.Add("exporter_org =", *f.exporter_org);
  if (f.authority_org) q.Add("authority_org =", *f.authority_org);
  if (f.status) q.Add("status =", ToString(*f.status));
  if (f.importer_key) q.Add("importer_key =", *f.importer_key);
  if (f.open_only) q.sql += " AND status IN ('submitted', 'information_requested', 'verification')";
  q.sql += " ORDER BY id";
  return Many<Application>(Q(q.sql, q.args), ApplicationFromJson);
}

Id PgTransaction::InsertNotification(const Notification& n) {
  W();
  Notification copy = n;
  copy.id = NextId("notifications");
  Q("INSERT INTO notifications(id, application_id, country, status, deadline, doc) VALUES ($1, $2, $3, $4, $5, $6)",
    {copy.id, n.application_id, n.country, ToString(n.status), n.deadline, ToJson(copy).dump()});
  return copy.id;
}
void PgTransaction::UpdateNotification(const Notification& n) {
  W();
  Q("UPDATE notifications SET status = $1, deadline = $2, doc = $3 WHERE id = $4",
    {ToString(n.status), n.deadline, ToJson(n).dump(), n.id});
}
std::optional<Notification> PgTransaction::GetNotification(Id id) {
  return One<Notification>(Q("SELECT doc FROM notifications WHERE id = $1", {id}), NotificationFromJson);
}
std::vector<Notification> PgTransaction::ListNotifications(const NotificationFilter& f) {
  Filtered q{"SELECT doc FROM notifications WHERE TRUE", {}};
  if (f.country) q.Add("country =", *f.country);
  if (f.application_id) q.Add("application_id =", *f.application_id);
  if (f.status) q.Add("status =", ToString(*f.status));
  if (f.deadline_before) q.Add("deadline <", *f.deadline_before);
  q.sql += " ORDER BY id";
  return Many<Notification>(Q(q.sql, q.args), NotificationFromJson);
}

void PgTransaction::InsertLicence(const Licence& l) {
  W();
  Q("INSERT INTO licences(number, application_id, exporter_org, status, doc) VALUES ($1, $2, $3, $4, $5)",
    {l.number, l.application_id, l.exporter_org, Status(l), ToJson(l).dump()});
}
void PgTransaction::UpdateLicence(const Licence& l) {
  W();
  Q("UPDATE licences SET status = $1, doc = $2 WHERE number = $3", {Status(l), ToJson(l).dump(), l.number});
}
std::optional<Licence> PgTransaction::GetLicence(const std::string& number) {
  return One<Licence>(Q("SELECT doc FROM licences WHERE number = $1", {number}), LicenceFromJson);
}
std::vector<Licence> PgTransaction::ListLicences(std::optional<Id> exporter_org) {
  if (exporter_org)
    return Many<Licence>(Q("SELECT doc FROM licences WHERE exporter_org = $1 ORDER BY number", {*exporter_org}),
                         LicenceFromJson);
  return Many<Licence>(Q("SELECT doc FROM licences ORDER BY number"), LicenceFromJson);
}

Id PgTransaction::InsertShipment(const Shipment& s) {
  W();
  Shipment copy = s;
  copy.id = NextId("shipments");
  Q("INSERT INTO shipments(id, licence_number, reference, doc) VALUES ($1, $2, $3, $4)",
    {copy.id, s.licence_number, s.reference, ToJson(copy).dump()});
  return copy.id;
}
std::optional<Shipment> PgTransaction::FindShipment(const std::string& reference) {
  return One<Shipment>(Q("SELECT doc FROM shipments WHERE reference = $1", {reference}), ShipmentFromJson);
}
std::vector<Shipment> PgTransaction::ListShipments(const std::string& number) {
  return Many<Shipment>(Q("SELECT doc FROM shipments WHERE licence_number = $1 ORDER BY id", {number}),
                        ShipmentFromJson);
}

Id PgTransaction::InsertFlag(const Flag& f) {
  W();
  Flag copy = f;
  copy.id = NextId("flags");
  Q("INSERT INTO flags(id, doc) VALUES ($1, $2)", {copy.id, ToJson(copy).dump()});
  return copy.id;
}
std::vector<Flag> PgTransaction::ListFlags() { return Many<Flag>(Q("SELECT doc FROM flags ORDER BY id"), FlagFromJson); }

std::optional<std::string> PgTransaction::GetMeta(const std::string& key) {
  auto r = Q("SELECT value FROM meta WHERE key = $1", {key});
  if (r.empty()) return std::nullopt;
  return Text(r[0][0]);
}
void PgTransaction::PutMeta(const std::string& key, const std::string& value) {
  W();
  Q("INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    {key, value});
}

std::optional<AuditRecord> PgTransaction::LastAudit() {
  auto v = Audit("SELECT seq, time, actor, action, object, details, prev_hash, hash FROM audit_log "
                 "ORDER BY seq DESC LIMIT 1", {});
  if (v.empty()) return std::nullopt;
  return v.front();
}
std::optional<std::pair<std::int64_t, std::string>> PgTransaction::AuditHead() {
  auto r = Q("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (r.empty()) return std::nullopt;
  return std::make_pair(Int(r[0][0]), Text(r[0][1]));
}
void PgTransaction::AppendAudit(const AuditRecord& r) {
  W();
  Q("INSERT INTO audit_log(seq, time, actor, action, object, details, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    {r.seq, r.time, r.actor, r.action, r.object, r.details.json().dump(), r.prev_hash, r.hash});
}
std::vector<AuditRecord> PgTransaction::ListAudit(std::int64_t after_seq, std::size_t limit) {
  return Audit("SELECT seq, time, actor, action, object, details, prev_hash, hash FROM audit_log "
               "WHERE seq > $1 ORDER BY seq LIMIT $2", {after_seq, std::int64_t(limit)});
}
std::vector<AuditRecord> PgTransaction::ListAuditFor(const std::vector<std::string>& objects) {
  if (objects.empty()) return {};
  std::string sql = "SELECT seq, time, actor, action, object, details, prev_hash, hash FROM audit_log WHERE object IN (";
  std::vector<Value> args;
  for (const auto& o : objects) {
    args.push_back(o);
    sql += (args.size() > 1 ? ", $" : "$") + std::to_string(args.size());
  }
  return Audit(sql + ") ORDER BY seq", args);
}
std::vector<AuditRecord> PgTransaction::Audit(const std::string& sql, const std::vector<Value>& args) {
  std::vector<AuditRecord> out;
  for (const auto& row : Q(sql, args)) {
    AuditRecord r;
    r.seq = Int(row[0]);
    r.time = Int(row[1]);
    r.actor = Text(row[2]);
    r.action = Text(row[3]);
    r.object = Text(row[4]);
    // A details column edited into invalid JSON must show as tampering,
    // not crash the verifier.
    try {
      r.details = Json::parse(Text(row[5]));
    } catch (const Json::exception&) {
      r.details = Json(Text(row[5]) + " (not JSON)");
    }
    r.prev_hash = Text(row[6]);
    r.hash = Text(row[7]);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<Replay> PgTransaction::GetReplay(Id user_id, const std::string& key) {
  auto r = Q("SELECT fingerprint, status, body, created FROM replays WHERE user_id = $1 AND key = $2", {user_id, key});
  if (r.empty()) return std::nullopt;
  return Replay{user_id, key, Text(r[0][0]), int(Int(r[0][1])), Text(r[0][2]), Int(r[0][3])};
}
void PgTransaction::PutReplay(const Replay& r) {
  W();
  Q("INSERT INTO replays(user_id, key, fingerprint, status, body, created) VALUES ($1, $2, $3, $4, $5, $6) "
    "ON CONFLICT (user_id, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, "
    "body = EXCLUDED.body, created = EXCLUDED.created",
    {r.user_id, r.key, r.fingerprint, std::int64_t(r.status), r.body, r.created});
}
void PgTransaction::DeleteReplay(Id user_id, const std::string& key) {
  W();
  Q("DELETE FROM replays WHERE user_id = $1 AND key = $2", {user_id, key});
}

std::int64_t PgTransaction::DocumentBytes(Id exporter_org) {
  // The documents are inside each application's JSON record. Read as json
  // (not jsonb): json keeps the text as stored and accepts every escape.
  return Int(Q("SELECT COALESCE(SUM((d ->> 'size')::BIGINT), 0)::BIGINT FROM applications a, "
               "json_array_elements(COALESCE(a.doc::json -> 'documents', '[]'::json)) d WHERE a.exporter_org = $1",
               {exporter_org})[0][0]);
}

void PgTransaction::TouchSession(const std::string& token_hash, Timestamp last_seen) {
  W();
  Q("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2", {last_seen, token_hash});
}
int PgTransaction::PurgeSessions(Timestamp expired_by, Timestamp idle_since) {
  W();
  return int(Q("DELETE FROM sessions WHERE expires <= $1 OR last_seen <= $2", {expired_by, idle_since}).affected_rows());
}
int PgTransaction::PurgeReplays(Timestamp created_before) {
  W();
  return int(Q("DELETE FROM replays WHERE created < $1", {created_before}).affected_rows());
}
std::optional<ThrottleState> PgTransaction::GetThrottle(const std::string& key) {
  auto r = Q("SELECT failures, last_failure, locked_until, forget_at FROM login_throttle WHERE key = $1", {key});
  if (r.empty()) return std::nullopt;
  return ThrottleState{key, int(Int(r[0][0])), Int(r[0][1]), Int(r[0][2]), Int(r[0][3])};
}
void PgTransaction::PutThrottle(const ThrottleState& s) {
  W();
  Q("INSERT INTO login_throttle(key, failures, last_failure, locked_until, forget_at) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (key) DO UPDATE SET failures = EXCLUDED.failures, last_failure = EXCLUDED.last_failure, "
    "locked_until = EXCLUDED.locked_until, forget_at = EXCLUDED.forget_at",
    {s.key, std::int64_t(s.failures), s.last_failure, s.locked_until, s.forget_at});
}
void PgTransaction::DeleteThrottle(const std::string& key) {
  W();
  Q("DELETE FROM login_throttle WHERE key = $1", {key});
}
int PgTransaction::PurgeThrottles(Timestamp forget_by) {
  W();
  return int(Q("DELETE FROM login_throttle WHERE forget_at <= $1", {forget_by}).affected_rows());
}

}  // namespace pc::store
