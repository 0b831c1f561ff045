#include "screen/writer.h"

#include <iomanip>
#include <sstream>
#include <unordered_map>

#include "common/json_text.h"
#include "common/strings.h"

namespace pc::screen {
namespace {

using rules::ScreenResult;

class StreamWriter : public ResultWriter {
 public:
  explicit StreamWriter(std::ostream& out) : out_(out) {}
  void WriteRendered(std::string_view text) override { out_.write(text.data(), std::streamsize(text.size())); }
  void Finish() override { out_.flush(); }
  bool ok() const override { return bool(out_); }

 protected:
  std::ostream& out_;
};

std::string Dump(const nlohmann::ordered_json& j) { return JsonText(j); }

// A string as a JSON value. Printable ASCII other than '"' and '\\' stands
// for itself, so the common identifier or SMILES is only quoted; anything
// else (escapes, UTF-8 to check) is the JSON library's.
std::string DumpString(const std::string& s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return Dump(s);
  std::string out;
  out.reserve(s.size() + 2);
  return out.append(1, '"').append(s).append(1, '"');
}

// A clear result with no structure and no matches: the bulk of a bulk
// screen. Its JSON differs from the next such result's only in the id and
// the input, which lead the object (rules::ToJson).
bool IsPlain(const ScreenResult& r) {
  if (r.status != rules::Status::kOk || !r.components.empty() || !r.removed_fragments.empty() ||
      !r.notes.empty())
    return false;
  for (const auto& [code, jr] : r.jurisdictions)
    if (!jr.matches.empty() || !jr.near_misses.empty() || !jr.announced.empty()) return false;
  return true;
}

class JsonlWriter : public StreamWriter {
 public:
  using StreamWriter::StreamWriter;
  std::string Render(const ScreenResult& r) const override {
    if (!IsPlain(r)) return Dump(rules::ToJson(r)) + '\n';
    // Building and serialising the JSON tree costs more than the fast path
    // that settled the record, so the part after the input is rendered once
    // per thread and kept, keyed by everything it depends on.
    std::string key = r.input_type;
    key.append("|").append(r.verdict ? rules::ToString(*r.verdict) : "").append("|");
    key.append(std::to_string((r.as_of.year() * 100 + r.as_of.month()) * 100 + r.as_of.day()));
    for (const auto& [code, jr] : r.jurisdictions)
      key.append("|").append(code).append("=").append(rules::ToString(jr.verdict));
    thread_local std::unordered_map<std::string, std::string> tails;
    auto it = tails.find(key);
    if (it == tails.end()) {
      ScreenResult blank = r;
      blank.id.clear();
      blank.input.clear();
      constexpr std::string_view kHead = R"({"id":"","input":"",)";
      std::string whole = Dump(rules::ToJson(blank));
      if (whole.compare(0, kHead.size(), kHead) != 0) return Dump(rules::ToJson(r)) + '\n';
      if (tails.size() >= 64) tails.clear();
      it = tails.emplace(std::move(key), whole.substr(kHead.size())).first;
    }
    return R"({"id":)" + DumpString(r.id) + R"(,"input":)" + DumpString(r.input) + ',' + it->second + '\n';
  }
};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

std::string VerdictText(const ScreenResult& r) {
  return r.verdict ? std::string(rules::ToString(*r.verdict)) : std::string(rules::ToString(r.status));
}

class CsvWriter : public StreamWriter {
 public:
  CsvWriter(std::ostream& out, std::vector<std::string> codes) : StreamWriter(out), codes_(std::move(codes)) {
    out_ << "id,input,status,verdict";
    for (const auto& c : codes_) out_ << ',' << c;
    out_ << ",matches,error\n";
  }
  std::string Render(const ScreenResult& r) const override {
    std::ostringstream line;
    line << CsvField(r.id) << ',' << CsvField(r.input) << ',' << rules::ToString(r.status) << ','
         << (r.verdict ? rules::ToString(*r.verdict) : "");
    for (const auto& c : codes_) {
      auto it = r.jurisdictions.find(c);
      line << ',' << (it == r.jurisdictions.end() ? "" : rules::ToString(it->second.verdict));
    }
    line << ',' << CsvField(SummarizeMatches(r)) << ',' << CsvField(r.error) << '\n';
    return line.str();
  }

 private:
  std::vector<std::string> codes_;
};

// Aligned columns that fit `width` characters: the id and the input are cut
// with an ellipsis, the verdict columns are as wide as their longest word.
// Rows stream out as they come, so the widths are fixed up front.
class TableWriter : public StreamWriter {
 public:
  TableWriter(std::ostream& out, std::vector<std::string> codes, std::size_t width)
      : StreamWriter(out), codes_(std::move(codes)) {
    std::size_t fixed = kId + kGap + kVerdict + kGap + codes_.size() * (kVerdict + kGap);
    input_ = width > fixed + kMinInput ? width - fixed : kMinInput;
    out_ << FitColumn("ID", kId) << Gap() << FitColumn("VERDICT", kVerdict) << Gap();
    for (const auto& c : codes_) out_ << FitColumn(c, kVerdict) << Gap();
    out_ << "INPUT\n";
  }
  std::string Render(const ScreenResult& r) const override {
    std::string line = FitColumn(r.id, kId) + Gap() + FitColumn(VerdictText(r), kVerdict) + Gap();
    for (const auto& c : codes_) {
      auto it = r.jurisdictions.find(c);
      line += FitColumn(it == r.jurisdictions.end() ? "-" : std::string(rules::ToString(it->second.verdict)),
                        kVerdict) +
              Gap();
    }
    std::string input = Utf8Characters(r.input) > input_ ? FitColumn(r.input, input_) : r.input;
    line += input + '\n';
    if (!r.error.empty()) line += std::string(kId + kGap, ' ') + r.error + '\n';
    return line;
  }

 private:
  static constexpr std::size_t kId = 16, kVerdict = 10, kGap = 2, kMinInput = 12;
  static std::string Gap() { return std::string(kGap, ' '); }
  std::vector<std::string> codes_;
  std::size_t input_ = 0;
};

}  // namespace

std::string SummarizeMatches(const ScreenResult& r) {
  std::string out;
  for (const auto& [code, jr] : r.jurisdictions)
    for (const auto& m : jr.matches) {
      if (!out.empty()) out += "; ";
      out += code + " " + std::string(rules::ToString(m.rule)) + " " + m.entry->id;
      if (!m.clauses.empty()) {
        out += " (";
        for (size_t i = 0; i < m.clauses.size(); ++i) out += (i ? "," : "") + m.clauses[i];
        out += ")";
      }
    }
  for (const auto& [code, jr] : r.jurisdictions)
    for (const auto& m : jr.announced) {
      if (!out.empty()) out += "; ";
      out += code + " " + m.entry->id + " announced: " +
             (m.since ? "takes effect on " + m.since->ToString() : std::string("not yet dated"));
    }
  return out;
}

std::unique_ptr<ResultWriter> MakeWriter(OutputFormat format, std::ostream& out,
                                         std::vector<std::string> jurisdictions, std::size_t table_width) {
  switch (format) {
    case OutputFormat::kCsv: return std::make_unique<CsvWriter>(out, std::move(jurisdictions));
    case OutputFormat::kTable: return std::make_unique<TableWriter>(out, std::move(jurisdictions), table_width);
    case OutputFormat::kJsonl: break;
  }
  return std::make_unique<JsonlWriter>(out);
}

}  // namespace pc::screen
