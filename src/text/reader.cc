#include "text/reader.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "screen/reader.h"

namespace pc::text {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  std::string tail = s.substr(s.size() - suffix.size());
  for (auto& c : tail) c = char(std::tolower(static_cast<unsigned char>(c)));
  return tail == suffix;
}

void ReadJsonLines(const std::string& name, std::istream& in, const DocumentLimits& limits,
                   const std::function<void(Document&)>& each) {
  std::string line;
  size_t number = 0;
  while (true) {
    // Bounded: a line longer than a document may be is read to its end but
    // not kept (the stream buffer directly: a listing file is mostly text).
    bool too_long = false;
    line.clear();
    std::streambuf* sb = in.rdbuf();
    int c = EOF;
    while ((c = sb->sbumpc()) != EOF && c != '\n') {
      if (line.size() <= limits.max_bytes + 64) line.push_back(char(c));
      else too_long = true;
    }
    if (c == EOF && line.empty() && !too_long) break;
    ++number;
    if (!too_long && line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Document doc;
    doc.id = name + ":" + std::to_string(number);
    if (too_long) {
      doc.error = "line " + std::to_string(number) + " is longer than " + std::to_string(limits.max_bytes) + " bytes";
      each(doc);
      continue;
    }
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      doc.error = "line " + std::to_string(number) + " is not JSON (" + e.what() + ")";
      each(doc);
      continue;
    }
    if (j.is_object() && j.contains("id") && (j["id"].is_string() || j["id"].is_number()))
      doc.id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
      doc.error = "line " + std::to_string(number) + ": expected an object with a string \"text\"";
      each(doc);
      continue;
    }
    bool html = j.value("html", false);
    doc = MakeDocument(doc.id, j["text"].get<std::string>(), html, limits);
    each(doc);
  }
}

}  // namespace

Document MakeDocument(std::string id, std::string text, bool html, const DocumentLimits& limits) {
  Document doc;
  doc.id = std::move(id);
  doc.error = TextProblem(text, limits, !html);
  if (!doc.error.empty()) return doc;
  doc.source = std::move(text);
  if (html) {
    ReadHtml(doc);
  } else {
    doc.text = doc.source;
  }
  return doc;
}

void ReadDocuments(const std::string& path, std::istream& standard_input, const DocumentLimits& limits,
                   const std::function<void(Document&)>& each) {
  if (path == "-") {
    ReadJsonLines("-", standard_input, limits, each);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Document doc;
    doc.id = path;
    doc.error = "cannot open the file";
    each(doc);
    return;
  }
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) {
    ReadJsonLines(path, in, limits, each);
    return;
  }
  if (EndsWith(path, ".csv") || EndsWith(path, ".tsv")) {
    std::unique_ptr<screen::RecordReader> reader;
    try {
      reader = screen::OpenReader(in, screen::InputFormat::kCsv, path, screen::CsvColumns{"text", "id"});
    } catch (const Error& e) {
      Document doc;
      doc.id = path;
      doc.error = std::string(e.what()) + " (a CSV of documents has columns id and text)";
      each(doc);
      return;
    }
    screen::InputRecord record;
    while (reader->Next(record)) {
      Document doc;
      if (!record.read_error.empty()) {
        doc.id = path + ":" + record.id;
        doc.error = record.read_error;
      } else {
        doc = MakeDocument(record.id, record.text, LooksLikeHtml(record.text), limits);
      }
      each(doc);
    }
    return;
  }
  // One document: read at most the limit, and say so when the file is larger.
  std::string bytes(limits.max_bytes + 1, '\0');
  in.read(bytes.data(), std::streamsize(bytes.size()));
  bytes.resize(size_t(in.gcount()));
  Document doc;
  doc.id = path;
  if (bytes.size() > limits.max_bytes) {
    doc.error = "the file is larger than " + std::to_string(limits.max_bytes) + " bytes; split it into documents";
    each(doc);
    return;
  }
  bool html = EndsWith(path, ".html") || EndsWith(path, ".htm") || LooksLikeHtml(bytes);
  doc = MakeDocument(path, std::move(bytes), html, limits);
  each(doc);
}

}  // namespace pc::text
