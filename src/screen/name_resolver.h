// Reading a chemical name the registry does not list. The screener asks the
// registry's synonyms first; a name it does not know goes to a resolver
// injected at composition (src/names: everyday-name vocabulary, then OPSIN),
// so the engine does not depend on a Java helper process.
#pragma once

#include <string>
#include <vector>

namespace pc::screen {

struct NameReading {
  // The structure read from the name (SMILES), or empty when none was.
  std::string smiles;
  // Which resolver read it ("vocabulary", "opsin"); the verdict's
  // structure.source.
  std::string source;
  // Why no structure was read: the name is not one the resolver can read,
  // or the resolver could not run (helper missing, crashed, timed out).
  std::string reason;
  // The resolver could not run: the name was not tried, so a caller must not
  // treat it as "not a chemical name".
  bool unavailable = false;

  bool ok() const { return !smiles.empty(); }
};

class NameResolver {
 public:
  virtual ~NameResolver() = default;
  // One reading per name, in order. Thread-safe. Never throws for a name it
  // cannot read: the reading says why.
  virtual std::vector<NameReading> Resolve(const std::vector<std::string>& names) const = 0;
  // A reading from fixed lists only, running no parser: for text that may
  // be a mistyped SMILES as much as an abbreviation ("Boc-4-AP"), which
  // must not start a helper process. Not ok() when the lists lack it.
  virtual NameReading ResolveKnown(const std::string& name) const { return {}; }
};

}  // namespace pc::screen
