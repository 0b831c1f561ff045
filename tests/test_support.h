// Shared fixtures: the bundled registry and a screener over it.
#pragma once

#include <memory>

#include "chem/molecule.h"
#include "registry/registry.h"
#include "screen/screener.h"

namespace pc::testing {

inline std::shared_ptr<const registry::Registry> BundledRegistry() {
  static auto registry = registry::Registry::Load(PC_DATA_DIR);
  return registry;
}

inline const screen::Screener& BundledScreener() {
  static screen::Screener screener(BundledRegistry());
  return screener;
}

inline rules::ScreenResult Screen(const std::string& input, const std::string& as_of,
                                  std::vector<std::string> jurisdictions = {}) {
  screen::InputRecord record;
  record.id = "t";
  record.text = input;
  rules::Query query{std::move(jurisdictions), *Date::ParseDay(as_of)};
  return BundledScreener().Screen(record, query);
}

inline rules::Verdict VerdictIn(const rules::ScreenResult& r, const std::string& code) {
  return r.jurisdictions.at(code).verdict;
}

inline bool MatchedBy(const rules::ScreenResult& r, const std::string& code, const std::string& entry_id) {
  auto it = r.jurisdictions.find(code);
  if (it == r.jurisdictions.end()) return false;
  for (const auto& m : it->second.matches)
    if (m.entry->id == entry_id) return true;
  return false;
}

}  // namespace pc::testing
