#include "registry/entry.h"

#include <algorithm>

namespace pc::registry {

std::string_view ToString(EntryKind kind) {
  switch (kind) {
    case EntryKind::kSubstance: return "substance";
    case EntryKind::kClass: return "class";
    case EntryKind::kRegime: return "regime";
  }
  return "?";
}

std::string_view ToString(Verification verification) {
  switch (verification) {
    case Verification::kVerified: return "verified";
    case Verification::kPartial: return "partial";
    case Verification::kUnverified: return "unverified";
  }
  return "?";
}

std::string_view ToString(DateBasis basis) {
  switch (basis) {
    case DateBasis::kEffectiveDate: return "effective_date";
    case DateBasis::kNoticeDate: return "notice_date";
    case DateBasis::kUnknown: return "unknown";
  }
  return "?";
}

DateBasis Entry::date_basis() const {
  if (effective_date) return DateBasis::kEffectiveDate;
  if (notice_date) return DateBasis::kNoticeDate;
  return DateBasis::kUnknown;
}

std::optional<LegalDate> Entry::in_force_from() const {
  return effective_date ? effective_date : notice_date;
}

bool Entry::InForce(Date as_of) const {
  if (pending) return false;
  auto start = in_force_from();
  if (start && as_of < start->date) return false;
  if (end_date && as_of >= end_date->date) return false;
  return true;
}

std::optional<LegalDate> Entry::ClauseStart(const ScopeClause& clause) const {
  return clause.effective ? clause.effective : in_force_from();
}

bool Entry::ClauseInForce(const ScopeClause& clause, Date as_of) const {
  if (!InForce(as_of)) return false;
  return !clause.effective || clause.effective->date <= as_of;
}

const ScopeClause* Entry::FindClause(std::string_view name) const {
  for (const auto& c : scope)
    if (c.clause == name) return &c;
  return nullptr;
}

bool Entry::IsUnverified(std::string_view fact) const {
  return std::find(unverified.begin(), unverified.end(), fact) != unverified.end();
}

}  // namespace pc::registry

namespace pc::registry {

nlohmann::ordered_json ToJson(const Entry& e) {
  using nlohmann::ordered_json;
  auto date = [](const std::optional<LegalDate>& d) {
    return d ? ordered_json(d->ToString()) : ordered_json();
  };
  ordered_json j;
  j["id"] = e.id;
  j["kind"] = ToString(e.kind);
  if (!e.role.empty()) j["role"] = e.role;
  j["jurisdiction"] = e.jurisdiction;
  j["name"] = e.name;
  j["synonyms"] = e.synonyms;
  j["cas"] = e.cas ? ordered_json(*e.cas) : ordered_json();
  if (e.kind == EntryKind::kSubstance) j["smiles"] = e.smiles;
  j["list"] = e.list;
  j["category"] = e.category;
  j["status"] = e.pending ? "pending" : "listed";
  j["notice_date"] = date(e.notice_date);
  j["effective_date"] = date(e.effective_date);
  j["end_date"] = date(e.end_date);
  j["in_force_from"] = date(e.in_force_from());
  j["date_basis"] = ToString(e.date_basis());
  ordered_json scope = ordered_json::array();
  for (const auto& c : e.scope) {
    ordered_json cj;
    cj["clause"] = c.clause;
    cj["effective_date"] = date(e.ClauseStart(c));
    cj["verification"] = ToString(c.verification);
    scope.push_back(cj);
  }
  j["scope"] = scope;
  if (!e.scope_text.empty()) j["scope_text"] = e.scope_text;
  j["citation"] = e.citation;
  j["source"] = e.sources;
  j["verification"] = ToString(e.verification);
  j["unverified"] = e.unverified;
  if (!e.history.empty()) {
    ordered_json history = ordered_json::array();
    for (const auto& h : e.history)
      history.push_back({{"date", h.date.ToString()}, {"event", h.event}, {"citation", h.citation},
                         {"verification", ToString(h.verification)}});
    j["history"] = history;
  }
  if (!e.notes.empty()) j["notes"] = e.notes;
  if (!e.hs_code.empty()) j["hs_code"] = e.hs_code;
  return j;
}

}  // namespace pc::registry
