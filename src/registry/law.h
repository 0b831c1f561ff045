// What a listing obliges: the categories of a jurisdiction's lists and the
// duties each carries, the quantities and concentrations below which they do
// not apply, the destinations that trigger them, and the customs codes under
// which the substance travels. Structured data, read from the registry files
// (README, "Registry files"), so that "do I need a licence?" is answered by
// the same registry that screens (registry/obligations.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pc::registry {

enum class Verification { kVerified, kPartial, kUnverified };
std::string_view ToString(Verification verification);

// A category's kind decides what a match means: a precursor list or a drug
// schedule controls (verdict `controlled`), a surveillance list asks for
// vigilance (verdict `watch`), an export catalogue binds exports only and
// is not screened by structure.
enum class CategoryKind { kPrecursor, kDrug, kSurveillance, kExportControl };
std::string_view ToString(CategoryKind kind);

// The duties the law attaches to a category. Names follow the instruments:
// the 1988 Convention's pre-export notification (art. 12(10)), EU operator
// licences and registrations (Reg. (EC) 273/2004 arts. 3, 6) and export
// authorisations (Reg. (EC) 111/2005 art. 12), US registration and advance
// notice of imports and exports (21 CFR 1309, 1313), China's purchase,
// production and export licences (State Council Decree 445 arts. 7-29).
enum class ObligationKind {
  kOperatorLicence,
  kRegistration,
  kExportLicence,
  kImportLicence,
  kExportAuthorisation,
  kImportAuthorisation,
  kPreExportNotification,
  kAdvanceNotice,
  kPurchasePermit,
  kRecordKeeping,
  kCustomerDeclaration,
  kReporting,
};
std::string_view ToString(ObligationKind kind);

// Which transactions an obligation binds.
enum class Activity { kAny, kExport, kImport, kDomestic };
std::string_view ToString(Activity activity);

struct Obligation {
  ObligationKind kind = ObligationKind::kRecordKeeping;
  Activity activity = Activity::kAny;
  std::string text;  // the duty in plain words
  std::string citation;
  Verification verification = Verification::kVerified;
  // True when the duty applies only at or above the entry's threshold
  // (a US "regulated transaction", EU Annex II quantities).
  bool above_threshold = false;
};

struct Category {
  std::string id;  // unique across the registry: "us-list-i"
  std::string jurisdiction;
  std::string name;  // "List I", as output shows it
  CategoryKind kind = CategoryKind::kPrecursor;
  std::vector<Obligation> obligations;
  std::string citation;
  Verification verification = Verification::kVerified;
  std::string file;
};

// The quantity at which a transaction becomes regulated. `none` is the
// law's "no threshold": every quantity, in any mixture (US NPP, 4-AP).
struct Threshold {
  bool none = false;
  double quantity = 0;
  std::string unit;   // "kg", "g", "mg", "t", "L", "mL", "gal"
  std::string basis;  // "base weight", "volume"
  bool cumulative_per_month = false;  // summed over a calendar month (21 CFR 1310.04(f))
  std::string citation;
  Verification verification = Verification::kVerified;
};

// When a mixture or preparation holding the substance is controlled, with
// the substance's concentration (percent by weight) as the input.
enum class MixtureKind {
  kAnyConcentration,      // every mixture (US no-threshold listings)
  kAbovePercent,          // above `percent` (China's 2007 export rule: 40 %, HCl 10 %)
  kNotEasilyRecoverable,  // exempt unless easily recovered (EU Reg. 273/2004 art. 2(a))
  kExemptByRegulation,    // exempt where a regulation's criteria say so (21 CFR 1310.12-13)
};
std::string_view ToString(MixtureKind kind);

struct MixtureRule {
  MixtureKind kind = MixtureKind::kAnyConcentration;
  double percent = 0;    // kAbovePercent
  std::string excluded;  // what the rule leaves out ("compound pharmaceutical preparations")
  std::string text;
  std::string citation;
  Verification verification = Verification::kVerified;
};

// A duty that depends on where the goods go: China's catalogue for exports
// to specific countries, EU export authorisations by destination, the
// countries that asked for pre-export notification under art. 12(10)(a).
// Either list may be "not known" (the source does not name the countries or
// the chemicals): then every answer it could touch says so, never "none".
struct DestinationRule {
  bool destinations_known = false;
  std::vector<std::string> destinations;  // ISO 3166-1 alpha-2 codes
  bool chemicals_known = false;
  std::vector<std::string> chemicals;  // registry entry ids or category ids
  Obligation obligation;
};

// The countries within which goods move without being exported from the
// jurisdiction: the EU's Member States, between which Reg. (EC) 273/2004
// governs trade and Reg. (EC) 111/2005 (trade with third countries), with
// its export authorisations, does not apply. A jurisdiction without one
// treats every destination as an export.
struct Territory {
  std::vector<std::string> members;  // ISO 3166-1 alpha-2 codes
  std::string citation;
  Verification verification = Verification::kUnverified;
};

// Customs codes: the HS 2022 subheading (six digits) and national tariff
// lines (EU CN eight digits, China ten, US HTS ten) where a source gives them.
struct NationalLine {
  std::string system;  // "EU CN", "CN tariff", "US HTS"
  std::string code;    // digits only
};
struct HsCodes {
  std::string subheading;  // "2933.37"; empty when not known
  bool dedicated = false;  // the subheading names this substance alone
  std::vector<NationalLine> national;
  std::string source;
  Verification verification = Verification::kUnverified;
  bool empty() const { return subheading.empty() && national.empty(); }
};

}  // namespace pc::registry
