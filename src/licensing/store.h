// The storage interfaces the licensing domain owns. The domain asks for
// records by meaning ("open applications", "notifications past their
// deadline"); an implementation (store/sqlite_store.h today, PostgreSQL
// later) decides how. Implementations must make Write atomic and durable:
// once Write returns, its changes survive a crash.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "licensing/entities.h"
#include "licensing/login_throttle.h"

namespace pc::licensing {

struct ApplicationFilter {
  std::optional<Id> exporter_org;
  std::optional<Id> authority_org;
  std::optional<AppStatus> status;
  std::optional<std::string> importer_key;
  bool open_only = false;  // submitted, information requested or in verification
};

struct NotificationFilter {
  std::optional<std::string> country;
  std::optional<Id> application_id;
  std::optional<NotificationStatus> status;
  std::optional<Timestamp> deadline_before;  // deadline < this
};

// An application in its stored form: the document (serialize.h) and the
// columns queries filter on. Serialising is the costly part of storing an
// application (a submitted one carries its screening and risk summary), and
// writes run one at a time, so a caller that knows the final record builds
// this before Store::Write rather than inside it.
struct ApplicationRecord {
  explicit ApplicationRecord(const Application& a);
  Id id = 0, exporter_org = 0, authority_org = 0;
  std::int64_t version = 0;
  std::string status, importer_key, doc;
};

// One transaction. Reads see one consistent snapshot; writes are only
// possible inside Store::Write.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Id InsertOrganisation(const Organisation& o) = 0;
  virtual std::optional<Organisation> GetOrganisation(Id id) = 0;
  virtual std::vector<Organisation> ListOrganisations() = 0;
  // Throws Error(kConflict) when the username is taken.
  virtual Id InsertUser(const User& u) = 0;
  virtual std::optional<User> GetUser(Id id) = 0;
  virtual std::optional<User> FindUser(const std::string& username) = 0;
  virtual void PutSession(const Session& s) = 0;
  virtual std::optional<Session> GetSession(const std::string& token_hash) = 0;
  virtual void DeleteSession(const std::string& token_hash) = 0;

  virtual Id InsertApplication(const Application& a) = 0;  // assigns the id
  void UpdateApplication(const Application& a) { UpdateApplication(ApplicationRecord(a)); }
  virtual void UpdateApplication(const ApplicationRecord& r) = 0;
  virtual std::optional<Application> GetApplication(Id id) = 0;
  // The stored version of an application without reading its document: every
  // change raises the version, so an unchanged version means a snapshot read
  // earlier is still what is stored.
  virtual std::optional<std::int64_t> ApplicationVersion(Id id) = 0;
  virtual std::vector<Application> ListApplications(const ApplicationFilter& f) = 0;

  virtual Id InsertNotification(const Notification& n) = 0;
  virtual void UpdateNotification(const Notification& n) = 0;
  virtual std::optional<Notification> GetNotification(Id id) = 0;
  virtual std::vector<Notification> ListNotifications(const NotificationFilter& f) = 0;

  virtual void InsertLicence(const Licence& l) = 0;
  virtual void UpdateLicence(const Licence& l) = 0;
  virtual std::optional<Licence> GetLicence(const std::string& number) = 0;
  virtual std::vector<Licence> ListLicences(std::optional<Id> exporter_org) = 0;

  virtual Id InsertShipment(const Shipment& s) = 0;
  virtual std::vector<Shipment> ListShipments(const std::string& licence_number) = 0;
  // The shipment recorded under a customs declaration reference, if any.
  virtual std::optional<Shipment> FindShipment(const std::string& reference) = 0;

  virtual Id InsertFlag(const Flag& f) = 0;
  virtual std::vector<Flag> ListFlags() = 0;

  virtual std::optional<std::string> GetMeta(const std::string& key) = 0;
  virtual void PutMeta(const std::string& key, const std::string& value) = 0;

  // The audit log is append-only; implementations refuse updates and deletes.
  virtual std::optional<AuditRecord> LastAudit() = 0;
  // The last record's seq and hash: all that appending the next one needs.
  virtual std::optional<std::pair<std::int64_t, std::string>> AuditHead() = 0;
  virtual void AppendAudit(const AuditRecord& r) = 0;
  virtual std::vector<AuditRecord> ListAudit(std::int64_t after_seq, std::size_t limit) = 0;
  // Every record about one of `objects` ("application:7"), in order.
  virtual std::vector<AuditRecord> ListAuditFor(const std::vector<std::string>& objects) = 0;

  // Stored responses for Idempotency-Key. status 0 marks a request that
  // was started and has not finished (or was interrupted by a crash).
  virtual std::optional<Replay> GetReplay(Id user_id, const std::string& key) = 0;
  virtual void PutReplay(const Replay& r) = 0;  // inserts or replaces
  virtual void DeleteReplay(Id user_id, const std::string& key) = 0;

  // The sizes of the documents of every application of an exporter, summed.
  virtual std::int64_t DocumentBytes(Id exporter_org) = 0;

  // Sign-in hardening: sessions' last use and their purge, old replays,
  // sign-in failure counters (login_throttle.h).
  virtual void TouchSession(const std::string& token_hash, Timestamp last_seen) = 0;
  // Deletes sessions with expires <= expired_by or last_seen <= idle_since.
  virtual int PurgeSessions(Timestamp expired_by, Timestamp idle_since) = 0;
  virtual int PurgeReplays(Timestamp created_before) = 0;
  virtual std::optional<ThrottleState> GetThrottle(const std::string& key) = 0;
  virtual void PutThrottle(const ThrottleState& s) = 0;  // inserts or replaces
  virtual void DeleteThrottle(const std::string& key) = 0;
  virtual int PurgeThrottles(Timestamp forget_by) = 0;  // forget_at <= forget_by
};

class Store {
 public:
  virtual ~Store() = default;
  // A read-only transaction over a consistent snapshot; may run concurrently.
  virtual void Read(const std::function<void(Transaction&)>& fn) = 0;
  // A write transaction: writers are serialised; commits durably when fn
  // returns, rolls back everything if fn throws (the exception propagates).
  virtual void Write(const std::function<void(Transaction&)>& fn) = 0;
};

// Uploaded documents, content-addressed by SHA-256: the same bytes are kept
// once, and a stored document cannot change without changing its address.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Durable when it returns. `sha256` is the lower-case hex digest of bytes.
  virtual void Put(const std::string& sha256, const std::string& bytes) = 0;
  virtual std::optional<std::string> Get(const std::string& sha256) = 0;
};

}  // namespace pc::licensing
