// One registry entry: a substance, class or regime as one jurisdiction's list
// names it, with every date, clause and citation the law attaches to it.
// Entries are read from data/registry/*.json (see README, "Registry files").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"

namespace pc::registry {

enum class EntryKind { kSubstance, kClass, kRegime };
enum class Verification { kVerified, kPartial, kUnverified };

std::string_view ToString(EntryKind kind);
std::string_view ToString(Verification verification);

// A date as precise as its source ("2022-03" stays a month).
struct LegalDate {
  Date date;
  DatePrecision precision = DatePrecision::kDay;
  std::string ToString() const { return date.ToString(precision); }
};

// What a listing's start date rests on, weakest last. When the effective date
// was not verified the decision/notice date stands in, and output says so.
enum class DateBasis { kEffectiveDate, kNoticeDate, kUnknown };
std::string_view ToString(DateBasis basis);

// A clause of the legal wording that widens a listing: "its salts",
// "isomers", "its amides", "its halides" ... Each may start later than the
// listing itself (4-AP halides: 2023-11-30).
struct ScopeClause {
  std::string clause;
  std::optional<LegalDate> effective;  // empty: from the entry's own start
  Verification verification = Verification::kVerified;
  std::string wording;
  std::string citation;
};

// A dated event in an entry's legal history that changes nothing in what it
// covers: an extension, a renaming, a temporary order made permanent.
struct HistoryEvent {
  LegalDate date;
  std::string event;
  std::string citation;
  Verification verification = Verification::kVerified;
};

struct Entry {
  std::string id;
  std::string file;  // the data file it came from, for error messages
  EntryKind kind = EntryKind::kSubstance;
  std::string role;  // substances: "precursor" (a chemical list) or "drug" (a schedule)
  std::string jurisdiction;
  std::string name;
  std::vector<std::string> synonyms;
  std::optional<std::string> cas;
  std::string cas_source;
  std::string smiles;   // as written in the data file
  std::string list;
  std::string category;
  bool pending = false;  // announced or under way, not yet listed
  std::optional<LegalDate> notice_date;
  std::optional<LegalDate> effective_date;
  std::optional<LegalDate> end_date;  // first day on which it no longer applies
  std::string scope_text;
  std::vector<ScopeClause> scope;
  std::string citation;
  std::vector<std::string> sources;
  Verification verification = Verification::kVerified;
  std::string verification_note;
  std::vector<std::string> unverified;  // names of facts not verified
  std::string notes;
  std::string hs_code;
  std::string definition;  // class entries: the class-definition file
  std::vector<HistoryEvent> history;

  // Derived when the registry loads (standardised like any input).
  std::string skeleton_key;
  std::string stereo_key;
  bool has_stereo = false;

  DateBasis date_basis() const;
  // First day of control; empty when no date is known (then the entry is
  // treated as in force at every date, and output flags the unknown start).
  std::optional<LegalDate> in_force_from() const;
  bool InForce(Date as_of) const;
  // The day a clause starts to apply: its own date, else the entry's.
  std::optional<LegalDate> ClauseStart(const ScopeClause& clause) const;
  bool ClauseInForce(const ScopeClause& clause, Date as_of) const;
  const ScopeClause* FindClause(std::string_view clause) const;
  bool IsUnverified(std::string_view fact) const;
};

}  // namespace pc::registry

#include <nlohmann/json.hpp>

namespace pc::registry {
// The entry as the API and `registry list --format jsonl` show it.
nlohmann::ordered_json ToJson(const Entry& entry);
}  // namespace pc::registry
