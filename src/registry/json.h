// The registry as JSON, for the API, `registry list --format jsonl` and the
// change feed.
#pragma once

#include <nlohmann/json.hpp>

#include "registry/entry.h"
#include "registry/law.h"

namespace pc::registry {

nlohmann::ordered_json ToJson(const Obligation& obligation);
nlohmann::ordered_json ToJson(const Category& category);
nlohmann::ordered_json ToJson(const Threshold& threshold);
nlohmann::ordered_json ToJson(const MixtureRule& rule);
nlohmann::ordered_json ToJson(const DestinationRule& rule);
nlohmann::ordered_json ToJson(const HsCodes& codes);

}  // namespace pc::registry
