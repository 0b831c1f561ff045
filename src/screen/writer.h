// Result writers: JSON Lines (the machine format, one verdict object per
// line), CSV (for spreadsheets), and an aligned table for a person.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "rules/verdict.h"

namespace pc::screen {

enum class OutputFormat { kJsonl, kCsv, kTable };

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // The text for one result. Const and thread-safe, so that the parallel
  // pipeline's workers format results and the writer thread only copies.
  virtual std::string Render(const rules::ScreenResult& result) const = 0;
  // Writes text made by Render (or Write's own rendering) to the output.
  virtual void WriteRendered(std::string_view text) = 0;
  void Write(const rules::ScreenResult& result) { WriteRendered(Render(result)); }
  virtual void Finish() {}
  // False once the output could not be written (a full disk, a closed pipe).
  virtual bool ok() const { return true; }
};

// `jurisdictions` fixes the CSV/table columns; a table fits `table_width`
// characters (the terminal's, as the command line finds it).
std::unique_ptr<ResultWriter> MakeWriter(OutputFormat format, std::ostream& out,
                                         std::vector<std::string> jurisdictions, std::size_t table_width = 100);

// One line per match: "US listing us-listI-4ap (salts)".
std::string SummarizeMatches(const rules::ScreenResult& result);

}  // namespace pc::screen
