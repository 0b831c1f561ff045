// The screening engine's front door: one input record in, one verdict object
// out. Identifies the input (SMILES, molfile, CAS RN or name), standardises
// it, and runs every rule for the requested jurisdictions as of a date.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "chem/molecule.h"
#include "registry/obligations.h"
#include "registry/registry.h"
#include "rules/rule.h"
#include "rules/rule_set.h"
#include "rules/verdict.h"
#include "screen/name_resolver.h"
#include "screen/record.h"

namespace pc::screen {

class FastPath;

struct ScreenOptions {
  // Report the standardised structure (`structure` in the output) of clear
  // records too. Bulk screening leaves it out: computing it for every
  // ordinary molecule is most of the cost, and the fast path skips it.
  bool structure_when_clear = true;
  // Settle records no rule can match without the full pipeline (see
  // fast_path.h). It never changes a result; it only applies when clear
  // records carry no structure, since it does not compute one.
  bool fast_path = false;
  // "Do I need a licence?": when set, each jurisdiction's result lists the
  // duties its listings impose on this transaction (rules/obligations.h).
  std::optional<registry::Transaction> transaction;
};

class Screener {
 public:
  // Applies `rules` (rules/rule_set.h) for `registry`'s listings; inputs
  // beyond `limits` are errors with the reason.
  Screener(std::shared_ptr<const registry::Registry> registry, std::shared_ptr<const rules::RuleSet> rules,
           chem::ParseLimits limits = {});
  // With the rules defined beside the registry's data files (RuleSet::Load
  // on its data folder). Throws registry::RegistryError if one is invalid.
  explicit Screener(std::shared_ptr<const registry::Registry> registry);
  ~Screener();

  // Thread-safe: each thread uses its own standardisation state.
  rules::ScreenResult Screen(const InputRecord& record, const rules::Query& query) const;
  // As above with options; `settled_fast`, if given, tells whether the fast
  // path settled the record.
  rules::ScreenResult Screen(const InputRecord& record, const rules::Query& query,
                             const ScreenOptions& options, bool* settled_fast = nullptr) const;

  // Names the registry does not list go to `names` (everyday names, OPSIN);
  // without one such a name is unresolved. Set at composition, before the
  // screener is shared between threads.
  void set_name_resolver(std::shared_ptr<const NameResolver> names) { names_ = std::move(names); }
  const NameResolver* name_resolver() const { return names_.get(); }

  const registry::Registry& registry() const { return *registry_; }
  const std::vector<std::unique_ptr<rules::Rule>>& rules() const { return rules_->rules(); }
  // Built from the rules' anchors on first use.
  const FastPath& fast_path() const;

 private:
  rules::ScreenResult Identify(const InputRecord& record, const rules::Query& query, const ScreenOptions& options,
                               bool* settled_fast) const;
  std::string ReadName(const std::string& text, rules::ScreenResult& r, chem::ParsedMolecule& parsed) const;

  std::shared_ptr<const registry::Registry> registry_;
  std::shared_ptr<const rules::RuleSet> rules_;
  std::shared_ptr<const NameResolver> names_;
  chem::ParseLimits limits_;
  mutable std::once_flag fast_path_once_;
  mutable std::unique_ptr<FastPath> fast_path_;
};

}  // namespace pc::screen
