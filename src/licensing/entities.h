// The licensing domain's records: who acts (organisations, users), what is
// applied for (applications with line items and documents), what the
// importing country says (pre-export notifications), what is granted
// (licences) and what leaves (shipments). Plain values; the workflow lives in
// service.h and persistence behind store.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "licensing/time.h"

namespace pc::licensing {

using Id = std::int64_t;
using Json = nlohmann::json;

enum class OrgKind { kExporter, kLicensingAuthority, kImportingAuthority, kCustoms };
// A user's role follows from the organisation it belongs to.
enum class Role { kExporter, kOfficer, kAuthority, kCustoms };

std::string ToString(OrgKind kind);
std::optional<OrgKind> ParseOrgKind(const std::string& text);
std::string ToString(Role role);
Role RoleFor(OrgKind kind);

struct Organisation {
  Id id = 0;
  std::string name;
  OrgKind kind = OrgKind::kExporter;
  std::string country;  // ISO 3166-1 alpha-2; for an importing authority, the country it answers for
  std::string address, registration_number;  // shown to officers and in pre-export notifications
  // An exporter is registered with one licensing authority, which receives
  // and decides its applications (China Regulations art. 20: the provincial
  // commerce department of the exporter's place).
  std::optional<Id> authority;
  // A licensing authority at national level reads every authority's
  // applications and the whole audit log; it decides only those assigned to it.
  bool national = false;
};

struct User {
  Id id = 0;
  std::string username;
  Id org_id = 0;
  Role role = Role::kExporter;
  std::string password_hash;  // libsodium crypto_pwhash_str (Argon2id); never leaves the store
};

// The authenticated caller of an operation.
struct Actor {
  User user;
  Organisation org;
};

struct Session {
  std::string token_hash;  // SHA-256 of the bearer token; the token itself is never stored
  Id user_id = 0;
  Timestamp expires = 0;
  Timestamp last_seen = 0;  // last use, to end a session unused for too long
};

// A party to the transaction: the importer, or the consignee when the goods
// go to someone else (1988 Convention art. 12(10)(a): both are notified).
struct Party {
  std::string name, country, address, registration_number;
};
using Importer = Party;

// How the goods travel: what a pre-export notification states and what
// decides which jurisdictions' lists apply on the way.
struct Route {
  std::vector<std::string> transit_countries;  // ISO 3166-1 alpha-2, in order
  std::string port_of_exit, port_of_entry;
  std::string transport_mode;  // sea, air, road, rail, post
};

struct LineItem {
  std::string substance;                // a structure (SMILES/molfile), CAS RN or name
  std::string substance_type = "auto";  // auto, smiles, cas, name
  double quantity = 0;
  std::string unit;                     // kg, g, mg, L, mL
  std::string hs_code;                  // as declared by the exporter
  // For a preparation (a mixture), the substance's share by weight in
  // percent; none for the pure substance.
  std::optional<double> concentration;
};

// China Regulations on Precursor Chemicals art. 26: the export contract, and
// for export the importing government's certificate of legal use or the
// importer's guarantee; plus proof the importer conducts legal business.
enum class DocumentType { kExportContract, kProofOfLegalBusiness, kImportPermit, kImporterGuarantee };
std::string ToString(DocumentType type);
std::optional<DocumentType> ParseDocumentType(const std::string& text);

struct Document {
  Id id = 0;  // position-independent number within the application
  DocumentType type = DocumentType::kExportContract;
  std::string filename, mime_type, sha256;
  std::int64_t size = 0;
  Timestamp uploaded = 0;
};

struct InfoRequest {
  std::string question, answer;
  Timestamp asked = 0;
  std::optional<Timestamp> answered;
  int asked_revision = 0;  // the content revision the question was asked about
};

enum class AppStatus { kDraft, kSubmitted, kInfoRequested, kVerification, kApproved, kRefused };
std::string ToString(AppStatus status);
std::optional<AppStatus> ParseAppStatus(const std::string& text);
bool IsOpen(AppStatus status);  // submitted and awaiting a decision

// A period during which the decision clock does not run.
struct Pause {
  Timestamp from = 0;
  std::optional<Timestamp> to;
  std::string reason;
};

// Everything the exporter states that a decision rests on. A submitted
// application keeps each state of it as a revision, so an officer sees what
// changed and a decision names the revision it was made on.
struct ApplicationContent {
  Party importer, consignee;
  std::string destination, end_use;
  std::string import_authorisation;  // the importing country's permit number, where it issued one
  Date planned_shipment;
  Route route;
  std::vector<LineItem> items;
  std::vector<Document> documents;
};

struct Revision {
  int number = 0;              // 1 on first submission, +1 on each later change of content
  std::int64_t version = 0;    // the application's version once this revision was stored
  Timestamp time = 0;
  std::string actor, reason;   // who changed it and what for ("submitted", "corrected", ...)
  ApplicationContent content;
};

// An officer's written reasons for approving although a condition that the
// law lets an officer weigh was not met (licensing/approval.h).
struct Override {
  std::string condition, reasons;
};

// The risk summary an officer sees with a submitted application, built by
// licensing/risk.h from the item screens. Item numbers index the
// application's items (from 0).
struct RiskReason {
  std::string jurisdiction;
  std::string verdict;                // of the match: controlled, watch, clear (context)
  std::string entry, name, citation;  // the registry entry matched; empty when none
  // First day the match holds, at the precision the law gives ("2020-03"
  // when only the month is known); empty when unknown.
  std::string since;
  std::string explanation;
};

struct RiskItem {
  int item = 0;
  std::string substance;
  // "controlled", "watch", "clear", or "error"/"unresolved" when unscreened.
  std::string verdict_at_screening, verdict_at_shipment;
  std::vector<RiskReason> reasons;
  std::string error;  // why the item could not be screened; empty when it was
  std::string hs_code_declared;
  std::vector<std::string> hs_code_expected;  // the registry's HS subheadings for what matched
  bool hs_code_consistent = true;
};

struct HsInconsistency {
  int item = 0;
  std::string declared;
  std::vector<std::string> expected;
};

// Another application's refusal or objection for the same importer.
struct PriorOutcome {
  Id application = 0;
  std::string outcome;  // "refused" or "objection"
  std::string reasons;
};

struct RiskSummary {
  std::vector<RiskItem> items;
  std::vector<int> controlled_items;
  std::vector<int> licence_required_items;       // an export licence or authorisation is owed
  std::vector<int> notification_required_items;  // a pre-export notification is owed
  std::vector<int> watch_items, unresolved_items;
  std::vector<std::string> missing_documents;
  std::vector<HsInconsistency> hs_code_inconsistencies;
  // For officers alone: absent in the exporter's view (WithoutImporterHistory).
  std::optional<std::vector<PriorOutcome>> prior_importer_outcomes;
  int concerns = 0;  // how many of the above an officer must weigh
};

// A JSON document the domain keeps and shows but does not read field by
// field: evidence as it was written (an engine report, an audit record's
// details). Stores keep it as JSON; the API shows it as it is.
class StoredDocument {
 public:
  StoredDocument() = default;
  StoredDocument(nlohmann::json document) : document_(std::move(document)) {}  // NOLINT: a document is JSON
  const nlohmann::json& json() const { return document_; }
  bool empty() const { return document_.is_null(); }
  bool operator==(const StoredDocument& other) const = default;

 private:
  nlohmann::json document_;
};

// An engine report kept as evidence: the screening engine's own account of
// one item (rules::ToJson of its result) as it read on the day. It is a
// document, not live data: the registry may change later, and a decision
// must still show what it rested on. The domain reads only its verdict.
class ScreeningReport : public StoredDocument {
 public:
  ScreeningReport() = default;
  explicit ScreeningReport(nlohmann::json document) : StoredDocument(std::move(document)) {}
  std::string verdict() const;  // "" for an empty report
};

// One line item's screening, attached on submission and renewed on every
// change (and copied to the licence issued on it): where it was screened,
// the verdict today and the engine's reports as of the screening day and of
// the planned shipment day; `current` is the re-screen that changed the
// verdict after a registry change took effect (list changes), if any.
struct ScreeningRecord {
  int item = 0;
  int revision = 0;                        // the content revision screened
  std::vector<std::string> jurisdictions;  // whose lists apply (destination, transit)
  std::string current_verdict;             // controlled, watch, clear, unresolved or error
  ScreeningReport as_of_screening, as_of_shipment, current;
};

struct Application {
  Id id = 0;
  Id exporter_org = 0;
  Id authority_org = 0;  // the licensing authority that decides it (the exporter's, on submission)
  std::int64_t version = 1;
  AppStatus status = AppStatus::kDraft;
  Importer importer;
  Party consignee;          // empty name: the importer is the consignee
  std::string destination;  // country code
  std::string end_use;
  std::string import_authorisation;
  Date planned_shipment;
  Route route;
  std::vector<LineItem> items;
  std::vector<Document> documents;
  std::vector<InfoRequest> info_requests;
  std::vector<Pause> pauses;
  std::vector<Revision> revisions;  // content as submitted and as changed since
  std::vector<Override> overrides;  // the officer's reasons for conditions weighed at approval
  Timestamp created = 0, updated = 0;
  std::optional<Timestamp> submitted, decided;
  std::vector<ScreeningRecord> screening;  // per item, from submission on
  std::optional<RiskSummary> risk;  // attached on submission, rebuilt on every change
  std::string decision_reasons;
  std::string licence_number;
};

// Key for "the same importer": normalised name and country.
std::string ImporterKey(const Importer& importer);
ApplicationContent ContentOf(const Application& a);
// The content revision the application is at now (0 before submission).
int CurrentRevision(const Application& a);

// kWithdrawn: the exporter withdrew the application before the reply.
enum class NotificationStatus { kPending, kNoObjection, kObjection, kNoReply, kWithdrawn };
std::string ToString(NotificationStatus status);
std::optional<NotificationStatus> ParseNotificationStatus(const std::string& text);

// One substance as a pre-export notification states it: as the exporter
// wrote it, and by its listed name and CAS RN where the screen matched a
// listing ("" otherwise).
struct NotifiedItem {
  int item = 0;
  std::string substance, name, cas, hs_code, unit;
  double quantity = 0;
  std::optional<double> concentration;
  std::string verdict;  // as of the expected dispatch date
};

// What PEN Online carries (1988 Convention art. 12(10)(a); INCB's PEN Online
// form): the parties with addresses, the substances with CAS RN, HS code,
// quantity and concentration, the route, the expected dispatch date and the
// importing country's authorisation, where it issued one ("" otherwise).
struct NotificationSummary {
  std::string exporting_country;
  Party exporter, importer, consignee;
  std::string destination;
  Route route;
  std::string end_use;
  Date expected_dispatch_date;
  std::string import_authorisation;
  std::vector<NotifiedItem> items;
};

// A pre-export notification (INCB PEN Online; 1988 Convention art. 12(10)(a)).
// A question the importing authority asks about a notification, answered by
// the licensing authority that sent it.
struct NotificationQuestion {
  std::string question, answer;
  Timestamp asked = 0;
  std::optional<Timestamp> answered;
};

struct Notification {
  Id id = 0;
  Id application_id = 0;
  Id authority_org = 0;  // the licensing authority that sent it
  int revision = 0;      // the application's content revision it describes
  std::string country;   // the importing country it is addressed to
  NotificationStatus status = NotificationStatus::kPending;
  Timestamp sent = 0, deadline = 0;
  std::optional<Timestamp> replied;
  std::string reasons;  // the authority's reasons for an objection
  int extended_days = 0;  // days the importing authority added to its reply period
  std::vector<NotificationQuestion> questions;
  NotificationSummary summary;  // what the importing authority sees of the transaction
};

struct LicensedItem {
  int item = 0;  // index into the application's items
  std::string substance, unit;
  double quantity = 0, drawn = 0;
  // What customs compares with a declaration: the tariff line declared and,
  // where the screen matched a listing, the listed name and CAS RN.
  std::string hs_code, name, cas;
};

enum class LicenceStatus { kActive, kRevoked };

struct Licence {
  std::string number;
  Id application_id = 0;
  Id exporter_org = 0;
  Id authority_org = 0;           // the licensing authority that issued it
  std::string exporter_name;      // as registered when the licence was issued
  std::string exporting_country;  // customs of this country record its shipments
  int revision = 0;               // the application's content revision it was decided on
  LicenceStatus status = LicenceStatus::kActive;
  Importer importer;
  std::string destination;
  std::vector<LicensedItem> items;
  Date valid_from, valid_until;  // valid through valid_until inclusive
  Timestamp issued = 0;
  std::string revocation_reasons;
  std::int64_t version = 1;
  std::vector<ScreeningRecord> screening;  // per item, re-screened on list changes
};

struct ShipmentLine {
  int item = 0;
  double quantity = 0;
};

struct Shipment {
  Id id = 0;
  std::string licence_number;
  std::vector<ShipmentLine> lines;
  std::string reference;
  Id customs_org = 0;
  Timestamp recorded = 0;
};

// What a re-screening flag is about.
enum class FlaggedObject { kApplication, kLicence };
std::string ToString(FlaggedObject object);  // "application", "licence"
std::optional<FlaggedObject> ParseFlaggedObject(const std::string& text);

// A registry change as a flag records it: enough to name it after the
// registry has moved on (registry::Change points into one registry version).
struct ListChange {
  std::string date;  // as precise as the source gives it ("2024-03")
  std::string event;  // registry::ToString(ChangeKind)
  std::string entry, jurisdiction, name;
};

// A verdict that changed when a scheduled registry change took effect.
struct Flag {
  Id id = 0;
  Id authority_org = 0;  // the licensing authority the object belongs to
  FlaggedObject object = FlaggedObject::kApplication;
  std::string object_id;
  int item = 0;
  std::string previous, current;  // verdicts
  Date as_of;
  std::vector<ListChange> changes;  // the registry changes that took effect
  Timestamp created = 0;
};

struct AuditRecord {
  std::int64_t seq = 0;
  Timestamp time = 0;
  std::string actor;   // "user:12 (alice)" or "system"
  std::string action;  // "application.submit"
  std::string object;  // "application:7"
  StoredDocument details;  // what the action concerned, by action
  std::string prev_hash, hash;
};

// A stored response to a creating request, replayed for the same
// Idempotency-Key from the same user.
struct Replay {
  Id user_id = 0;
  std::string key, fingerprint;
  int status = 0;
  std::string body;
  Timestamp created = 0;
};

}  // namespace pc::licensing
