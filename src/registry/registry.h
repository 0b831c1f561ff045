// The registry: every listing of every jurisdiction, loaded from reviewable
// data files, validated, and answerable as of any date.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "chem/names.h"
#include "common/date.h"
#include "registry/entry.h"

namespace pc::registry {

// A data file that does not validate. The message names the file, the entry
// and the reason: "us-list-i.json: entry 'us-listI-4ap': cas: ...".
class RegistryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One dated event in the registry's history: what an officer's feed shows.
struct Change {
  Date date;
  DatePrecision precision = DatePrecision::kDay;
  std::string event;  // "listed", "clause", "ended", "history"
  const Entry* entry = nullptr;
  const ScopeClause* clause = nullptr;  // for "clause" events
  const HistoryEvent* history = nullptr;  // for "history" events
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

  // Entries binding on `as_of` (pending entries never are).
  std::vector<const Entry*> InForce(Date as_of) const;
  // Events with from < date <= to, in date order.
  std::vector<Change> Changes(Date from, Date to) const;
  std::vector<const Entry*> Pending() const;

  // Identity lookups; each returns every entry (all jurisdictions) naming it.
  std::vector<const Entry*> ByCas(const std::string& cas) const;
  std::vector<const Entry*> ByName(const std::string& normalized_name) const;
  std::vector<const Entry*> BySkeleton(const std::string& skeleton_key) const;

  const chem::NameNormalizer& names() const { return names_; }
  // The data directory it was loaded from; class and family definitions
  // live beside the registry files there.
  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  Registry() = default;
  void Index();

  std::filesystem::path data_dir_;
  std::vector<Entry> entries_;
  chem::NameNormalizer names_;
  std::multimap<std::string, size_t> by_cas_, by_name_, by_skeleton_;
  std::map<std::string, size_t> by_id_;
  std::vector<std::string> jurisdictions_;
};

}  // namespace pc::registry
