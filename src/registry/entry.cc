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

std::string_view ToString(Material material) {
  switch (material) {
    case Material::kOrganic: return "organic";
    case Material::kInorganic: return "inorganic";
    case Material::kNatural: return "natural";
    case Material::kPreparation: return "preparation";
  }
  return "?";
}

std::string_view ToString(DateBasis basis) {
  switch (basis) {
    case DateBasis::kEffectiveDate: return "effective_date";
    case DateBasis::kNotBefore: return "effective_not_before";
    case DateBasis::kNoticeDate: return "notice_date";
    case DateBasis::kUnknown: return "unknown";
  }
  return "?";
}

DateBasis Entry::date_basis() const {
  if (effective_date) return DateBasis::kEffectiveDate;
  if (effective_not_before) return DateBasis::kNotBefore;
  if (notice_date) return DateBasis::kNoticeDate;
  return DateBasis::kUnknown;
}

std::optional<LegalDate> Entry::in_force_from() const {
  if (effective_date) return effective_date;
  if (effective_not_before) return effective_not_before;
  return notice_date;
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
