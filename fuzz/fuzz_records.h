// What the record fuzzers share: the bundled registry's screener, and a
// function that reads the fuzzer's bytes as one input file of a format and
// screens every record, as `precursor screen` does. A crash, a leak, an
// undefined operation or a record that is neither screened nor reported is
// a finding; a verdict of any kind is not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include "chem/molecule.h"
#include "registry/registry.h"
#include "screen/reader.h"
#include "screen/screener.h"

namespace pc::fuzz {

inline const screen::Screener& FuzzScreener() {
  static const screen::Screener* screener = [] {
    chem::SilenceRDKitLogs();
    return new screen::Screener(registry::Registry::Load(PC_DATA_DIR));
  }();
  return *screener;
}

// Screens every record the reader finds (at most 32: the fuzzer looks for
// reading faults, not for throughput). Aborts when a record comes back with
// no verdict and no reason.
inline void ScreenRecords(const uint8_t* data, size_t size, screen::InputFormat format,
                          const std::string& file_name, const screen::CsvColumns& columns = {}) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::unique_ptr<screen::RecordReader> reader;
  try {
    reader = screen::OpenReader(in, format, file_name, columns);
  } catch (const screen::ReaderError&) {
    return;  // a CSV without the named column: refused with a reason
  }
  rules::Query query{{}, *Date::ParseDay("2026-01-01"), -1};
  screen::InputRecord record;
  for (int n = 0; n < 32 && reader->Next(record); ++n) {
    auto result = FuzzScreener().Screen(record, query);
    if (!result.verdict && result.error.empty()) std::abort();
  }
}

}  // namespace pc::fuzz
