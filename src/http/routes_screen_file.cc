// POST /api/v1/screen/file: a file of inputs, read by the same reader as
// `precursor screen` (screen/reader.h over screen/input_stream.h): SMILES
// lines, CSV with a header and a named column, SDF or molfiles, plain, gzip
// or zstd. The file is the request body (its name in ?filename=), or the
// part named "file" of a multipart form; the options come as query
// parameters or form fields:
//
//   filename       the file's name; its extension (.csv, .tsv, .sdf, .gz,
//                  .zst) chooses the format as it does for the CLI
//   input_format   auto (default), lines, sdf or csv
//   smiles_column  the CSV column of the inputs (default "smiles")
//   id_column      the CSV column (or SDF data field) naming each record
//   jurisdictions  repeatable, or comma-separated (default: all)
//   as_of          YYYY-MM-DD (default: today)
//
// The answer is {file, summary, results}: one verdict object per record, in
// file order, as `precursor screen --format jsonl` writes them; a record that
// cannot be read is a result with status "error" and the reason naming its
// line, never dropped. The whole file is screened or none of it: a file
// that is damaged (a truncated gzip stream), binary, or over the limits
// (http/limits.h) is one error response.
#include <httplib.h>

#include <map>
#include <set>

#include "common/json_text.h"
#include "http/query_reader.h"
#include "http/server.h"
#include "screen/input_stream.h"
#include "screen/reader.h"

namespace pc::http {

using namespace pc::licensing;

namespace {

// The options of a request, from its query and its form fields together,
// each name checked: a misspelt "smiles_colum" must not be ignored.
class FileOptions {
 public:
  explicit FileOptions(const httplib::Request& req) {
    for (const auto& [k, v] : req.params) values_[k].push_back(v);
    if (req.is_multipart_form_data())
      for (const auto& [k, part] : req.files)
        if (k != "file") values_[k].push_back(part.content);
    std::vector<Problem> problems;
    for (const auto& [k, v] : values_) {
      if (!kKnown.count(k)) problems.push_back({k, "unknown parameter (known: filename, input_format, "
                                                   "smiles_column, id_column, jurisdictions, as_of)"});
      else if (k != "jurisdictions" && v.size() > 1) problems.push_back({k, "given more than once"});
      else if (v.front().size() > 200) problems.push_back({k, "longer than 200 characters"});
    }
    if (problems.size() == 1) throw Invalid(problems[0].field, problems[0].reason);
    if (!problems.empty()) throw Invalid(problems[0].field, problems[0].reason).WithProblems(problems);
  }

  std::string Get(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? "" : it->second.front();
  }
  // The screening query as the JSON routes read it (http/query_reader.h).
  Json QueryJson() const {
    Json j = Json::object();
    if (auto it = values_.find("jurisdictions"); it != values_.end()) {
      j["jurisdictions"] = Json::array();
      for (const auto& v : it->second)
        for (size_t start = 0; start <= v.size();) {
          size_t comma = v.find(',', start);
          if (comma == std::string::npos) comma = v.size();
          if (comma > start) j["jurisdictions"].push_back(v.substr(start, comma - start));
          start = comma + 1;
        }
    }
    if (auto as_of = Get("as_of"); !as_of.empty()) j["as_of"] = as_of;
    return j;
  }

 private:
  static inline const std::set<std::string> kKnown = {"filename",  "input_format", "smiles_column",
                                                       "id_column", "jurisdictions", "as_of"};
  std::map<std::string, std::vector<std::string>> values_;
};

screen::InputFormat ReadFormat(const std::string& name) {
  if (name.empty() || name == "auto") return screen::InputFormat::kAuto;
  if (name == "lines") return screen::InputFormat::kLines;
  if (name == "sdf") return screen::InputFormat::kSdf;
  if (name == "csv") return screen::InputFormat::kCsv;
  throw Invalid("input_format", "must be auto, lines, sdf or csv");
}

// The reader's words for a CSV header without the column, with the API's
// name for the option instead of the command line's.
Error ColumnError(const screen::ReaderError& e, const screen::CsvColumns& columns) {
  std::string reason = e.what();
  const std::string cli = "; name it with --smiles-column";
  if (auto at = reason.find(cli); at != std::string::npos) reason.replace(at, cli.size(), "; choose it with smiles_column");
  bool id = !columns.id.empty() && reason.find("'" + columns.id + "'") != std::string::npos &&
            reason.find("'" + (columns.smiles.empty() ? std::string("smiles") : columns.smiles) + "'") == std::string::npos;
  return Invalid(reason.find("header has no column") == std::string::npos ? "file" : id ? "id_column" : "smiles_column",
                 reason);
}

}  // namespace

void Api::RegisterScreenFile(httplib::Server& s) {
  Route(s, "POST", "/api/v1/screen/file", {}, [this](Context& c) {
    FileOptions options(c.req);
    const auto& registry = service_.screener().registry();
    Json query_json = options.QueryJson();
    ObjectReader query_reader(query_json, "");
    rules::Query query = ReadQuery(query_reader, registry, DayOf(c.now));
    auto format = ReadFormat(options.Get("input_format"));
    screen::CsvColumns columns{options.Get("smiles_column"), options.Get("id_column")};

    std::string bytes, name = options.Get("filename");
    if (c.req.is_multipart_form_data()) {
      if (!c.req.has_file("file")) throw Invalid("file", "is required (the form part named file)");
      const auto& part = c.req.get_file_value("file");
      bytes = part.content;
      if (name.empty()) name = part.filename;
    } else {
      bytes = c.req.body;
    }
    if (name.find_first_of("/\\") != std::string::npos) name = name.substr(name.find_last_of("/\\") + 1);
    if (bytes.empty()) throw Invalid("file", "the file is empty");
    const std::string shown = name.empty() ? "the file" : name;

    std::string error;
    auto input = screen::InputStream::FromBytes(std::move(bytes), name, error);
    if (!input) throw Invalid("file", error);
    if (auto binary = input->BinaryProblem(); !binary.empty())
      throw Error(ErrorKind::kUnsupportedType, "file", shown + ": " + binary);
    input->set_max_text_bytes(options_.limits.screen_file_text_bytes);
    std::unique_ptr<screen::RecordReader> reader;
    try {
      reader = screen::OpenReader(input->stream(), format, input->content_name(), columns);
    } catch (const screen::ReaderError& e) {
      throw ColumnError(e, columns);
    }

    screen_budget_.Check(c.actor.user.id);  // an overdrawn user does not wait in the gate
    auto slot = cpu_gate_.Enter();
    const std::size_t max_records = options_.limits.screen_file_records;
    std::map<std::string, std::size_t> counts;  // by verdict, or by status when not screened
    std::string results;
    std::size_t records = 0;
    screen::InputRecord record;
    while (reader->Next(record)) {
      if (++records > max_records)
        throw Error(ErrorKind::kTooLarge, "file",
                    shown + " has more than " + std::to_string(max_records) +
                        " records; split it, or screen it with `precursor screen`");
      std::string verdict = ScreenCharged(c, record, query);
      Json parsed = Json::parse(verdict);
      std::string status = parsed.value("status", "");
      ++counts[status == "ok" ? parsed.value("verdict", "clear") : status];
      if (records > 1) results += ',';
      results += verdict;
    }
    if (std::string damage = input->error(); !damage.empty())
      throw Error(damage.rfind("more than ", 0) == 0 ? ErrorKind::kTooLarge : ErrorKind::kInvalid, "file",
                  shown + ": " + damage + "; nothing was screened (the file ends after record " +
                      std::to_string(records) + ")");
    if (records == 0) throw Invalid("file", shown + " holds no records");

    Json summary = {{"records", records}};
    for (const char* k : {"controlled", "watch", "clear", "unresolved", "error"}) summary[k] = counts[k];
    Json file = {{"name", name.empty() ? Json() : Json(name)},
                 {"compression", std::string(screen::ToString(input->compression()))},
                 {"bytes", input->bytes_read()}};
    // {"file", "summary", "results"} with the verdicts' own texts spliced in,
    // as dump() would write them.
    std::string out = R"({"file":)" + JsonText(file) + R"(,"summary":)" + JsonText(summary) + R"(,"results":[)" +
                      results + "]}";
    c.res.set_content(out, "application/json");
  });
}

}  // namespace pc::http
