// What every command needs: the registry (from --data, $PRECURSOR_DATA or
// the bundled data), and the query (jurisdictions and as-of date). The CLI
// is the only place that reads the clock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/args.h"
#include "registry/obligations.h"
#include "registry/registry.h"
#include "rules/rule.h"

namespace pc::cli {

std::string DataDir(const Args& args);
std::shared_ptr<const registry::Registry> LoadRegistry(const Args& args);
// --jurisdiction UN,US (default: every jurisdiction in the registry) and
// --as-of YYYY-MM-DD (default: today, UTC).
rules::Query ParseQuery(const Args& args, const registry::Registry& registry);

// --destination, --quantity, --unit, --concentration: the transaction whose
// duties `screen` and `explain` list, or nothing when none is given.
std::optional<registry::Transaction> ParseTransaction(const Args& args, Date as_of);
Date ParseDateOption(const Args& args, const std::string& name, Date fallback);

}  // namespace pc::cli
