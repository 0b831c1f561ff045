// Named listings: the input's parent structure is a listed substance, or a
// salt, hydrate, stereoisomer or labelled form of one that the listing's
// legal wording covers. Also, from the same data:
//   - an inorganic listed substance the standardiser reads as ions (potassium
//     permanganate): matched on those ions;
//   - a surveillance list's entries give `watch`, not `controlled`;
//   - a regime that takes over another jurisdiction's categories (EU Member
//     States' national control of the 1961 Convention's drugs) gives the
//     taking jurisdiction a match through the listing it takes over.
#pragma once

#include <memory>

#include "registry/registry.h"
#include "rules/rule.h"

namespace pc::rules {

class ListingRule : public Rule {
 public:
  explicit ListingRule(std::shared_ptr<const registry::Registry> registry);
  void Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const override;
  // The listed skeletons, and for a substance read as ions the ion with the
  // heaviest element (every input it matches holds that ion): a listing
  // matches a component or fragment with the same key only.
  std::vector<std::shared_ptr<const RDKit::ROMol>> Anchors() const override;
  bool AnchorsAreWholeMolecules() const override { return true; }

 private:
  // What a listing of `entry` implies: watch on a surveillance list,
  // controlled on any other.
  Verdict VerdictOf(const registry::Entry& entry) const;
  // The match of `entry` for component `ci`, if its clauses cover the form.
  std::optional<Match> Listed(const registry::Entry& entry, const chem::StandardForm& form, size_t ci,
                              const Query& query) const;
  // The announcement of `entry` on the query's day: a pending entry, or one
  // that takes effect later. Not a verdict: what the exporter should expect.
  std::optional<Match> Announced(const registry::Entry& entry, const Query& query) const;
  // Files `m` under its own jurisdiction and under every regime that takes
  // the listing over.
  void Add(Match m, const Query& query, Results& out) const;
  void EvaluateInorganic(const chem::StandardForm& form, const Query& query, Results& out) const;

  std::shared_ptr<const registry::Registry> registry_;
  std::vector<std::shared_ptr<const RDKit::ROMol>> anchors_;
};

}  // namespace pc::rules
