// Shared fixtures: the bundled registry and a screener over it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chem/molecule.h"
#include "registry/registry.h"
#include "screen/input_stream.h"
#include "screen/reader.h"
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

// Every record of a file the screen command reads (SMILES lines, CSV...).
inline std::vector<screen::InputRecord> ReadRecords(const std::string& path,
                                                    screen::CsvColumns columns = {}) {
  std::string error;
  auto input = screen::InputStream::Open(path, error);
  EXPECT_TRUE(input) << error;
  if (!input) return {};
  auto reader = screen::OpenReader(input->stream(), screen::InputFormat::kAuto,
                                   input->content_name(), columns);
  std::vector<screen::InputRecord> records;
  screen::InputRecord r;
  while (reader->Next(r)) records.push_back(r);
  return records;
}

// depth: the conversion search depth (negative: default; 0: legal status only).
inline rules::ScreenResult Screen(const std::string& input, const std::string& as_of,
                                  std::vector<std::string> jurisdictions = {}, int depth = -1) {
  screen::InputRecord record;
  record.id = "t";
  record.text = input;
  rules::Query query{std::move(jurisdictions), *Date::ParseDay(as_of), depth};
  return BundledScreener().Screen(record, query);
}

inline rules::Verdict VerdictIn(const rules::ScreenResult& r, const std::string& code) {
  return r.jurisdictions.at(code).verdict;
}

// True when `entry_id` controls the input in `code` (watch and similarity
// context matches name an entry too, but do not count).
inline bool MatchedBy(const rules::ScreenResult& r, const std::string& code, const std::string& entry_id) {
  auto it = r.jurisdictions.find(code);
  if (it == r.jurisdictions.end()) return false;
  for (const auto& m : it->second.matches)
    if (m.entry->id == entry_id && m.verdict == rules::Verdict::kControlled) return true;
  return false;
}

}  // namespace pc::testing
