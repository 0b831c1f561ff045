#include "registry/registry.h"

#include <algorithm>
#include <set>

#include "chem/standardize.h"
#include "common/strings.h"
#include "registry/registry_file.h"

namespace pc::registry {

std::string StructureIdentity(const Entry& e) {
  if (!e.skeleton_key.empty()) return e.skeleton_key;
  if (!e.ion_keys.empty()) return "ions:" + Join(e.ion_keys, ".");
  if (e.constituent) return "constituent:" + e.constituent->smiles;
  return "";
}

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

  StandardForms forms;
  for (const auto& f : files) {
    RegistryFile file = LoadRegistryFile(f, forms);
    ListFile list{file.file, file.jurisdiction, file.list, *file.reviewed, {}, {}};
    for (auto& e : file.entries) {
      list.entries.push_back(registry->entries_.size());
      registry->entries_.push_back(std::move(e));
    }
    for (auto& c : file.categories) registry->categories_.push_back(std::move(c));
    if (file.territory) {
      auto [it, added] = registry->territories_.emplace(file.jurisdiction, *file.territory);
      if (!added && it->second.members != file.territory->members)
        throw RegistryError(file.file + ": territory: differs from the " + file.jurisdiction +
                            " territory another file gives");
    }
    registry->files_.push_back(std::move(list));
  }
  registry->Index();
  registry->CheckReferences();
  return registry;
}

void Registry::Index() {
  std::set<std::string> codes;
  for (const auto& e : entries_) codes.insert(e.jurisdiction);
  jurisdictions_.assign(codes.begin(), codes.end());
  for (size_t i = 0; i < categories_.size(); ++i)
    if (!category_by_id_.emplace(categories_[i].id, i).second)
      throw RegistryError(categories_[i].file + ": categories: '" + categories_[i].id +
                          "' is already defined in " + categories_[category_by_id_[categories_[i].id]].file);
  // Names must identify one structure: a name index that could resolve the
  // same words to two different substances would be a silent error.
  std::map<std::string, std::string> name_structure, name_owner;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (!by_id_.emplace(e.id, i).second)
      throw RegistryError(e.file + ": entry '" + e.id + "': id: duplicate of an entry in " +
                          entries_[by_id_[e.id]].file);
    if (e.adopts) adoptions_.push_back(&e);
    if (e.kind != EntryKind::kSubstance) continue;
    if (e.cas) by_cas_.emplace(*e.cas, i);
    for (const auto& id : e.identities) by_cas_.emplace(id.cas, i);
    if (!e.skeleton_key.empty()) by_skeleton_.emplace(e.skeleton_key, i);
    if (!e.ion_keys.empty()) {
      by_ions_.emplace(Join(e.ion_keys, "."), i);
      ion_entries_.push_back(&e);
    }
    std::string structure = StructureIdentity(e) + "|" + e.stereo_key;
    std::set<std::string> keys;
    std::vector<std::string> names = e.synonyms;
    names.push_back(e.name);
    if (!e.legal_name.empty()) names.push_back(e.legal_name);
    for (const auto& n : names) {
      // A name ending in a salt word ("acetyl acetate") would be screened
      // as a salt of a shorter name, which a listing without a salts
      // clause does not cover: a false clear.
      auto normal = names_.Normalize(n);
      if (!normal.salt_words.empty())
        throw RegistryError(e.file + ": entry '" + e.id + "': synonyms: name '" + n + "' ends in the salt word '" +
                            normal.salt_words.back() + "', so it would be screened as a salt");
      keys.insert(normal.key);
    }
    for (const auto& key : keys) {
      auto [it, fresh] = name_structure.emplace(key, structure);
      if (!fresh && it->second != structure)
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
    if (StructureIdentity(e) != StructureIdentity(first))
      throw RegistryError(e.file + ": entry '" + e.id + "': cas: " + it->first +
                          " already names a different structure in entry '" + first.id + "'");
  }
  // Each list's dated changes, for what a verdict consulted.
  for (auto& f : files_) {
    for (size_t i : f.entries) {
      const Entry& e = entries_[i];
      if (e.pending) continue;
      if (auto start = e.in_force_from()) f.changes.push_back(*start);
      for (const auto& c : e.scope)
        if (c.effective) f.changes.push_back(*c.effective);
      if (e.end_date) f.changes.push_back(*e.end_date);
    }
    std::sort(f.changes.begin(), f.changes.end(),
              [](const LegalDate& a, const LegalDate& b) { return a.date < b.date; });
  }
}

// References between entries, checked once every file is read: a regime's
// destination rules name registry entries, an adoption names categories of
// the jurisdiction it takes over.
void Registry::CheckReferences() const {
  for (const auto& e : entries_) {
    std::string where = e.file + ": entry '" + e.id + "': ";
    for (const auto& rule : e.destination_rules)
      for (const auto& id : rule.chemicals)
        if (!Find(id) && !FindCategory(id))
          throw RegistryError(where + "destination_rules.chemicals: no entry or category '" + id + "'");
    if (!e.adopts) continue;
    if (e.adopts->jurisdiction == e.jurisdiction)
      throw RegistryError(where + "adopts.jurisdiction: a jurisdiction cannot adopt its own lists");
    for (const auto& id : e.adopts->categories) {
      const Category* c = FindCategory(id);
      if (!c || c->jurisdiction != e.adopts->jurisdiction)
        throw RegistryError(where + "adopts.categories: '" + id + "' is not a category of " +
                            e.adopts->jurisdiction);
    }
  }
}

const Entry* Registry::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

const Category* Registry::FindCategory(const std::string& id) const {
  auto it = category_by_id_.find(id);
  return it == category_by_id_.end() ? nullptr : &categories_[it->second];
}

const Category& Registry::CategoryOf(const Entry& entry) const {
  // The loader accepts only entries whose category their file defines.
  return *FindCategory(entry.category_id);
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

std::string_view ToString(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kListed: return "listed";
    case ChangeKind::kClause: return "clause";
    case ChangeKind::kEnded: return "ended";
    case ChangeKind::kHistory: return "history";
    case ChangeKind::kAnnounced: return "announced";
  }
  return "listed";
}

std::vector<Change> Registry::Changes(Date from, Date to) const {
  std::vector<Change> out;
  auto add = [&](const std::optional<LegalDate>& d, ChangeKind kind, const Entry& e,
                 const ScopeClause* clause) {
    if (d && from < d->date && d->date <= to) out.push_back({d->date, d->precision, kind, &e, clause});
  };
  for (const auto& e : entries_) {
    if (e.pending) continue;
    add(e.in_force_from(), ChangeKind::kListed, e, nullptr);
    for (const auto& c : e.scope)
      if (c.effective) add(c.effective, ChangeKind::kClause, e, &c);
    add(e.end_date, ChangeKind::kEnded, e, nullptr);
    for (const auto& h : e.history)
      if (from < h.date.date && h.date.date <= to)
        out.push_back({h.date.date, h.date.precision, ChangeKind::kHistory, &e, nullptr, &h});
  }
  std::stable_sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
    if (a.date != b.date) return a.date < b.date;
    return a.entry->id < b.entry->id;
  });
  return out;
}

std::vector<Change> Registry::Feed(Date from, Date to) const {
  auto out = Changes(from, to);
  for (const auto* e : Pending()) out.push_back({std::nullopt, DatePrecision::kDay, ChangeKind::kAnnounced, e});
  return out;
}

std::vector<ListConsulted> Registry::Consulted(const std::string& jurisdiction, Date as_of) const {
  std::vector<ListConsulted> out;
  for (const auto& f : files_) {
    if (f.jurisdiction != jurisdiction) continue;
    ListConsulted c;
    c.list = f.list;
    c.file = f.file;
    c.reviewed = f.reviewed;
    auto after = std::upper_bound(f.changes.begin(), f.changes.end(), as_of,
                                  [](Date d, const LegalDate& l) { return d < l.date; });
    if (after != f.changes.begin()) c.last_change = *std::prev(after);
    out.push_back(std::move(c));
  }
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
std::vector<const Entry*> Registry::ByIons(const std::string& key) const {
  return Lookup(by_ions_, key, entries_);
}

const Territory* Registry::TerritoryOf(const std::string& jurisdiction) const {
  auto it = territories_.find(jurisdiction);
  return it == territories_.end() ? nullptr : &it->second;
}

}  // namespace pc::registry
