#include "licensing/entities.h"

#include <cctype>

namespace pc::licensing {
namespace {

template <typename E, size_t N>
std::optional<E> Parse(const std::pair<E, const char*> (&table)[N], const std::string& text) {
  for (const auto& [e, name] : table)
    if (text == name) return e;
  return std::nullopt;
}
template <typename E, size_t N>
std::string Name(const std::pair<E, const char*> (&table)[N], E e) {
  for (const auto& [x, name] : table)
    if (x == e) return name;
  return "?";
}

const std::pair<OrgKind, const char*> kOrgKinds[] = {
    {OrgKind::kExporter, "exporter"},
    {OrgKind::kLicensingAuthority, "licensing_authority"},
    {OrgKind::kImportingAuthority, "importing_authority"},
    {OrgKind::kCustoms, "customs"}};
const std::pair<Role, const char*> kRoles[] = {
    {Role::kExporter, "exporter"}, {Role::kOfficer, "officer"},
    {Role::kAuthority, "authority"}, {Role::kCustoms, "customs"}};
const std::pair<DocumentType, const char*> kDocTypes[] = {
    {DocumentType::kExportContract, "export_contract"},
    {DocumentType::kProofOfLegalBusiness, "proof_of_legal_business"},
    {DocumentType::kImportPermit, "import_permit"},
    {DocumentType::kImporterGuarantee, "importer_guarantee"}};
const std::pair<AppStatus, const char*> kAppStatuses[] = {
    {AppStatus::kDraft, "draft"},          {AppStatus::kSubmitted, "submitted"},
    {AppStatus::kInfoRequested, "information_requested"},
    {AppStatus::kVerification, "verification"},
    {AppStatus::kApproved, "approved"},    {AppStatus::kRefused, "refused"}};
const std::pair<NotificationStatus, const char*> kNotificationStatuses[] = {
    {NotificationStatus::kPending, "pending"},
    {NotificationStatus::kNoObjection, "no_objection"},
    {NotificationStatus::kObjection, "objection"},
    {NotificationStatus::kNoReply, "no_reply"},
    {NotificationStatus::kWithdrawn, "withdrawn"}};
const std::pair<FlaggedObject, const char*> kFlaggedObjects[] = {
    {FlaggedObject::kApplication, "application"}, {FlaggedObject::kLicence, "licence"}};

}  // namespace

std::string ScreeningReport::verdict() const {
  return json().is_object() ? json().value("verdict", "") : "";
}
std::string ToString(FlaggedObject object) { return Name(kFlaggedObjects, object); }
std::optional<FlaggedObject> ParseFlaggedObject(const std::string& text) { return Parse(kFlaggedObjects, text); }

std::string ToString(OrgKind kind) { return Name(kOrgKinds, kind); }
std::optional<OrgKind> ParseOrgKind(const std::string& text) { return Parse(kOrgKinds, text); }
std::string ToString(Role role) { return Name(kRoles, role); }
std::string ToString(DocumentType type) { return Name(kDocTypes, type); }
std::optional<DocumentType> ParseDocumentType(const std::string& text) { return Parse(kDocTypes, text); }
std::string ToString(AppStatus status) { return Name(kAppStatuses, status); }
std::optional<AppStatus> ParseAppStatus(const std::string& text) { return Parse(kAppStatuses, text); }
std::string ToString(NotificationStatus status) { return Name(kNotificationStatuses, status); }
std::optional<NotificationStatus> ParseNotificationStatus(const std::string& text) {
  return Parse(kNotificationStatuses, text);
}

Role RoleFor(OrgKind kind) {
  switch (kind) {
    case OrgKind::kExporter: return Role::kExporter;
    case OrgKind::kLicensingAuthority: return Role::kOfficer;
    case OrgKind::kImportingAuthority: return Role::kAuthority;
    case OrgKind::kCustoms: return Role::kCustoms;
  }
  return Role::kExporter;
}

bool IsOpen(AppStatus s) {
  return s == AppStatus::kSubmitted || s == AppStatus::kInfoRequested || s == AppStatus::kVerification;
}

std::string ImporterKey(const Importer& importer) {
  std::string key;
  bool space = false;
  for (unsigned char c : importer.name) {
    if (std::isalnum(c)) {
      if (space && !key.empty()) key += ' ';
      key += char(std::tolower(c));
      space = false;
    } else {
      space = true;
    }
  }
  return key + "|" + importer.country;
}

ApplicationContent ContentOf(const Application& a) {
  return {a.importer,   a.consignee,        a.destination, a.end_use, a.import_authorisation,
          a.planned_shipment, a.route, a.items,     a.documents};
}

int CurrentRevision(const Application& a) { return a.revisions.empty() ? 0 : a.revisions.back().number; }

}  // namespace pc::licensing
