#include "store/migrations.h"

namespace pc::store {

// Records are kept as JSON documents (the domain's serialised form) next to
// the columns that queries filter on. On PostgreSQL the documents are TEXT
// as well (not JSONB): the audit hash chain covers the stored text, and
// JSONB would rewrite it.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "licensing schema", R"sql(
CREATE TABLE organisations (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE users (
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,
  org_id INTEGER NOT NULL REFERENCES organisations(id), doc TEXT NOT NULL);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), expires INTEGER NOT NULL);
CREATE TABLE applications (
  id INTEGER PRIMARY KEY, exporter_org INTEGER NOT NULL, status TEXT NOT NULL,
  importer_key TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX applications_by_exporter ON applications(exporter_org, id);
CREATE INDEX applications_by_status ON applications(status, id);
CREATE INDEX applications_by_importer ON applications(importer_key, status);
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY, application_id INTEGER NOT NULL REFERENCES applications(id),
  country TEXT NOT NULL, status TEXT NOT NULL, deadline INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX notifications_by_country ON notifications(country, id);
CREATE INDEX notifications_by_application ON notifications(application_id);
CREATE INDEX notifications_by_deadline ON notifications(status, deadline);
CREATE TABLE licences (
  number TEXT PRIMARY KEY, application_id INTEGER NOT NULL UNIQUE REFERENCES applications(id),
  exporter_org INTEGER NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE shipments (
  id INTEGER PRIMARY KEY, licence_number TEXT NOT NULL REFERENCES licences(number), doc TEXT NOT NULL);
CREATE INDEX shipments_by_licence ON shipments(licence_number, id);
CREATE TABLE flags (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE replays (
  user_id INTEGER NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
  body TEXT NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (user_id, key));
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
-- The audit log is append-only: the database itself refuses changes.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql",
       R"sql(
CREATE TABLE organisations (id BIGINT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE users (
  id BIGINT PRIMARY KEY, username TEXT NOT NULL UNIQUE,
  org_id BIGINT NOT NULL REFERENCES organisations(id), doc TEXT NOT NULL);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id), expires BIGINT NOT NULL);
CREATE TABLE applications (
  id BIGINT PRIMARY KEY, exporter_org BIGINT NOT NULL, status TEXT NOT NULL,
  importer_key TEXT NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX applications_by_exporter ON applications(exporter_org, id);
CREATE INDEX applications_by_status ON applications(status, id);
CREATE INDEX applications_by_importer ON applications(importer_key, status);
CREATE TABLE notifications (
  id BIGINT PRIMARY KEY, application_id BIGINT NOT NULL REFERENCES applications(id),
  country TEXT NOT NULL, status TEXT NOT NULL, deadline BIGINT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX notifications_by_country ON notifications(country, id);
CREATE INDEX notifications_by_application ON notifications(application_id);
CREATE INDEX notifications_by_deadline ON notifications(status, deadline);
-- Byte order, as SQLite sorts: licence numbers list the same on both.
CREATE TABLE licences (
  number TEXT COLLATE "C" PRIMARY KEY, application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
  exporter_org BIGINT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE shipments (
  id BIGINT PRIMARY KEY, licence_number TEXT NOT NULL REFERENCES licences(number), doc TEXT NOT NULL);
CREATE INDEX shipments_by_licence ON shipments(licence_number, id);
CREATE TABLE flags (id BIGINT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE replays (
  user_id BIGINT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
  body TEXT NOT NULL, created BIGINT NOT NULL, PRIMARY KEY (user_id, key));
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY, time BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  object TEXT NOT NULL, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
-- The audit log is append-only: the database itself refuses changes,
-- TRUNCATE included (it fires no row triggers).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)sql"},
      // Sessions end after a time without use as well as at their absolute
      // expiry: last_seen records the last use. Sessions from before this
      // migration count as unused since 1970, so their users sign in again.
      // Sign-in failures are counted per user name and per client address
      // (licensing/login_throttle.h). Old replays are purged by creation time.
      {2, "sign-in hardening: session idle timeout, sign-in throttle, replay purge", R"sql(
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure INTEGER NOT NULL,
  locked_until INTEGER NOT NULL, forget_at INTEGER NOT NULL);
CREATE INDEX login_throttle_by_forget ON login_throttle(forget_at);
CREATE INDEX replays_by_created ON replays(created);
)sql",
       R"sql(
ALTER TABLE sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure BIGINT NOT NULL,
  locked_until BIGINT NOT NULL, forget_at BIGINT NOT NULL);
CREATE INDEX login_throttle_by_forget ON login_throttle(forget_at);
CREATE INDEX replays_by_created ON replays(created);
)sql"},
      // Applications are decided by the licensing authority the exporter is
      // registered with: officers list only their own authority's.
      {3, "applications by licensing authority", R"sql(
ALTER TABLE applications ADD COLUMN authority_org INTEGER NOT NULL DEFAULT 0;
CREATE INDEX applications_by_authority ON applications(authority_org, id);
CREATE INDEX audit_log_by_object ON audit_log(object, seq);
-- A customs declaration covers one shipment: its reference is recorded once.
ALTER TABLE shipments ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX shipments_by_reference ON shipments(reference);
)sql",
       R"sql(
ALTER TABLE applications ADD COLUMN authority_org BIGINT NOT NULL DEFAULT 0;
CREATE INDEX applications_by_authority ON applications(authority_org, id);
CREATE INDEX audit_log_by_object ON audit_log(object, seq);
ALTER TABLE shipments ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX shipments_by_reference ON shipments(reference);
)sql"},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return Migrations().back().version; }

Error NewerSchemaError(const std::string& where, int found) {
  return Error(ErrorKind::kUnavailable, "database",
               where + " has schema version " + std::to_string(found) + ", newer than this build of precursor knows (" +
                   std::to_string(LatestSchemaVersion()) +
                   "): it was written by a newer release. Run that release, or restore a backup made before the upgrade.");
}

}  // namespace pc::store
