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
#include "screen/name_resolver.h"
#include "text/mention_finder.h"

namespace pc::cli {

std::string DataDir(const Args& args);
std::shared_ptr<const registry::Registry> LoadRegistry(const Args& args);
// What reads names the registry does not list: the vocabulary of everyday
// names (DATA/vocabulary/names.json) and OPSIN, started on the first name
// that needs it. $PRECURSOR_JAVA and $PRECURSOR_OPSIN_JAR name the helper's
// java and jar (default: java on PATH, Debian's /usr/share/java/opsin-cli.jar).
std::shared_ptr<const screen::NameResolver> MakeNameParser(const std::string& data_dir,
                                                           std::shared_ptr<const registry::Registry> registry);

// What `scan` looks for: the registry's names and synonyms, the name
// vocabulary's terms, and the flag phrases of DATA/vocabulary/scan-flags.json.
std::unique_ptr<text::MentionFinder> MakeMentionFinder(const std::string& data_dir, const registry::Registry& registry);

// --jurisdiction UN,US (default: every jurisdiction in the registry) and
// --as-of YYYY-MM-DD (default: today, UTC).
rules::Query ParseQuery(const Args& args, const registry::Registry& registry);

// --destination, --quantity, --unit, --concentration: the transaction whose
// duties `screen` and `explain` list, or nothing when none is given.
std::optional<registry::Transaction> ParseTransaction(const Args& args, Date as_of);
Date ParseDateOption(const Args& args, const std::string& name, Date fallback);

}  // namespace pc::cli
