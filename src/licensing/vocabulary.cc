#include "licensing/vocabulary.h"

#include <algorithm>
#include <cstdio>

namespace pc::licensing {

const std::vector<Term>& Units() {
  static const std::vector<Term> k = {{"kg", "kilograms"}, {"g", "grams"}, {"mg", "milligrams"},
                                      {"L", "litres"}, {"mL", "millilitres"}};
  return k;
}

const std::vector<Term>& SubstanceTypes() {
  static const std::vector<Term> k = {{"auto", "recognise automatically"}, {"smiles", "SMILES"},
                                      {"molfile", "molfile"}, {"cas", "CAS RN"}, {"name", "name"}};
  return k;
}

const std::vector<Term>& TransportModes() {
  static const std::vector<Term> k = {{"sea", "Sea"}, {"air", "Air"}, {"road", "Road"},
                                      {"rail", "Rail"}, {"post", "Post"}, {"multimodal", "Multimodal"}};
  return k;
}

const std::vector<Term>& DocumentTypes() {
  static const std::vector<Term> k = {{"export_contract", "Export contract"},
                                      {"proof_of_legal_business", "Proof of the importer's legal business"},
                                      {"import_permit", "Import permit"},
                                      {"importer_guarantee", "Importer's guarantee"}};
  return k;
}

const std::vector<Term>& ApplicationStatuses() {
  static const std::vector<Term> k = {{"draft", "Draft"},
                                      {"submitted", "Under review"},
                                      {"information_requested", "Information requested"},
                                      {"verification", "Awaiting the importing country"},
                                      {"approved", "Approved"},
                                      {"refused", "Refused"}};
  return k;
}

const std::vector<Term>& NotificationStatuses() {
  static const std::vector<Term> k = {{"pending", "Awaiting reply"}, {"no_objection", "No objection"},
                                      {"objection", "Objection"}, {"no_reply", "No reply by the deadline"},
                                      {"withdrawn", "Withdrawn by the exporter"}};
  return k;
}

const std::vector<Term>& LicenceStates() {
  static const std::vector<Term> k = {{"valid", "Valid"}, {"expired", "Expired"},
                                      {"exhausted", "Fully used"}, {"revoked", "Revoked"}};
  return k;
}

const std::vector<Term>& Conditions() {
  static const std::vector<Term> k = {{"documents", "Required documents"},
                                      {"identified", "Every item identified"},
                                      {"notification", "Pre-export notification"},
                                      {"objection", "No objection from the importing country"},
                                      {"no_reply", "Reply from the importing country"},
                                      {"importer_history", "Importer's history"},
                                      {"watch_items", "No item on watch"},
                                      {"hs_codes", "HS codes as in the registry"},
                                      {"shipment_date", "Planned shipment date ahead"},
                                      {"validity", "Licence valid until the shipment"}};
  return k;
}

bool Contains(const std::vector<Term>& terms, const std::string& code) {
  return std::any_of(terms.begin(), terms.end(), [&](const Term& t) { return t.code == code; });
}

std::string Alternatives(const std::vector<Term>& terms) {
  std::string out;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i) out += i + 1 == terms.size() ? " or " : ", ";
    out += terms[i].code;
  }
  return out;
}

std::string FormatQuantity(double quantity, const std::string& unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", quantity);
  std::string s = buf;
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + (unit.empty() ? "" : " " + unit);
}

Json ToJson(const std::vector<Term>& terms) {
  Json out = Json::array();
  for (const auto& t : terms) out.push_back({{"code", t.code}, {"label", t.label}});
  return out;
}

}  // namespace pc::licensing
