// A structural legal definition read from data: a class ("fentanyl-related
// substances": a scaffold and the changes the law allows in each region) or
// a family ("4-AP, its amides, its carbamates, its halides": a parent and the
// derivatives its wording covers). One file format serves both, so a new
// class or family is a data file, not code.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <GraphMol/ROMol.h>

#include "rules/substituent_types.h"
#include "rules/verdict.h"

namespace pc::rules {

enum class RegionKind {
  kGroup,      // everything hanging off an anchor atom, compared with the parent
  kRing,       // a ring attached at an anchor atom, with its substituents
  kSites,      // scaffold atoms whose substituents must be of allowed types
  kArylalkyl,  // an N-(ring)alkyl group: a linker of fixed length, then a ring
};

enum class RingRequirement { kNone, kMonocycle, kAromaticMonocycle };

// One change the legal text allows in a region, and the clause that allows it.
struct RegionChange {
  std::string clause;  // "" for the parent's own form (4-piperidone's oxo)
  std::string accept;  // group regions: "any" or "any_but_h"
  RingRequirement ring = RingRequirement::kNone;
  bool any_substituents = false;
  std::vector<const SubstituentType*> substituents;
};

struct Region {
  std::string name;
  std::string label;
  RegionKind kind = RegionKind::kGroup;
  int anchor = 0;              // map number
  std::vector<int> sites;      // map numbers (sites regions)
  std::vector<int> include;    // scaffold map numbers drawn as part of the region
  int linker = 0;              // arylalkyl: atoms between anchor and ring
  bool required = false;       // sites: each site must carry an allowed group
  std::vector<RegionChange> changes;
};

struct StructureDefinition {
  std::string file;
  std::string entry_id;  // the registry entry whose dates and citation apply
  RuleKind rule = RuleKind::kClass;
  std::string title;
  std::string legal_text;
  std::string reading;
  std::string parent_name;
  std::shared_ptr<const RDKit::ROMol> parent;
  std::string scaffold_smarts;
  std::shared_ptr<const RDKit::ROMol> scaffold;
  // What every member contains, when narrower than the scaffold (a
  // required site: 4-piperidone's C4 oxygen); the fast path's anchor.
  // Alternatives: a match needs one of them (4-piperidone: a C4 oxygen
  // without another heavy neighbour, or an acetal).
  std::vector<std::shared_ptr<const RDKit::ROMol>> anchors;
  std::map<int, unsigned> query_atom;  // map number -> scaffold query atom index
  std::map<int, std::string> positions;
  std::map<std::string, std::string> clauses;
  std::vector<Region> regions;
  std::map<std::string, std::string> parent_signature;  // region -> signature

  std::string Position(int map_number) const;
};

// Loads every *.json under each directory. Throws std::runtime_error naming
// the file, the field and the reason.
std::vector<std::shared_ptr<const StructureDefinition>> LoadStructureDefinitions(
    const std::vector<std::filesystem::path>& dirs, const SubstituentTypes& types);

}  // namespace pc::rules
