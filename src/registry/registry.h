// The registry: every listing of every jurisdiction, loaded from reviewable
// data files, validated, and answerable as of any date.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chem/names.h"
#include "common/date.h"
#include "common/error.h"
#include "registry/entry.h"
#include "registry/law.h"
#include "registry/obligations.h"

namespace pc::registry {

// A data file that does not validate. The message names the file, the entry
// and the reason: "us-list-i.json: entry 'us-listI-4ap': cas: ...".
class RegistryError : public Error {
 public:
  explicit RegistryError(const std::string& reason)
      : Error(ErrorKind::kInvalid, "", "registry data invalid: " + reason) {}
};

// What a change does: an entry comes into force, one of its clauses takes
// effect, it stops being in force, or an event of its history (an
// announcement, a decision) is recorded; or, with no date yet, a listing is
// announced and not in force.
enum class ChangeKind { kListed, kClause, kEnded, kHistory, kAnnounced };
std::string_view ToString(ChangeKind kind);  // "listed", "clause", "ended", "history", "announced"

// One event in the registry's history: what an officer's feed shows. Only
// an announced listing (kAnnounced) has no date.
struct Change {
  std::optional<Date> date;
  DatePrecision precision = DatePrecision::kDay;
  ChangeKind kind = ChangeKind::kListed;
  const Entry* entry = nullptr;
  const ScopeClause* clause = nullptr;  // for "clause" events
  const HistoryEvent* history = nullptr;  // for "history" events
};

// A list a verdict was checked against, as of a date: which list, the last
// change to it on or before that date, and when the data file was last
// compared with its sources. What a `clear` verdict states it consulted.
struct ListConsulted {
  std::string list;
  std::string file;
  std::optional<LegalDate> last_change;  // empty: no dated change on or before the date
  LegalDate reviewed;
};

class Registry {
 public:
  // Loads data_dir/registry/*.json and data_dir/vocabulary/salt-words.txt.
  // Throws RegistryError on the first invalid file or entry.
  static std::shared_ptr<const Registry> Load(const std::filesystem::path& data_dir);

  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* Find(const std::string& id) const;
  // The jurisdictions with entries, sorted; built once at load (every
  // screened record reads it).
  const std::vector<std::string>& jurisdictions() const { return jurisdictions_; }

  const std::vector<Category>& categories() const { return categories_; }
  const Category* FindCategory(const std::string& id) const;
  const Category& CategoryOf(const Entry& entry) const;

  // Entries binding on `as_of` (pending entries never are).
  std::vector<const Entry*> InForce(Date as_of) const;
  // Events with from < date <= to, in date order.
  std::vector<Change> Changes(Date from, Date to) const;
  // What an officer's feed shows for (from, to]: Changes, then every listing
  // announced with no date yet (kAnnounced), which belongs to no period and
  // so closes every feed: a change coming soon is never missing from it.
  std::vector<Change> Feed(Date from, Date to) const;
  std::vector<const Entry*> Pending() const;
  // The lists of `jurisdiction` as they stood on `as_of`.
  std::vector<ListConsulted> Consulted(const std::string& jurisdiction, Date as_of) const;

  // The duties `entry` imposes on a transaction: its category's obligations
  // (those of a threshold decided by quantity and concentration, those of a
  // mixture by its rule) and the destination rules of its jurisdiction's
  // regimes. Empty when the entry is not in force on t.as_of. An answer the
  // facts cannot settle is Duty::kUnknown with the reason.
  std::vector<ObligationAnswer> ObligationsFor(const Entry& entry, const Transaction& t) const;
  // The countries within which `jurisdiction`'s goods move without being
  // exported (the EU's Member States), or null.
  const Territory* TerritoryOf(const std::string& jurisdiction) const;

  // Identity lookups; each returns every entry (all jurisdictions) naming it.
  // ByCas also finds an entry by the CAS RN of a salt or hydrate it lists.
  std::vector<const Entry*> ByCas(const std::string& cas) const;
  std::vector<const Entry*> ByName(const std::string& normalized_name) const;
  // Substances screened by structure: organic ones and inorganic ones read
  // as one component, by skeleton; inorganic ones read as ions, by the
  // sorted ion keys joined with '.' (Entry::ion_keys).
  std::vector<const Entry*> BySkeleton(const std::string& skeleton_key) const;
  std::vector<const Entry*> ByIons(const std::string& joined_ion_keys) const;
  // Every entry read as ions, for the listing rule (few: permanganates).
  const std::vector<const Entry*>& IonEntries() const { return ion_entries_; }
  // Regimes that take over another jurisdiction's categories (Entry::adopts).
  const std::vector<const Entry*>& Adoptions() const { return adoptions_; }

  const chem::NameNormalizer& names() const { return names_; }
  // The data directory it was loaded from; class and family definitions
  // live beside the registry files there.
  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  Registry() = default;
  void Index();
  void CheckReferences() const;

  struct ListFile {
    std::string file, jurisdiction, list;
    LegalDate reviewed;
    std::vector<size_t> entries;
    std::vector<LegalDate> changes;  // start, clause and end dates, sorted
  };

  std::filesystem::path data_dir_;
  std::vector<Entry> entries_;
  std::vector<Category> categories_;
  std::vector<ListFile> files_;
  chem::NameNormalizer names_;
  std::multimap<std::string, size_t> by_cas_, by_name_, by_skeleton_, by_ions_;
  std::map<std::string, size_t> by_id_, category_by_id_;
  std::vector<std::string> jurisdictions_;
  std::vector<const Entry*> ion_entries_, adoptions_;
  std::map<std::string, Territory> territories_;  // by jurisdiction
};

// The structure an entry stands for, as one string: what "one CAS RN, one
// structure" compares.
std::string StructureIdentity(const Entry& entry);

}  // namespace pc::registry
