// A rule turns a standardised structure into matches. Each rule kind
// (listing, family, class, conversion, similarity) is one implementation;
// the screener runs them in order and merges their matches.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chem/standardize.h"
#include "common/date.h"
#include "rules/verdict.h"

namespace pc::rules {

struct Query {
  std::vector<std::string> jurisdictions;  // codes to evaluate, e.g. {"US","CN"}
  Date as_of;
  // Steps of the conversion search for "watch"; negative: the library's
  // default (data/conversions), 0: no early warning, legal status only.
  int conversion_depth = -1;
  // Only controlled matches are read (the conversion search asking whether a
  // product is a target): a rule may leave out near misses and context.
  bool controlled_only = false;
  bool Wants(const std::string& code) const;
};

using Results = std::map<std::string, JurisdictionResult>;

// A salt needs a listing's "salts" clause. Water of crystallisation and
// carbonyl hydrates are the substance itself and need no clause.
bool IsSaltForm(const chem::StandardForm& form);
bool IsHydrateForm(const chem::StandardForm& form);

// True when `mol` contains one of `patterns` (a rule's anchors, say).
using Patterns = std::vector<std::shared_ptr<const RDKit::ROMol>>;
bool ContainsAnyOf(const RDKit::ROMol& mol, const Patterns& patterns);

class Rule {
 public:
  virtual ~Rule() = default;
  virtual void Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const = 0;

  // Structures of which every molecule this rule can match contains at
  // least one (RDKit molecules or query molecules). The screener's fast path
  // derives its cheap necessary conditions from the anchors of all rules, so
  // a rule must never match a molecule that contains none of its anchors.
  virtual std::vector<std::shared_ptr<const RDKit::ROMol>> Anchors() const = 0;

  // True when the rule matches only molecules equal to one of its anchors
  // (a listing's whole structure), not every molecule that contains one.
  virtual bool AnchorsAreWholeMolecules() const { return false; }
};

}  // namespace pc::rules
