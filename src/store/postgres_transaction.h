// licensing::Transaction over one PostgreSQL transaction: the queries of
// the PostgreSQL store (postgres_queries.cc), the same records and columns
// as sqlite_store.cc in PostgreSQL's dialect. Internal to the store.
//
// Thread-safety: used by the one thread running the transaction.
#pragma once

#include "licensing/store.h"
#include "store/postgres_db.h"

namespace pc::store {

class PgTransaction : public licensing::Transaction {
 public:
  PgTransaction(PgConn& conn, pqxx::transaction_base& tx, bool writable)
      : conn_(conn), tx_(tx), writable_(writable) {}

  licensing::Id InsertOrganisation(const licensing::Organisation& o) override;
  std::optional<licensing::Organisation> GetOrganisation(licensing::Id id) override;
  std::vector<licensing::Organisation> ListOrganisations() override;
  licensing::Id InsertUser(const licensing::User& u) override;
  std::optional<licensing::User> GetUser(licensing::Id id) override;
  std::optional<licensing::User> FindUser(const std::string& username) override;
  void PutSession(const licensing::Session& s) override;
  std::optional<licensing::Session> GetSession(const std::string& token_hash) override;
  void DeleteSession(const std::string& token_hash) override;

  licensing::Id InsertApplication(const licensing::Application& a) override;
  using licensing::Transaction::UpdateApplication;
  void UpdateApplication(const licensing::ApplicationRecord& r) override;
  std::optional<licensing::Application> GetApplication(licensing::Id id) override;
  std::optional<std::int64_t> ApplicationVersion(licensing::Id id) override;
  std::vector<licensing::Application> ListApplications(const licensing::ApplicationFilter& f) override;

  licensing::Id InsertNotification(const licensing::Notification& n) override;
  void UpdateNotification(const licensing::Notification& n) override;
  std::optional<licensing::Notification> GetNotification(licensing::Id id) override;
  std::vector<licensing::Notification> ListNotifications(const licensing::NotificationFilter& f) override;

  void InsertLicence(const licensing::Licence& l) override;
  void UpdateLicence(const licensing::Licence& l) override;
  std::optional<licensing::Licence> GetLicence(const std::string& number) override;
  std::vector<licensing::Licence> ListLicences(std::optional<licensing::Id> exporter_org) override;

  licensing::Id InsertShipment(const licensing::Shipment& s) override;
  std::vector<licensing::Shipment> ListShipments(const std::string& licence_number) override;
  std::optional<licensing::Shipment> FindShipment(const std::string& reference) override;

  licensing::Id InsertFlag(const licensing::Flag& f) override;
  std::vector<licensing::Flag> ListFlags() override;

  std::optional<std::string> GetMeta(const std::string& key) override;
  void PutMeta(const std::string& key, const std::string& value) override;

  std::optional<licensing::AuditRecord> LastAudit() override;
  std::optional<std::pair<std::int64_t, std::string>> AuditHead() override;
  void AppendAudit(const licensing::AuditRecord& r) override;
  std::vector<licensing::AuditRecord> ListAudit(std::int64_t after_seq, std::size_t limit) override;
  std::vector<licensing::AuditRecord> ListAuditFor(const std::vector<std::string>& objects) override;

  std::optional<licensing::Replay> GetReplay(licensing::Id user_id, const std::string& key) override;
  void PutReplay(const licensing::Replay& r) override;
  void DeleteReplay(licensing::Id user_id, const std::string& key) override;

  std::int64_t DocumentBytes(licensing::Id exporter_org) override;

  void TouchSession(const std::string& token_hash, licensing::Timestamp last_seen) override;
  int PurgeSessions(licensing::Timestamp expired_by, licensing::Timestamp idle_since) override;
  int PurgeReplays(licensing::Timestamp created_before) override;
  std::optional<licensing::ThrottleState> GetThrottle(const std::string& key) override;
  void PutThrottle(const licensing::ThrottleState& s) override;
  void DeleteThrottle(const std::string& key) override;
  int PurgeThrottles(licensing::Timestamp forget_by) override;

 private:
  pqxx::result Q(const std::string& sql, const std::vector<Value>& args = {}) { return conn_.Exec(tx_, sql, args); }
  void W() const;
  licensing::Id NextId(const std::string& table);
  std::vector<licensing::AuditRecord> Audit(const std::string& sql, const std::vector<Value>& args);

  PgConn& conn_;
  pqxx::transaction_base& tx_;
  bool writable_;
};

}  // namespace pc::store
