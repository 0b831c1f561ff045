// Result writers: JSON Lines (the machine format, one verdict object per
// line), CSV (for spreadsheets), and an aligned table for a person.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "rules/verdict.h"

namespace pc::screen {

enum class OutputFormat { kJsonl, kCsv, kTable };

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual void Write(const rules::ScreenResult& result) = 0;
  virtual void Finish() {}
};

// `jurisdictions` fixes the CSV/table columns.
std::unique_ptr<ResultWriter> MakeWriter(OutputFormat format, std::ostream& out,
                                         std::vector<std::string> jurisdictions);

// One line per match: "US listing us-listI-4ap (salts)".
std::string SummarizeMatches(const rules::ScreenResult& result);

}  // namespace pc::screen
