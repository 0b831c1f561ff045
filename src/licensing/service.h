// The licensing service: the whole workflow from an exporter's draft to a
// customs officer's drawdown, with authorisation by role and organisation on
// every operation. It asks screen::Screener for verdicts and the Store for
// persistence, and is handed `now` by the caller: it never reads the clock.
//
// Every state change is written together with its audit record in one
// transaction. Operations throw pc::Error for anything the caller
// did wrong (bad input, no access, wrong state, stale version).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "licensing/approval.h"
#include "licensing/countries.h"
#include "licensing/entities.h"
#include "licensing/risk.h"
#include "licensing/login_throttle.h"
#include "licensing/password_policy.h"
#include "licensing/password_verifier.h"
#include "licensing/screen_cache.h"
#include "licensing/store.h"
#include "screen/screener.h"

namespace pc::licensing {

struct ServiceConfig {
  std::string exporting_country = "CN";  // the licensing authority's country
  int default_reply_days = 15;           // pre-export notification reply deadline
  int decision_days = 20;                // China Regulations art. 27: decide within 20 days
  int default_validity_days = 90;        // a setting of this service, not a legal fact
  std::int64_t max_document_bytes = 10 * 1024 * 1024;
  Timestamp session_seconds = 12 * 3600;
  std::size_t screen_cache_entries = 16384;  // 0: screen every time
  // Sign-in and sessions (OWASP ASVS level 2; NIST SP 800-63B AAL2: 12 hours
  // absolute, 30 minutes without use).
  Timestamp session_idle_seconds = 30 * 60;
  // How long a verified session is answered from this process's memory
  // without reading the database. 0 when several processes share the
  // database: a logout through one must end the session in every one.
  Timestamp session_cache_seconds = 60;
  int max_password_checks = 4;  // concurrent Argon2id checks, 64 MiB each; beyond: 503
  ThrottlePolicy user_throttle{5, 1, 15 * 60, 24 * 3600};      // per user name
  ThrottlePolicy address_throttle{20, 1, 15 * 60, 3600};       // per client address
  std::string common_passwords_file;  // empty: the bundled data/passwords/common-passwords.txt
  Timestamp replay_retention_seconds = 24 * 3600;  // how long an Idempotency-Key is remembered
  // Uploaded documents: disk per application and per exporter is bounded.
  std::size_t max_documents_per_application = 50;
  std::int64_t max_application_document_bytes = 100LL * 1024 * 1024;
  std::int64_t max_exporter_document_bytes = 4LL * 1024 * 1024 * 1024;
};

// What an exporter fills in; the HTTP layer has checked JSON types already.
struct ApplicationInput {
  Importer importer;
  Party consignee;  // empty name: the importer receives the goods
  std::string destination, end_use, planned_shipment_date, import_authorisation;
  Route route;
  std::vector<LineItem> items;
};

struct Decision {
  bool approve = false;
  std::string reasons;  // required for a refusal (art. 27: written reasons)
  std::optional<int> validity_days;
  std::vector<std::optional<double>> quantities;  // per item; empty: as applied
  // Written reasons for approving although an overridable condition is not
  // met, by condition code (licensing/approval.h).
  std::map<std::string, std::string> overrides;
};

// What changed in an application's content between two revisions.
struct ContentChange {
  std::string field;  // "items[0].substance", "importer.address", "documents[2]"
  Json before, after;  // null where the field did not exist
};

struct LoginResult {
  std::string token;  // shown once; only its hash is stored
  Actor actor;
  Timestamp expires = 0;
};

// China Regulations art. 27 gives the authority 20 days from receipt; time
// spent on international verification (a notification outstanding) is not
// counted, so the clock pauses while one is.
struct DecisionClock {
  bool started = false, running = false, decided = false;
  int limit_days = 0, elapsed_days = 0, paused_days = 0, remaining_days = 0;
  std::optional<Date> due;
};
DecisionClock ClockFor(const Application& a, int limit_days, Timestamp now);

// A licence's state on a day: valid, expired, exhausted or revoked
// (licensing/vocabulary.h LicenceStates()).
std::string StateOf(const Licence& l, Date today);

// What customs look a licence up by; empty fields match everything.
struct LicenceQuery {
  std::string number;    // a part of the licence number
  std::string exporter;  // a part of the exporter's name, any case
  std::string hs_code;   // an HS subheading ("2933.36") of a licensed item
};
Json ToJson(const DecisionClock& c);

class Service {
 public:
  Service(Store& store, BlobStore& blobs, std::shared_ptr<const screen::Screener> screener,
          CountryMap countries, ServiceConfig config = {});

  const ServiceConfig& config() const { return config_; }
  const CountryMap& countries() const { return countries_; }
  const screen::Screener& screener() const { return *screener_; }
  // The screening engine's verdict, through the service's verdict cache.
  rules::ScreenResult Screen(const screen::InputRecord& record, const rules::Query& query) const {
    return cache_.Screen(record, query);
  }
  // The same verdict as JSON text (rules::ToJson(...).dump()), from the cache.
  std::string ScreenJson(const screen::InputRecord& record, const rules::Query& query) const {
    return cache_.ScreenJson(record, query);
  }

  // Identity (precursor admin, --demo). `by` names who did it in the audit log.
  // An exporter names the licensing authority it is registered with.
  Id CreateOrganisation(const Organisation& org, Timestamp now, const std::string& by);
  Id CreateUser(const std::string& username, const std::string& password, Id org_id, Timestamp now,
                const std::string& by);
  // `address` is the client's network address, for throttling and the audit log.
  LoginResult Login(const std::string& username, const std::string& password, const std::string& address,
                    Timestamp now);
  Actor Authenticate(const std::string& token, Timestamp now);
  void Logout(const std::string& token, Timestamp now);
  std::vector<Organisation> Organisations();
  // The exporter of an application, for the officers who may read it.
  Organisation ExporterOf(const Actor& a, Id application_id);

  // Applications: the exporter's side. A draft may change in every field. An
  // application awaiting information may have its documents added and the
  // details that do not change what is exported corrected (HS codes,
  // concentrations, end use, dates, addresses, consignee, route, permit
  // number); the substances, quantities, units, destination and importer
  // change only by withdrawing it to a draft and submitting again. Every
  // change after submission is a new revision, screened again.
  Application CreateDraft(const Actor& a, const ApplicationInput& in, Timestamp now);
  Application Update(const Actor& a, Id id, std::int64_t version, const ApplicationInput& in, Timestamp now);
  Application Withdraw(const Actor& a, Id id, std::optional<std::int64_t> version, Timestamp now);
  Document AddDocument(const Actor& a, Id id, DocumentType type, const std::string& filename,
                       const std::string& mime_type, const std::string& bytes, Timestamp now);
  std::pair<Document, std::string> GetDocument(const Actor& a, Id id, Id document_id);
  Application Submit(const Actor& a, Id id, std::optional<std::int64_t> version, Timestamp now);
  Application AnswerInformation(const Actor& a, Id id, const std::string& answer,
                                std::optional<std::int64_t> version, Timestamp now);
  Application GetApplication(const Actor& a, Id id);
  std::vector<Application> ListApplications(const Actor& a, std::optional<AppStatus> status);
  // Field by field, what changed from content revision `since` to now.
  std::vector<ContentChange> Changes(const Actor& a, Id id, int since);

  // The officer's side.
  Application RequestInformation(const Actor& a, Id id, const std::string& question,
                                 std::optional<std::int64_t> version, Timestamp now);
  Notification SendNotification(const Actor& a, Id id, std::optional<int> reply_days, Timestamp now);
  // The approval conditions as they stand (the licence's validity decides one).
  std::vector<Condition> ApprovalCheck(const Actor& a, Id id, std::optional<int> validity_days, Timestamp now);
  // The audit records about one application and its notifications.
  std::vector<AuditRecord> ApplicationHistory(const Actor& a, Id id);
  Application Decide(const Actor& a, Id id, const Decision& d, std::optional<std::int64_t> version,
                     Timestamp now);
  Licence RevokeLicence(const Actor& a, const std::string& number, const std::string& reasons, Timestamp now);
  std::vector<Flag> ListFlags(const Actor& a);
  std::vector<AuditRecord> ListAudit(const Actor& a, std::int64_t after_seq, std::size_t limit);

  // The importing country's authority.
  std::vector<Notification> ListNotifications(const Actor& a);
  Notification GetNotification(const Actor& a, Id id);
  Notification ReplyNotification(const Actor& a, Id id, bool objection, const std::string& reasons,
                                 Timestamp now);
  // Before replying, the importing authority may ask the licensing authority
  // a question, and may extend its own reply period.
  Notification AskAboutNotification(const Actor& a, Id id, const std::string& question, Timestamp now);
  Notification AnswerNotificationQuestion(const Actor& a, Id id, int question, const std::string& answer,
                                          Timestamp now);
  Notification ExtendNotification(const Actor& a, Id id, int days, Timestamp now);

  // Licences and customs.
  std::vector<Licence> ListLicences(const Actor& a, const LicenceQuery& query = {});
  Licence GetLicence(const Actor& a, const std::string& number);
  Json VerifyLicence(const Actor& a, const std::string& number, Timestamp now);
  Shipment RecordShipment(const Actor& a, const std::string& number, const std::vector<ShipmentLine>& lines,
                          const std::string& reference, Timestamp now);
  std::vector<Shipment> ListShipments(const Actor& a, const std::string& number);

  // Periodic work, also called directly (tests pass the day they want).
  // Records "no reply" for notifications whose deadline has passed.
  int ProcessDeadlines(Timestamp now);
  // Re-screens open applications and active licences when registry changes
  // took effect since the last run; flags every changed verdict.
  int ProcessListChanges(Date today, Timestamp now);

  // The exporting country's, the destination's and each transit country's.
  std::vector<std::string> JurisdictionsFor(const std::string& destination,
                                            const std::vector<std::string>& transit = {}) const;

  // A user whose password is public on purpose (precursor serve --demo):
  // the password rule is not applied, and the audit record says so.
  Id CreateDemoUser(const std::string& username, const std::string& password, Id org_id, Timestamp now);
  // Periodic work: deletes sessions past their absolute or idle limit,
  // Idempotency-Key records older than replay_retention_seconds and
  // sign-in failure counters past their quiet period.
  struct Purged {
    int sessions = 0, replays = 0, throttles = 0;
  };
  Purged PurgeExpired(Timestamp now);
  // Argon2id checks run by sign-in, and their bound (tests, monitoring).
  PasswordVerifier& password_verifier() { return verifier_; }

 private:
  Application LoadOwned(Transaction& tx, const Actor& a, Id id, bool write);
  rules::ScreenResult ScreenItem(const LineItem& item, const std::vector<std::string>& jurisdictions,
                                 Date as_of) const;
  void Validate(const ApplicationInput& in, Timestamp now) const;
  // The listed name and CAS RN of the substance an item is, where the screen
  // matched a listing of a substance (empty strings otherwise).
  std::pair<std::string, std::string> ListedIdentity(const LineItem& item, const std::vector<std::string>& jurisdictions,
                                                     Date as_of) const;
  // Screens every item of the application as it is now, as of `today` and of
  // the planned shipment date, and rebuilds the risk summary from it.
  void Assess(Application& app, const std::vector<PriorOutcome>& prior, Date today) const;
  std::vector<PriorOutcome> PriorOutcomes(Transaction& tx, const Application& app);
  void Reassess(Transaction& tx, Application& app, Date today) {
    Assess(app, PriorOutcomes(tx, app), today);
  }
  // What the caller may see of an application: the exporter sees no other
  // company's records (the importer's history is for officers).
  Application ViewFor(const Actor& a, Application app) const;
  bool MayReadAuthority(const Actor& a, Id authority_org) const;
  Notification LoadNotification(Transaction& tx, const Actor& a, Id id, bool write);

  Store& store_;
  BlobStore& blobs_;
  std::shared_ptr<const screen::Screener> screener_;
  ScreenCache cache_;
  CountryMap countries_;
  ServiceConfig config_;
  // Recently authenticated sessions by token hash, so that a busy client
  // does not cost three queries per request. Entries live at most
  // config_.session_cache_seconds and logout removes its own at once.
  std::mutex sessions_mutex_;
  std::unordered_map<std::string, std::pair<Actor, Timestamp>> sessions_;
  PasswordPolicy password_policy_;
  PasswordVerifier verifier_;
  Id InsertUser(const User& u, Timestamp now, const std::string& by, const Json& note);
  void RecordLoginFailure(const std::string& username, const std::optional<User>& user, const std::string& address,
                          Timestamp now);
};

}  // namespace pc::licensing
