#include "registry/registry.h"

#include <algorithm>
#include <set>

#include "chem/standardize.h"

namespace pc::registry {

// Defined in loader.cc.
std::vector<Entry> LoadRegistryFile(const std::filesystem::path& path,
                                    const chem::Standardizer& standardizer);

std::shared_ptr<const Registry> Registry::Load(const std::filesystem::path& data_dir) {
  auto registry = std::shared_ptr<Registry>(new Registry());
  registry->data_dir_ = data_dir;
  auto words = data_dir / "vocabulary" / "salt-words.txt";
  try {
    registry->names_ = chem::NameNormalizer::FromFile(words.string());
  } catch (const std::exception& e) {
    throw RegistryError(e.what());
  }
  auto dir = data_dir / "registry";
  if (!std::filesystem::is_directory(dir))
    throw RegistryError(dir.string() + ": registry directory not found");
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(dir))
    if (f.path().extension() == ".json") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw RegistryError(dir.string() + ": no registry files (*.json)");

  chem::Standardizer standardizer;
  for (const auto& f : files)
    for (auto& e : LoadRegistryFile(f, standardizer)) registry->entries_.push_back(std::move(e));
  registry->Index();
  return registry;
}

void Registry::Index() {
  std::set<std::string> codes;
  for (const auto& e : entries_) codes.insert(e.jurisdiction);
  jurisdictions_.assign(codes.begin(), codes.end());
  // Names must identify one structure: a name index that could resolve the
  // same words to two different substances would be a silent error.
  std::map<std::string, std::string> name_structure, name_owner;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (!by_id_.emplace(e.id, i).second)
      throw RegistryError(e.file + ": entry '" + e.id + "': id: duplicate of an entry in " +
                          entries_[by_id_[e.id]].file);
    if (e.kind != EntryKind::kSubstance) continue;
    if (e.cas) by_cas_.emplace(*e.cas, i);
    by_skeleton_.emplace(e.skeleton_key, i);
    std::set<std::string> keys;
    keys.insert(names_.Normalize(e.name).key);
    for (const auto& s : e.synonyms) keys.insert(names_.Normalize(s).key);
    for (const auto& key : keys) {
      auto [it, fresh] = name_structure.emplace(key, e.stereo_key);
      if (!fresh && it->second != e.stereo_key)
        throw RegistryError(e.file + ": entry '" + e.id + "': synonyms: name '" + key +
                            "' already names a different structure in entry '" +
                            name_owner[key] + "'");
      name_owner.emplace(key, e.id);
      by_name_.emplace(key, i);
    }
  }
  // One CAS RN, one structure.
  for (auto it = by_cas_.begin(); it != by_cas_.end(); ++it) {
    const Entry& first = entries_[by_cas_.lower_bound(it->first)->second];
    const Entry& e = entries_[it->second];
    if (e.skeleton_key != first.skeleton_key)
      throw RegistryError(e.file + ": entry '" + e.id + "': cas: " + it->first +
                          " already names a different structure in entry '" + first.id + "'");
  }
}

const Entry* Registry::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

std::vector<const Entry*> Registry::InForce(Date as_of) const {
  std::vector<const Entry*> out;
  for (const auto& e : entries_)
    if (e.InForce(as_of)) out.push_back(&e);
  return out;
}

std::vector<const Entry*> Registry::Pending() const {
  std::vector<const Entry*> out;
  for (const auto& e : entries_)
    if (e.pending) out.push_back(&e);
  return out;
}

std::vector<Change> Registry::Changes(Date from, Date to) const {
  std::vector<Change> out;
  auto add = [&](const std::optional<LegalDate>& d, const char* event, const Entry& e,
                 const ScopeClause* clause) {
    if (d && from < d->date && d->date <= to) out.push_back({d->date, d->precision, event, &e, clause});
  };
  for (const auto& e : entries_) {
    if (e.pending) continue;
    add(e.in_force_from(), "listed", e, nullptr);
    for (const auto& c : e.scope)
      if (c.effective) add(c.effective, "clause", e, &c);
    add(e.end_date, "ended", e, nullptr);
    for (const auto& h : e.history)
      if (from < h.date.date && h.date.date <= to)
        out.push_back({h.date.date, h.date.precision, "history", &e, nullptr, &h});
  }
  std::stable_sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
    if (a.date != b.date) return a.date < b.date;
    return a.entry->id < b.entry->id;
  });
  return out;
}

namespace {
std::vector<const Entry*> Lookup(const std::multimap<std::string, size_t>& index,
                                 const std::string& key, const std::vector<Entry>& entries) {
  std::vector<const Entry*> out;
  auto [lo, hi] = index.equal_range(key);
  for (auto it = lo; it != hi; ++it) out.push_back(&entries[it->second]);
  return out;
}
}  // namespace

std::vector<const Entry*> Registry::ByCas(const std::string& cas) const {
  return Lookup(by_cas_, cas, entries_);
}
std::vector<const Entry*> Registry::ByName(const std::string& key) const {
  return Lookup(by_name_, key, entries_);
}
std::vector<const Entry*> Registry::BySkeleton(const std::string& key) const {
  return Lookup(by_skeleton_, key, entries_);
}

}  // namespace pc::registry
