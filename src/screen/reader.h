// Streaming record readers: one record at a time, constant memory, whatever
// the input's size. A record that cannot be read becomes an InputRecord with
// read_error set, so that it is reported, never dropped.
#pragma once

#include <istream>
#include <memory>
#include <string>

#include "common/error.h"
#include "screen/record.h"

namespace pc::screen {

enum class InputFormat { kAuto, kLines, kSdf, kCsv };

// A reader that cannot start (a CSV without the named column) says why.
class ReaderError : public Error {
 public:
  explicit ReaderError(const std::string& reason) : Error(ErrorKind::kInvalid, "", reason) {}
};

// Which CSV columns hold the records. An empty `smiles` means the column
// named "smiles" (any case); an empty `id` means the column named "id" if
// there is one, else the line number. For an SD file, `id` names the data
// item ("> <NAME>") whose first line is the id; a record without it keeps
// its title line (or its number).
struct CsvColumns {
  std::string smiles;
  std::string id;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // False at the end of input.
  virtual bool Next(InputRecord& record) = 0;
};

// kLines: one record per line, "<input>" or "<input><TAB><id>"; blank lines
// and lines starting with '#' are not records. kSdf: molfiles separated by
// "$$$$", the id taken from the title line. kAuto looks at the file name
// (.sdf, .sd, .mol) and at the first lines (a V2000/V3000 counts line).
std::unique_ptr<RecordReader> OpenReader(std::istream& in, InputFormat format,
                                         const std::string& file_name = "");

// kCsv: a header line naming the columns, then one record per row; fields
// may be quoted ("a, b" with "" for a quote, also across lines). A file
// named .tsv is split at tabs instead of commas. kAuto reads a .csv/.tsv
// file, or any file when a SMILES column is named, as CSV. The column's
// values are read as line records are (SMILES, or a CAS RN or name).
// Throws ReaderError when the header lacks a named column.
std::unique_ptr<RecordReader> OpenReader(std::istream& in, InputFormat format,
                                         const std::string& file_name, const CsvColumns& csv);

}  // namespace pc::screen
