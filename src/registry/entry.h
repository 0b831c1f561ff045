// One registry entry: a substance, class or regime as one jurisdiction's list
// names it, with every date, clause and citation the law attaches to it.
// Entries are read from data/registry/*.json (see README, "Registry files").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "registry/law.h"

namespace pc::registry {

enum class EntryKind { kSubstance, kClass, kRegime };

// What a substance is, which decides how it can be identified. An organic
// compound is screened by structure. An inorganic one has a structure too,
// but the standardiser reads it as ions and carbon-free fragments, so it is
// matched on those (never stripped as a salt or solvent). Oils, extracts and
// preparations have no structure of their own: a name or CAS RN finds them,
// and a structure only through the listed constituent they contain.
enum class Material { kOrganic, kInorganic, kNatural, kPreparation };

std::string_view ToString(EntryKind kind);
std::string_view ToString(Material material);

// A date as precise as its source ("2022-03" stays a month).
struct LegalDate {
  Date date;
  DatePrecision precision = DatePrecision::kDay;
  std::string ToString() const { return date.ToString(precision); }
};

// What a listing's start date rests on, weakest last. When the effective date
// is not known, a legal lower bound stands in (a CND decision takes effect no
// earlier than 180 days after it), else the publication or adoption date, and
// output says so.
enum class DateBasis { kEffectiveDate, kNotBefore, kNoticeDate, kUnknown };
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

// Another CAS RN of the same listed substance: a salt, a hydrate, a
// stereoisomer or a racemate (40064-34-4 is 4-piperidone hydrochloride
// monohydrate). A CAS RN finds the entry; screening uses its parent.
struct Identity {
  std::string cas;
  std::string form;  // "hydrochloride monohydrate", "racemate" ...
  std::string cas_source;
  Verification verification = Verification::kVerified;
};

// The listed substance an oil, extract or preparation is controlled for
// (sassafras oil: safrole). Its structure is what a name lookup screens.
struct Constituent {
  std::string name;
  std::string smiles;
  std::string source;
};

// A regime that takes over another jurisdiction's list: EU Member States
// control the 1961 Convention's drugs under their own law, so a substance in
// those schedules is controlled in "EU" although no EU act lists it.
struct Adoption {
  std::string jurisdiction;             // whose list, "UN"
  std::vector<std::string> categories;  // its category ids
};

struct Entry {
  std::string id;
  std::string file;  // the data file it came from, for error messages
  EntryKind kind = EntryKind::kSubstance;
  std::string role;  // substances: "precursor" (a chemical list) or "drug" (a schedule)
  // Precursors: "structural" (its skeleton becomes the drug's), "reagent" or
  // "solvent" (a small fragment or none: an acid, an oxidant, an acylating
  // agent, a solvent), controlled by use and volume, which no structure-based
  // early warning can flag.
  std::string precursor_type;
  // Drugs and structural precursors: the drug family ("fentanyl",
  // "amphetamine-type", "lysergide" ...) the backtest reports them under,
  // whether or not the early-warning search reaches them.
  std::string drug_family;
  Material material = Material::kOrganic;
  std::string jurisdiction;
  std::string name;
  std::string legal_name;  // as the legal text writes it, in its language
  std::vector<std::string> synonyms;
  std::optional<std::string> cas;
  std::string cas_source;
  std::vector<Identity> identities;
  std::string smiles;  // as written in the data file (natural, preparation: the constituent's)
  std::string structure_source;
  std::string formula;
  std::optional<Constituent> constituent;
  std::string list;
  std::string category_id;  // one of its file's categories
  std::string category;     // that category's name, as output shows it
  bool pending = false;     // announced or under way, not yet listed
  std::optional<LegalDate> adoption_date;     // decision, vote, signature
  std::optional<LegalDate> publication_date;  // official journal, Federal Register, announcement
  std::optional<LegalDate> effective_date;    // entry into force
  std::optional<LegalDate> effective_not_before;  // a legal lower bound when the above is unknown
  std::optional<LegalDate> notice_date;  // the first of publication, adoption (older output field)
  std::optional<LegalDate> end_date;     // first day on which it no longer applies
  std::string scope_text;
  std::vector<ScopeClause> scope;
  std::string citation;
  std::vector<std::string> sources;
  Verification verification = Verification::kVerified;
  std::string verification_note;
  std::vector<std::string> unverified;  // names of facts not verified
  std::string notes;
  HsCodes hs;
  std::string hs_code;  // hs.subheading, for code that reads one six-digit code
  std::optional<Threshold> threshold;   // empty: not known
  std::optional<MixtureRule> mixture;   // empty: not known
  std::vector<DestinationRule> destination_rules;  // regimes: who needs what, where to
  std::optional<Adoption> adopts;       // regimes: a list taken over from another jurisdiction
  std::string definition;  // class entries: the class-definition file
  std::vector<HistoryEvent> history;

  // Derived when the registry loads (standardised like any input). An
  // inorganic substance the standardiser splits into ions has no single
  // skeleton: its ions' keys, sorted, are `ion_keys`.
  std::string skeleton_key;
  std::string stereo_key;
  bool has_stereo = false;
  std::vector<std::string> ion_keys;

  // Screened by structure: an organic or inorganic substance (oils,
  // extracts and preparations only by name and CAS RN).
  bool HasOwnStructure() const {
    return kind == EntryKind::kSubstance &&
           (material == Material::kOrganic || material == Material::kInorganic);
  }
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
  bool IsReagentOrSolvent() const { return precursor_type == "reagent" || precursor_type == "solvent"; }
};

}  // namespace pc::registry

#include <nlohmann/json.hpp>

namespace pc::registry {
// The entry as the API and `registry list --format jsonl` show it.
nlohmann::ordered_json ToJson(const Entry& entry);
}  // namespace pc::registry
