#include "screen/reader.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <vector>

#include "common/strings.h"

namespace pc::screen {
namespace {

// A record larger than this is refused (and skipped) rather than buffered.
constexpr size_t kMaxRecordBytes = 4 << 20;

// std::getline buffers a whole line, however long: a file of one 10 GB line
// would take 10 GB. This keeps at most `max` + 1 bytes of a line (so the
// caller sees it is too long) and skips the rest unbuffered.
bool GetBoundedLine(std::istream& in, std::string& line, size_t max) {
  line.clear();
  bool any = false;
  char chunk[16384];
  for (;;) {
    in.get(chunk, sizeof chunk, '\n');
    // A damaged or stopped stream (InputStream) ends in badbit: the line
    // it cut short is dropped, never screened as a shorter one.
    if (in.bad()) return false;
    auto n = static_cast<size_t>(in.gcount());
    if (n > 0) {
      any = true;
      if (line.size() <= max) line.append(chunk, std::min(n, max + 1 - line.size()));
    }
    if (in.eof()) return any;
    if (in.fail()) in.clear();  // nothing read: the next character is the newline
    int next = in.peek();
    if (in.bad()) return false;
    if (next == '\n') {
      in.ignore();
      return true;
    }
    if (next == std::char_traits<char>::eof()) return any;
  }
}

class LineSource {
 public:
  explicit LineSource(std::istream& in) : in_(in) {}
  bool Get(std::string& line) {
    if (!pending_.empty()) {
      line = std::move(pending_.front());
      pending_.pop_front();
      return true;
    }
    if (!GetBoundedLine(in_, line, kMaxRecordBytes)) return false;
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }
  void Unget(std::string line) { pending_.push_front(std::move(line)); }
  size_t line_number() const { return line_number_ - pending_.size(); }

 private:
  std::istream& in_;
  std::deque<std::string> pending_;
  size_t line_number_ = 0;
};

bool HasNul(const std::string& s) { return s.find('\0') != std::string::npos; }

class LineReader : public RecordReader {
 public:
  explicit LineReader(std::unique_ptr<LineSource> src) : src_(std::move(src)) {}
  bool Next(InputRecord& r) override {
    std::string line;
    while (src_->Get(line)) {
      if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
      r = InputRecord{};
      r.id = std::to_string(src_->line_number());
      if (HasNul(line)) {
        r.read_error = "line " + r.id + ": binary data (NUL byte), not text";
        return true;
      }
      if (line.size() > kMaxRecordBytes) {
        r.read_error = "line " + r.id + ": longer than " + std::to_string(kMaxRecordBytes) + " bytes";
        return true;
      }
      auto tab = line.find('\t');
      if (tab == std::string::npos) {
        r.text = line;
      } else {
        r.text = line.substr(0, tab);
        std::string id = line.substr(tab + 1);
        auto next_tab = id.find('\t');
        if (next_tab != std::string::npos) id = id.substr(0, next_tab);
        if (!id.empty()) r.id = id;
      }
      return true;
    }
    return false;
  }

 private:
  std::unique_ptr<LineSource> src_;
};

// An SD file's records: a molfile, then data items ("> <NAME>" and the
// value's lines) up to "$$$$". The id is the data item `id_field` names
// (its first line), else the molfile's title line, else the record's number.
class SdfReader : public RecordReader {
 public:
  SdfReader(std::unique_ptr<LineSource> src, std::string id_field)
      : src_(std::move(src)), id_field_(std::move(id_field)) {}
  bool Next(InputRecord& r) override {
    std::string line, block;
    bool any = false, ended = false, oversize = false, complete = false;
    size_t first_line = 0;
    std::optional<std::string> field_id;
    bool in_id_field = false;
    while (src_->Get(line)) {
      if (!any) {
        first_line = src_->line_number();
        any = true;
      }
      if (line == "$$$$") {
        ended = true;
        break;
      }
      if (complete) {  // data items after M  END are not screened; the id may be one
        if (in_id_field && !field_id) field_id = Trim(line);
        in_id_field = !id_field_.empty() && IsDataHeader(line, id_field_);
        continue;
      }
      if (oversize) continue;
      if (block.size() + line.size() + 1 > kMaxRecordBytes) {
        oversize = true;
        continue;
      }
      block += line;
      block += '\n';
      if (line.rfind("M  END", 0) == 0) complete = true;
    }
    if (!any) return false;
    // Blank lines after the last record are not a record.
    if (!ended && block.find_first_not_of(" \t\n") == std::string::npos) return false;
    ++count_;
    r = InputRecord{};
    r.hint = InputHint::kMolBlock;
    std::string title = block.substr(0, block.find('\n'));
    while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) title.pop_back();
    r.id = field_id && !field_id->empty() ? *field_id : title.empty() ? std::to_string(count_) : title;
    r.text = std::move(block);
    std::string where =
        "SDF record " + std::to_string(count_) + " (line " + std::to_string(first_line) + ")";
    if (oversize)
      r.read_error = where + ": larger than " + std::to_string(kMaxRecordBytes) + " bytes";
    else if (HasNul(r.text))
      r.read_error = where + ": binary data (NUL byte), not text";
    else if (!complete)
      r.read_error = where + ": truncated molfile (no 'M  END' line)";
    return true;
  }

 private:
  // A data header names its item in angle brackets: "> <ID>", ">  <ID>  (1)".
  static bool IsDataHeader(const std::string& line, const std::string& name) {
    return !line.empty() && line[0] == '>' && line.find("<" + name + ">") != std::string::npos;
  }

  std::unique_ptr<LineSource> src_;
  std::string id_field_;
  size_t count_ = 0;
};


// Splits one CSV record into fields (RFC 4180 quoting: "a, b", "" inside
// quotes). A quoted field may run over several lines; `more` supplies them.
// False when a quote is never closed.
template <typename More>
bool SplitCsv(std::string line, char delimiter, More more, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0;; ++i) {
    if (i == line.size()) {
      if (!quoted) break;
      std::string next;
      if (!more(next)) return false;
      line += '\n';
      line += next;
      if (line.size() > kMaxRecordBytes) return false;
    }
    char c = line[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == delimiter) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return true;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class CsvReader : public RecordReader {
 public:
  CsvReader(std::unique_ptr<LineSource> src, char delimiter, const CsvColumns& columns)
      : src_(std::move(src)), delimiter_(delimiter) {
    std::string line;
    while (src_->Get(line) && line.find_first_not_of(" \t") == std::string::npos) {
    }
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a UTF-8 byte order mark
    std::vector<std::string> header;
    if (!SplitCsv(line, delimiter_, [&](std::string& l) { return src_->Get(l); }, header))
      throw ReaderError("CSV header line has an unclosed quote");
    auto find = [&](const std::string& name) -> long {
      for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return long(i);
      for (size_t i = 0; i < header.size(); ++i)
        if (Lower(header[i]) == Lower(name)) return long(i);
      return -1;
    };
    std::string names;
    for (const auto& h : header) names += (names.empty() ? "" : ", ") + h;
    smiles_ = find(columns.smiles.empty() ? "smiles" : columns.smiles);
    if (smiles_ < 0)
      throw ReaderError("CSV header has no column '" +
                        (columns.smiles.empty() ? std::string("smiles") : columns.smiles) +
                        "' (columns: " + names + "); name it with --smiles-column");
    id_ = find(columns.id.empty() ? "id" : columns.id);
    if (id_ < 0 && !columns.id.empty())
      throw ReaderError("CSV header has no column '" + columns.id + "' (columns: " + names + ")");
  }

  bool Next(InputRecord& r) override {
    std::string line;
    while (src_->Get(line)) {
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      r = InputRecord{};
      r.id = std::to_string(src_->line_number());
      std::string where = "line " + r.id;
      if (HasNul(line)) {
        r.read_error = where + ": binary data (NUL byte), not text";
        return true;
      }
      if (!SplitCsv(line, delimiter_, [&](std::string& l) { return src_->Get(l); }, fields_)) {
        r.read_error = where + ": a quoted field is never closed";
        return true;
      }
      if (size_t(smiles_) >= fields_.size()) {
        r.read_error = where + ": " + std::to_string(fields_.size()) +
                       " fields, no value in the SMILES column (field " +
                       std::to_string(smiles_ + 1) + ")";
        return true;
      }
      r.text = fields_[size_t(smiles_)];
      if (id_ >= 0 && size_t(id_) < fields_.size() && !fields_[size_t(id_)].empty())
        r.id = fields_[size_t(id_)];
      return true;
    }
    return false;
  }

 private:
  std::unique_ptr<LineSource> src_;
  char delimiter_;
  long smiles_ = -1, id_ = -1;
  std::vector<std::string> fields_;
};

}  // namespace

std::unique_ptr<RecordReader> OpenReader(std::istream& in, InputFormat format,
                                         const std::string& file_name) {
  return OpenReader(in, format, file_name, CsvColumns{});
}

std::unique_ptr<RecordReader> OpenReader(std::istream& in, InputFormat format,
                                         const std::string& file_name, const CsvColumns& csv) {
  auto src = std::make_unique<LineSource>(in);
  bool tsv = EndsWith(file_name, ".tsv");
  if (format == InputFormat::kAuto && (EndsWith(file_name, ".csv") || tsv || !csv.smiles.empty()))
    format = InputFormat::kCsv;
  if (format == InputFormat::kCsv)
    return std::make_unique<CsvReader>(std::move(src), tsv ? '\t' : ',', csv);
  if (format == InputFormat::kAuto) {
    format = InputFormat::kLines;
    if (EndsWith(file_name, ".sdf") || EndsWith(file_name, ".sd") || EndsWith(file_name, ".mol")) {
      format = InputFormat::kSdf;
    } else {
      // A molfile's fourth line is its counts line.
      std::vector<std::string> head;
      std::string line;
      while (head.size() < 4 && src->Get(line)) head.push_back(line);
      if (head.size() == 4 && (head[3].find("V2000") != std::string::npos ||
                               head[3].find("V3000") != std::string::npos))
        format = InputFormat::kSdf;
      for (auto it = head.rbegin(); it != head.rend(); ++it) src->Unget(*it);
    }
  }
  if (format == InputFormat::kSdf) return std::make_unique<SdfReader>(std::move(src), csv.id);
  return std::make_unique<LineReader>(std::move(src));
}

}  // namespace pc::screen
