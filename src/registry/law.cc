#include "registry/law.h"

namespace pc::registry {

std::string_view ToString(Verification verification) {
  switch (verification) {
    case Verification::kVerified: return "verified";
    case Verification::kPartial: return "partial";
    case Verification::kUnverified: return "unverified";
  }
  return "?";
}

std::string_view ToString(CategoryKind kind) {
  switch (kind) {
    case CategoryKind::kPrecursor: return "precursor";
    case CategoryKind::kDrug: return "drug";
    case CategoryKind::kSurveillance: return "surveillance";
    case CategoryKind::kExportControl: return "export_control";
  }
  return "?";
}

std::string_view ToString(ObligationKind kind) {
  switch (kind) {
    case ObligationKind::kOperatorLicence: return "operator_licence";
    case ObligationKind::kRegistration: return "registration";
    case ObligationKind::kExportLicence: return "export_licence";
    case ObligationKind::kImportLicence: return "import_licence";
    case ObligationKind::kExportAuthorisation: return "export_authorisation";
    case ObligationKind::kImportAuthorisation: return "import_authorisation";
    case ObligationKind::kPreExportNotification: return "pre_export_notification";
    case ObligationKind::kAdvanceNotice: return "advance_notice";
    case ObligationKind::kPurchasePermit: return "purchase_permit";
    case ObligationKind::kRecordKeeping: return "record_keeping";
    case ObligationKind::kCustomerDeclaration: return "customer_declaration";
    case ObligationKind::kReporting: return "reporting";
  }
  return "?";
}

std::string_view ToString(Activity activity) {
  switch (activity) {
    case Activity::kAny: return "any";
    case Activity::kExport: return "export";
    case Activity::kImport: return "import";
    case Activity::kDomestic: return "domestic";
  }
  return "?";
}

std::string_view ToString(MixtureKind kind) {
  switch (kind) {
    case MixtureKind::kAnyConcentration: return "any_concentration";
    case MixtureKind::kAbovePercent: return "above_percent";
    case MixtureKind::kNotEasilyRecoverable: return "not_easily_recoverable";
    case MixtureKind::kExemptByRegulation: return "exempt_by_regulation";
  }
  return "?";
}

}  // namespace pc::registry
