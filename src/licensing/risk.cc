#include "licensing/risk.h"

#include <algorithm>
#include <cassert>
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

std::vector<RiskReason> Reasons(const rules::ScreenResult& r) {
  std::vector<RiskReason> out;
  for (const auto& [code, jr] : r.jurisdictions)
    for (const auto& m : jr.matches)
      out.push_back({code, std::string(rules::ToString(m.verdict)), m.entry ? m.entry->id : "",
                     m.entry ? m.entry->name : "", m.entry ? m.entry->citation : "", m.since ? m.since->ToString() : "", m.explanation});
  return out;
}

}  // namespace

RiskSummary WithoutImporterHistory(RiskSummary risk) {
  if (risk.prior_importer_outcomes) {
    risk.concerns -= int(risk.prior_importer_outcomes->size());
    risk.prior_importer_outcomes.reset();
  }
  return risk;
}

RiskSummary SummariseRisk(const Application& a, const std::vector<ItemScreening>& screens,
                          const std::vector<PriorOutcome>& prior) {
  assert(screens.size() == a.items.size());  // one screen per line item, in order
  RiskSummary out;
  for (size_t n = 0; n < screens.size(); ++n) {
    const auto& s = screens[n];
    int i = int(n);
    RiskItem item;
    item.item = i;
    item.substance = a.items[n].substance;
    item.verdict_at_screening = VerdictWord(s.at_submission);
    item.verdict_at_shipment = VerdictWord(s.at_shipment);
    item.reasons = Reasons(s.at_shipment.status == rules::Status::kOk ? s.at_shipment : s.at_submission);
    if (s.at_submission.status != rules::Status::kOk) item.error = s.at_submission.error;
    const std::string& now = item.verdict_at_screening;
    const std::string& then = item.verdict_at_shipment;
    if (now == "controlled" || then == "controlled") out.controlled_items.push_back(i);
    else if (now == "watch" || then == "watch") out.watch_items.push_back(i);
    // The duties the listings impose on this export (rules/obligations.h;
    // a duty the data cannot settle counts as owed).
    using registry::ObligationKind;
    auto owed = [&](ObligationKind k) {
      return rules::MayRequire(s.at_submission, k) || rules::MayRequire(s.at_shipment, k);
    };
    if (owed(ObligationKind::kExportLicence) || owed(ObligationKind::kExportAuthorisation))
      out.licence_required_items.push_back(i);
    if (owed(ObligationKind::kPreExportNotification)) out.notification_required_items.push_back(i);
    if (now == "unresolved" || now == "error") out.unresolved_items.push_back(i);
    // The HS code is checked against the registry's entries, never a list in
    // code: ANPP 2933.36, NPP 2933.37 (HS 2022, per the registry data).
    auto expected = ExpectedHsCodes(s.at_shipment);
    if (expected.empty()) expected = ExpectedHsCodes(s.at_submission);
    std::string declared = HsSubheading(a.items[n].hs_code);
    item.hs_code_declared = a.items[n].hs_code;
    item.hs_code_expected = expected;
    item.hs_code_consistent =
        expected.empty() || std::find(expected.begin(), expected.end(), declared) != expected.end();
    if (!item.hs_code_consistent) out.hs_code_inconsistencies.push_back({i, a.items[n].hs_code, expected});
    out.items.push_back(std::move(item));
  }
  out.prior_importer_outcomes = prior;
  out.missing_documents = MissingDocuments(a);
  out.concerns = int(out.controlled_items.size() + out.watch_items.size() + out.unresolved_items.size() +
                     out.hs_code_inconsistencies.size() + out.missing_documents.size() + prior.size());
  return out;
}

}  // namespace pc::licensing
