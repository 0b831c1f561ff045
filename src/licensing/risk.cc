#include "licensing/risk.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "rules/obligations.h"

namespace pc::licensing {

std::vector<std::string> MissingDocuments(const Application& a) {
  auto has = [&](DocumentType t) {
    return std::any_of(a.documents.begin(), a.documents.end(), [&](const Document& d) { return d.type == t; });
  };
  std::vector<std::string> missing;
  if (!has(DocumentType::kExportContract)) missing.push_back("export_contract");
  if (!has(DocumentType::kProofOfLegalBusiness)) missing.push_back("proof_of_legal_business");
  if (!has(DocumentType::kImportPermit) && !has(DocumentType::kImporterGuarantee))
    missing.push_back("import_permit or importer_guarantee");
  return missing;
}

std::string HsSubheading(const std::string& code) {
  std::string digits;
  for (char c : code) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else if (c == '.' || c == ' ') continue;
    else break;  // "2933.39 (no dedicated ...)": the code ends at the comment
    if (digits.size() == 6) break;
  }
  if (digits.size() < 6) return "";
  return digits.substr(0, 4) + "." + digits.substr(4, 2);
}

std::vector<std::string> ExpectedHsCodes(const rules::ScreenResult& r) {
  std::set<std::string> codes;
  for (const auto& [code, jr] : r.jurisdictions)
    for (const auto& m : jr.matches)
      if (m.entry && m.verdict == rules::Verdict::kControlled)
        if (auto h = HsSubheading(m.entry->hs_code); !h.empty()) codes.insert(h);
  return {codes.begin(), codes.end()};
}

std::string VerdictWord(const rules::ScreenResult& r) {
  if (r.status != rules::Status::kOk || !r.verdict) return std::string(rules::ToString(r.status));
  return std::string(rules::ToString(*r.verdict));
}

std::string StrongerVerdict(const std::string& a, const std::string& b) {
  auto rank = [](const std::string& v) {
    if (v == "controlled") return 5;
    if (v == "error" || v == "unresolved") return 4;
    if (v == "watch") return 3;
    if (v == "clear") return 2;
    return v.empty() ? 0 : 1;
  };
  return rank(b) > rank(a) ? b : a;
}

namespace {

Json Reasons(const rules::ScreenResult& r) {
  Json out = Json::array();
  for (const auto& [code, jr] : r.jurisdictions)
    for (const auto& m : jr.matches)
      out.push_back({{"jurisdiction", code}, {"verdict", rules::ToString(m.verdict)},
                     {"entry", m.entry ? m.entry->id : ""}, {"name", m.entry ? m.entry->name : ""},
                     {"citation", m.entry ? m.entry->citation : ""},
                     {"since", m.since ? Json(m.since->ToString()) : Json()},
                     {"explanation", m.explanation}});
  return out;
}

}  // namespace

Json WithoutImporterHistory(Json risk) {
  if (!risk.is_object() || !risk.contains("prior_importer_outcomes")) return risk;
  if (risk.contains("concerns") && risk["concerns"].is_number_integer())
    risk["concerns"] = risk["concerns"].get<int>() - int(risk["prior_importer_outcomes"].size());
  risk.erase("prior_importer_outcomes");
  return risk;
}

Json RiskSummary(const Application& a, const std::vector<ItemScreening>& screens,
                 const std::vector<PriorOutcome>& prior) {
  Json items = Json::array(), controlled = Json::array(), watch = Json::array(),
       unresolved = Json::array(), hs = Json::array(), licence = Json::array(), notification = Json::array();
  for (size_t i = 0; i < screens.size(); ++i) {
    const auto& s = screens[i];
    std::string now = VerdictWord(s.at_submission), then = VerdictWord(s.at_shipment);
    Json item = {{"item", i}, {"substance", a.items[i].substance},
                 {"verdict_at_screening", now}, {"verdict_at_shipment", then},
                 {"reasons", Reasons(s.at_shipment.status == rules::Status::kOk ? s.at_shipment : s.at_submission)}};
    if (s.at_submission.status != rules::Status::kOk) item["error"] = s.at_submission.error;
    if (now == "controlled" || then == "controlled") controlled.push_back(i);
    else if (now == "watch" || then == "watch") watch.push_back(i);
    // The duties the listings impose on this export (rules/obligations.h;
    // a duty the data cannot settle counts as owed).
    using registry::ObligationKind;
    auto owed = [&](ObligationKind k) {
      return rules::MayRequire(s.at_submission, k) || rules::MayRequire(s.at_shipment, k);
    };
    if (owed(ObligationKind::kExportLicence) || owed(ObligationKind::kExportAuthorisation)) licence.push_back(i);
    if (owed(ObligationKind::kPreExportNotification)) notification.push_back(i);
    if (now == "unresolved" || now == "error") unresolved.push_back(i);
    // The HS code is checked against the registry's entries, never a list in
    // code: ANPP 2933.36, NPP 2933.37 (HS 2022, per the registry data).
    auto expected = ExpectedHsCodes(s.at_shipment);
    if (expected.empty()) expected = ExpectedHsCodes(s.at_submission);
    std::string declared = HsSubheading(a.items[i].hs_code);
    item["hs_code_declared"] = a.items[i].hs_code;
    item["hs_code_expected"] = expected;
    bool consistent = expected.empty() || std::find(expected.begin(), expected.end(), declared) != expected.end();
    item["hs_code_consistent"] = consistent;
    if (!consistent)
      hs.push_back({{"item", i}, {"declared", a.items[i].hs_code}, {"expected", expected}});
    items.push_back(item);
  }
  Json history = Json::array();
  for (const auto& p : prior)
    history.push_back({{"application", p.application}, {"outcome", p.outcome}, {"reasons", p.reasons}});
  auto missing = MissingDocuments(a);
  int concerns = int(controlled.size() + watch.size() + unresolved.size() + hs.size() + missing.size() +
                     history.size());
  return {{"items", items},
          {"controlled_items", controlled},
          {"licence_required_items", licence},
          {"notification_required_items", notification},
          {"watch_items", watch},
          {"unresolved_items", unresolved},
          {"missing_documents", missing},
          {"hs_code_inconsistencies", hs},
          {"prior_importer_outcomes", history},
          {"concerns", concerns}};
}

}  // namespace pc::licensing
