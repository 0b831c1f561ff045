// Streaming record readers: one record at a time, constant memory, whatever
// the input's size. A record that cannot be read becomes an InputRecord with
// read_error set, so that it is reported, never dropped.
#pragma once

#include <istream>
#include <memory>
#include <string>

#include "screen/record.h"

namespace pc::screen {

enum class InputFormat { kAuto, kLines, kSdf };

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

}  // namespace pc::screen
