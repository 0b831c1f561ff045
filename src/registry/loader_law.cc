// Reading the law a registry file carries: its categories and their
// obligations, and per entry the threshold, mixture rule, destination
// rules, customs codes and further identities. Each rule about what is valid
// lives here, beside the entry rules in loader.cc.
#include <algorithm>
#include <cctype>
#include <map>

#include "chem/cas.h"
#include "registry/loader_fields.h"

namespace pc::registry::load {
namespace {

template <typename Enum>
Enum OneOf(const std::string& text, const std::map<std::string, Enum>& values, const std::string& key,
           const Context& ctx) {
  auto it = values.find(text);
  if (it != values.end()) return it->second;
  std::string names;
  for (const auto& [name, value] : values) names += (names.empty() ? "" : ", ") + name;
  ctx.Fail(key, "'" + text + "' is not one of " + names);
}

const std::map<std::string, ObligationKind> kObligationKinds = {
    {"operator_licence", ObligationKind::kOperatorLicence},
    {"registration", ObligationKind::kRegistration},
    {"export_licence", ObligationKind::kExportLicence},
    {"import_licence", ObligationKind::kImportLicence},
    {"export_authorisation", ObligationKind::kExportAuthorisation},
    {"import_authorisation", ObligationKind::kImportAuthorisation},
    {"pre_export_notification", ObligationKind::kPreExportNotification},
    {"advance_notice", ObligationKind::kAdvanceNotice},
    {"purchase_permit", ObligationKind::kPurchasePermit},
    {"record_keeping", ObligationKind::kRecordKeeping},
    {"customer_declaration", ObligationKind::kCustomerDeclaration},
    {"reporting", ObligationKind::kReporting}};

const std::map<std::string, Activity> kActivities = {{"any", Activity::kAny},
                                                     {"export", Activity::kExport},
                                                     {"import", Activity::kImport},
                                                     {"domestic", Activity::kDomestic}};

const std::map<std::string, CategoryKind> kCategoryKinds = {
    {"precursor", CategoryKind::kPrecursor},
    {"drug", CategoryKind::kDrug},
    {"surveillance", CategoryKind::kSurveillance},
    {"export_control", CategoryKind::kExportControl}};

const std::map<std::string, MixtureKind> kMixtureKinds = {
    {"any_concentration", MixtureKind::kAnyConcentration},
    {"above_percent", MixtureKind::kAbovePercent},
    {"not_easily_recoverable", MixtureKind::kNotEasilyRecoverable},
    {"exempt_by_regulation", MixtureKind::kExemptByRegulation}};

// Units a threshold may be written in; registry/obligations.cc converts
// between those of one dimension.
const std::set<std::string> kUnits = {"mg", "g", "kg", "t", "mL", "L", "gal"};

// National tariff lines and the digits each system's codes have.
const std::map<std::string, size_t> kTariffSystems = {{"EU CN", 8}, {"CN tariff", 10}, {"US HTS", 10}};

bool IsCountryCode(const std::string& s) {
  return s.size() == 2 && std::isupper(static_cast<unsigned char>(s[0])) &&
         std::isupper(static_cast<unsigned char>(s[1]));
}

Obligation ParseObligation(const json& j, const std::string& where, const Context& ctx) {
  if (!j.is_object()) ctx.Fail(where, "each obligation must be an object");
  RejectUnknownKeys(j, {"kind", "activity", "text", "above_threshold", "citation", "verification"}, ctx,
                    where);
  Obligation o;
  o.kind = OneOf(String(j, "kind", ctx, true), kObligationKinds, where + ".kind", ctx);
  o.activity = OneOf(j.contains("activity") ? String(j, "activity", ctx, true) : std::string("any"),
                     kActivities, where + ".activity", ctx);
  o.text = String(j, "text", ctx, true);
  o.above_threshold = Bool(j, "above_threshold", ctx);
  o.citation = String(j, "citation", ctx, true);
  o.verification = ParseVerification(String(j, "verification", ctx, true), where + ".verification", ctx);
  return o;
}

}  // namespace

std::vector<Category> ParseCategories(const json& doc, const std::string& jurisdiction,
                                      const Context& ctx) {
  std::vector<Category> out;
  auto it = doc.find("categories");
  if (it == doc.end() || !it->is_array() || it->empty())
    ctx.Fail("categories", "must be a non-empty array: every entry names one of its file's categories");
  for (const auto& j : *it) {
    if (!j.is_object()) ctx.Fail("categories", "each category must be an object");
    RejectUnknownKeys(j, {"id", "name", "kind", "obligations", "citation", "verification"}, ctx,
                      "categories");
    Category c;
    c.id = String(j, "id", ctx, true);
    c.jurisdiction = jurisdiction;
    c.file = ctx.file();
    c.name = String(j, "name", ctx, true);
    c.kind = OneOf(String(j, "kind", ctx, true), kCategoryKinds, "categories." + c.id + ".kind", ctx);
    c.citation = String(j, "citation", ctx, true);
    c.verification =
        ParseVerification(String(j, "verification", ctx, true), "categories." + c.id + ".verification", ctx);
    if (auto o = j.find("obligations"); o != j.end() && !o->is_null()) {
      if (!o->is_array()) ctx.Fail("categories." + c.id + ".obligations", "must be an array");
      for (const auto& oj : *o)
        c.obligations.push_back(ParseObligation(oj, "categories." + c.id + ".obligations", ctx));
    }
    for (const auto& other : out)
      if (other.id == c.id) ctx.Fail("categories", "category '" + c.id + "' appears twice");
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<Threshold> ParseThreshold(const json& obj, const Context& ctx) {
  const json* j = Object(obj, "threshold", ctx);
  if (!j) return std::nullopt;
  RejectUnknownKeys(*j, {"none", "quantity", "unit", "basis", "cumulative_per_month", "citation",
                         "verification"},
                    ctx, "threshold");
  Threshold t;
  t.none = Bool(*j, "none", ctx);
  auto quantity = Number(*j, "quantity", ctx);
  if (t.none && quantity) ctx.Fail("threshold", "'none' (every quantity) and a quantity contradict each other");
  if (!t.none) {
    if (!quantity || *quantity <= 0) ctx.Fail("threshold.quantity", "must be a positive number (or none: true)");
    t.quantity = *quantity;
    t.unit = String(*j, "unit", ctx, true);
    if (!kUnits.count(t.unit)) ctx.Fail("threshold.unit", "'" + t.unit + "' is not one of mg, g, kg, t, mL, L, gal");
    t.basis = String(*j, "basis", ctx, false);
    t.cumulative_per_month = Bool(*j, "cumulative_per_month", ctx);
  }
  t.citation = String(*j, "citation", ctx, true);
  t.verification = ParseVerification(String(*j, "verification", ctx, true), "threshold.verification", ctx);
  return t;
}

std::optional<MixtureRule> ParseMixture(const json& obj, const Context& ctx) {
  const json* j = Object(obj, "mixture", ctx);
  if (!j) return std::nullopt;
  RejectUnknownKeys(*j, {"rule", "percent", "excluded", "text", "citation", "verification"}, ctx, "mixture");
  MixtureRule m;
  m.kind = OneOf(String(*j, "rule", ctx, true), kMixtureKinds, "mixture.rule", ctx);
  auto percent = Number(*j, "percent", ctx);
  if (m.kind == MixtureKind::kAbovePercent) {
    if (!percent || *percent <= 0 || *percent > 100)
      ctx.Fail("mixture.percent", "an above_percent rule needs a percent in (0, 100]");
    m.percent = *percent;
  } else if (percent) {
    ctx.Fail("mixture.percent", "only an above_percent rule has a percent");
  }
  m.excluded = String(*j, "excluded", ctx, false);
  m.text = String(*j, "text", ctx, false);
  m.citation = String(*j, "citation", ctx, true);
  m.verification = ParseVerification(String(*j, "verification", ctx, true), "mixture.verification", ctx);
  return m;
}

std::vector<DestinationRule> ParseDestinationRules(const json& obj, const Context& ctx) {
  std::vector<DestinationRule> out;
  auto it = obj.find("destination_rules");
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) ctx.Fail("destination_rules", "must be an array");
  for (const auto& j : *it) {
    if (!j.is_object()) ctx.Fail("destination_rules", "each rule must be an object");
    RejectUnknownKeys(j, {"destinations", "chemicals", "obligation"}, ctx, "destination_rules");
    DestinationRule d;
    // Countries and chemicals are lists, or the explicit words that the
    // source did not name them: never an empty list that reads as "none".
    auto known_list = [&](const char* key, bool& known, std::vector<std::string>& values) {
      auto v = j.find(key);
      std::string field = std::string("destination_rules.") + key;
      if (v == j.end()) ctx.Fail(field, "required: a list or \"not known\"");
      if (v->is_string() && v->get<std::string>() == "not known") return;
      values = Strings(j, key, ctx);
      if (values.empty()) ctx.Fail(field, "an empty list: write \"not known\" if the source names none");
      known = true;
    };
    known_list("destinations", d.destinations_known, d.destinations);
    for (const auto& c : d.destinations)
      if (!IsCountryCode(c))
        ctx.Fail("destination_rules.destinations", "'" + c + "' is not an ISO 3166-1 alpha-2 code");
    known_list("chemicals", d.chemicals_known, d.chemicals);
    const json* o = Object(j, "obligation", ctx);
    if (!o) ctx.Fail("destination_rules.obligation", "required field is missing");
    d.obligation = ParseObligation(*o, "destination_rules.obligation", ctx);
    out.push_back(std::move(d));
  }
  return out;
}

HsCodes ParseHs(const json& obj, const Context& ctx) {
  HsCodes h;
  const json* j = Object(obj, "hs", ctx);
  if (!j) return h;
  RejectUnknownKeys(*j, {"subheading", "dedicated", "national", "source", "verification"}, ctx, "hs");
  h.subheading = String(*j, "subheading", ctx, false);
  if (!h.subheading.empty()) {
    const auto& s = h.subheading;
    bool ok = s.size() == 7 && s[4] == '.' &&
              std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
    if (!ok) ctx.Fail("hs.subheading", "'" + s + "' is not an HS subheading (NNNN.NN)");
  }
  h.dedicated = Bool(*j, "dedicated", ctx);
  std::string prefix = h.subheading.empty() ? "" : h.subheading.substr(0, 4) + h.subheading.substr(5, 2);
  if (auto n = j->find("national"); n != j->end() && !n->is_null()) {
    if (!n->is_array()) ctx.Fail("hs.national", "must be an array of tariff lines");
    for (const auto& line : *n) {
      if (!line.is_object()) ctx.Fail("hs.national", "each tariff line must be an object");
      RejectUnknownKeys(line, {"system", "code"}, ctx, "hs.national");
      NationalLine l;
      l.system = String(line, "system", ctx, true);
      auto digits_it = kTariffSystems.find(l.system);
      if (digits_it == kTariffSystems.end())
        ctx.Fail("hs.national.system", "'" + l.system + "' is not one of EU CN, CN tariff, US HTS");
      // Codes are written with the spaces or dots of their tariff; the
      // digits are the code.
      for (char c : String(line, "code", ctx, true)) {
        if (std::isdigit(static_cast<unsigned char>(c))) l.code += c;
        else if (c != ' ' && c != '.') ctx.Fail("hs.national.code", "may hold digits, spaces and dots only");
      }
      if (l.code.size() != digits_it->second)
        ctx.Fail("hs.national.code", "a " + l.system + " line has " + std::to_string(digits_it->second) +
                                         " digits, not " + std::to_string(l.code.size()));
      if (!prefix.empty() && l.code.compare(0, 6, prefix) != 0)
        ctx.Fail("hs.national.code", l.code + " does not fall under subheading " + h.subheading);
      h.national.push_back(std::move(l));
    }
  }
  if (h.empty()) ctx.Fail("hs", "names no subheading and no tariff line (leave it out when not known)");
  h.source = String(*j, "source", ctx, true);
  h.verification = ParseVerification(String(*j, "verification", ctx, true), "hs.verification", ctx);
  return h;
}

std::vector<Identity> ParseIdentities(const json& obj, const Context& ctx) {
  std::vector<Identity> out;
  auto it = obj.find("identities");
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) ctx.Fail("identities", "must be an array");
  for (const auto& j : *it) {
    if (!j.is_object()) ctx.Fail("identities", "each identity must be an object");
    RejectUnknownKeys(j, {"cas", "form", "cas_source", "verification"}, ctx, "identities");
    Identity i;
    std::string cas = String(j, "cas", ctx, true);
    if (!chem::LooksLikeCas(cas)) ctx.Fail("identities.cas", "'" + cas + "' is not a CAS RN");
    auto valid = chem::ValidCas(cas);
    if (!valid)
      ctx.Fail("identities.cas", "'" + cas + "' has a wrong check digit (expected " +
                                     std::to_string(chem::CasExpectedCheckDigit(cas)) + ")");
    i.cas = *valid;
    i.form = String(j, "form", ctx, true);
    i.cas_source = String(j, "cas_source", ctx, true);
    i.verification = ParseVerification(String(j, "verification", ctx, true), "identities.verification", ctx);
    out.push_back(std::move(i));
  }
  return out;
}

std::optional<Territory> ParseTerritory(const json& doc, const Context& ctx) {
  const json* j = Object(doc, "territory", ctx);
  if (!j) return std::nullopt;
  RejectUnknownKeys(*j, {"members", "citation", "verification"}, ctx, "territory");
  Territory t;
  t.members = Strings(*j, "members", ctx);
  if (t.members.empty()) ctx.Fail("territory.members", "must list the member countries");
  for (const auto& c : t.members)
    if (!IsCountryCode(c)) ctx.Fail("territory.members", "'" + c + "' is not an ISO 3166-1 alpha-2 code");
  t.citation = String(*j, "citation", ctx, true);
  t.verification = ParseVerification(String(*j, "verification", ctx, true), "territory.verification", ctx);
  return t;
}

std::optional<Adoption> ParseAdoption(const json& obj, const Context& ctx) {
  const json* j = Object(obj, "adopts", ctx);
  if (!j) return std::nullopt;
  RejectUnknownKeys(*j, {"jurisdiction", "categories"}, ctx, "adopts");
  Adoption a;
  a.jurisdiction = String(*j, "jurisdiction", ctx, true);
  a.categories = Strings(*j, "categories", ctx);
  if (a.categories.empty()) ctx.Fail("adopts.categories", "must name the categories taken over");
  return a;
}

}  // namespace pc::registry::load
