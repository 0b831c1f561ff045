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

struct Importer {
  std::string name, country, address, registration_number;
};

struct LineItem {
  std::string substance;                // a structure (SMILES/molfile), CAS RN or name
  std::string substance_type = "auto";  // auto, smiles, cas, name
  double quantity = 0;
  std::string unit;                     // kg, g, mg, L, mL
  std::string hs_code;                  // as declared by the exporter
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

struct Application {
  Id id = 0;
  Id exporter_org = 0;
  std::int64_t version = 1;
  AppStatus status = AppStatus::kDraft;
  Importer importer;
  std::string destination;  // country code
  std::string end_use;
  Date planned_shipment;
  std::vector<LineItem> items;
  std::vector<Document> documents;
  std::vector<InfoRequest> info_requests;
  std::vector<Pause> pauses;
  Timestamp created = 0, updated = 0;
  std::optional<Timestamp> submitted, decided;
  Json screening;  // per item: verdict objects as of submission day and shipment day
  Json risk;       // risk summary attached on submission
  std::string decision_reasons;
  std::string licence_number;
};

// Key for "the same importer": normalised name and country.
std::string ImporterKey(const Importer& importer);

enum class NotificationStatus { kPending, kNoObjection, kObjection, kNoReply };
std::string ToString(NotificationStatus status);
std::optional<NotificationStatus> ParseNotificationStatus(const std::string& text);

// A pre-export notification (INCB PEN Online; 1988 Convention art. 12(10)(a)).
struct Notification {
  Id id = 0;
  Id application_id = 0;
  std::string country;  // the importing country it is addressed to
  NotificationStatus status = NotificationStatus::kPending;
  Timestamp sent = 0, deadline = 0;
  std::optional<Timestamp> replied;
  std::string reasons;  // the authority's reasons for an objection
  Json summary;         // what the importing authority sees of the transaction
};

struct LicensedItem {
  int item = 0;  // index into the application's items
  std::string substance, unit;
  double quantity = 0, drawn = 0;
};

enum class LicenceStatus { kActive, kRevoked };

struct Licence {
  std::string number;
  Id application_id = 0;
  Id exporter_org = 0;
  LicenceStatus status = LicenceStatus::kActive;
  Importer importer;
  std::string destination;
  std::vector<LicensedItem> items;
  Date valid_from, valid_until;  // valid through valid_until inclusive
  Timestamp issued = 0;
  std::string revocation_reasons;
  std::int64_t version = 1;
  Json screening;  // latest verdict per item, re-screened on list changes
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

// A verdict that changed when a scheduled registry change took effect.
struct Flag {
  Id id = 0;
  std::string object;  // "application" or "licence"
  std::string object_id;
  int item = 0;
  std::string previous, current;  // verdicts
  Date as_of;
  Json changes;  // the registry events that took effect
  Timestamp created = 0;
};

struct AuditRecord {
  std::int64_t seq = 0;
  Timestamp time = 0;
  std::string actor;   // "user:12 (alice)" or "system"
  std::string action;  // "application.submit"
  std::string object;  // "application:7"
  Json details;
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
