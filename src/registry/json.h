// The registry as JSON, for the API, `registry list --format jsonl` and the
// change feed.
#pragma once

#include <nlohmann/json.hpp>

#include "registry/entry.h"
#include "registry/law.h"
#include "registry/registry.h"

namespace pc::registry {

nlohmann::ordered_json ToJson(const Obligation& obligation);
nlohmann::ordered_json ToJson(const Category& category);
nlohmann::ordered_json ToJson(const Threshold& threshold);
nlohmann::ordered_json ToJson(const MixtureRule& rule);
nlohmann::ordered_json ToJson(const DestinationRule& rule);
nlohmann::ordered_json ToJson(const HsCodes& codes);
// One change of the feed (`registry changes`, GET /api/v1/registry/changes):
// its date as precise as the source gives it, its kind, the clause or
// history event it concerns, and the entry.
nlohmann::ordered_json ToJson(const Change& change);

}  // namespace pc::registry
