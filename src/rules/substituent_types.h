// The chemical vocabulary behind legal substituent words: "alkyl", "ester",
// "its amides". Loaded from data/rules/substituent-types.json; each type is
// a SMARTS anchored at the substituted atom (see that file's description).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <GraphMol/ROMol.h>

namespace pc::rules {

struct SubstituentType {
  std::string name;
  std::string label;
  std::shared_ptr<const RDKit::ROMol> pattern;  // first atom: the site
  std::shared_ptr<const RDKit::ROMol> rest;     // one atom; null: nothing else
  std::shared_ptr<const RDKit::ROMol> require;  // must match inside; may be null
};

// Substructure matches of each type in one molecule, computed once, when
// first asked for (an analysis asks about a few of the types only). Not
// thread-safe: one per analysis.
class SubstituentMatcher {
 public:
  explicit SubstituentMatcher(const RDKit::ROMol& mol) : mol_(mol) {}

  // True when `component` (atoms of one substituent, bonded to `site`
  // through `attachment`) is of `type`. `forbidden` atoms (the scaffold) may
  // not be part of the match.
  bool IsOfType(const SubstituentType& type, unsigned site, unsigned attachment,
                const std::set<unsigned>& component, const std::set<unsigned>& forbidden) const;

 private:
  struct Matches {
    std::vector<std::vector<unsigned>> pattern, required;
    std::set<unsigned> rest;
  };
  const Matches& Of(const SubstituentType& type) const;

  const RDKit::ROMol& mol_;
  mutable std::map<const SubstituentType*, Matches> matches_;
};

class SubstituentTypes {
 public:
  // Throws std::runtime_error naming the file, type and reason.
  static SubstituentTypes Load(const std::filesystem::path& file);
  const SubstituentType* Find(const std::string& name) const;
  std::vector<const SubstituentType*> All() const;

 private:
  std::vector<std::unique_ptr<SubstituentType>> types_;
};

}  // namespace pc::rules
