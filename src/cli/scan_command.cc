// precursor scan: the free text of marketplace listings, web pages and
// customs goods descriptions, screened mention by mention (text/scanner.h).
#include <chrono>
#include <iomanip>
#include <map>
#include <optional>
#include <iostream>

#include "cli/commands.h"
#include "cli/context.h"
#include "common/json_text.h"
#include "screen/screener.h"
#include "text/reader.h"
#include "text/scanner.h"

namespace pc::cli {
namespace {

// One line per document: id, verdict, each mention with its verdict, flags.
void WriteTableRow(std::ostream& out, const nlohmann::ordered_json& d) {
  std::string mentions;
  for (const auto& m : d["mentions"]) {
    if (!mentions.empty()) mentions += "; ";
    mentions += m["text"].get<std::string>() + " [" + m["verdict"].get<std::string>() + "]";
  }
  if (d.contains("error")) mentions = "error: " + d["error"].get<std::string>();
  std::string flags;
  for (const auto& f : d["flags"]) {
    if (!flags.empty()) flags += ", ";
    flags += f["flag"].get<std::string>() + ": " + f["value"].get<std::string>();
  }
  out << std::left << std::setw(24) << d["id"].get<std::string>() << " " << std::setw(10)
      << d["verdict"].get<std::string>() << " " << (mentions.empty() ? "-" : mentions)
      << (flags.empty() ? "" : "  {" + flags + "}") << "\n";
}

}  // namespace

int ScanCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"jurisdiction", "as-of", "depth", "format", "data"}, {});
  std::string format = args.Get("format").value_or("jsonl");
  if (format != "jsonl" && format != "table") throw UsageError("--format must be jsonl or table");
  if (args.positional().empty()) throw UsageError("scan needs at least one FILE (- reads JSON Lines from standard input)");

  auto registry = LoadRegistry(args);
  rules::Query query = ParseQuery(args, *registry);
  screen::Screener screener(registry);
  screener.set_name_resolver(MakeNameParser(DataDir(args), registry));
  auto finder = MakeMentionFinder(DataDir(args), *registry);
  text::Scanner scanner(screener, *finder);
  // OPSIN's JVM starts while nothing else waits for it: before the first
  // document, not on its first systematic-looking word.
  screener.name_resolver()->Resolve({"methane"});

  std::ios::sync_with_stdio(false);
  if (format == "table")
    std::cout << std::left << std::setw(24) << "ID" << " " << std::setw(10) << "VERDICT" << " MENTIONS  {FLAGS}\n";
  size_t documents = 0, errors = 0, bytes = 0;
  // Timed from the first document: start-up (registry, patterns) is not scanning.
  std::optional<std::chrono::steady_clock::time_point> first;
  std::map<std::string, size_t> by_verdict;
  text::DocumentLimits limits;
  for (const auto& path : args.positional()) {
    text::ReadDocuments(path, std::cin, limits, [&](text::Document& doc) {
      if (!first) first = std::chrono::steady_clock::now();
      bytes += doc.source.size();
      nlohmann::ordered_json result;
      try {
        result = scanner.Scan(doc, query);
      } catch (const std::exception& e) {
        // One document's failure is that document's error; the others go on.
        result = {{"id", doc.id}, {"verdict", "error"}, {"error", std::string("could not scan it: ") + e.what()},
                  {"mentions", nlohmann::ordered_json::array()}, {"flags", nlohmann::ordered_json::array()}};
      }
      ++documents;
      std::string verdict = result["verdict"];
      ++by_verdict[verdict];
      if (verdict == "error") ++errors;
      if (format == "jsonl") std::cout << JsonText(result) << "\n";
      else WriteTableRow(std::cout, result);
    });
  }
  std::cout.flush();
  std::cerr << "precursor scan: " << documents << " documents: " << by_verdict["controlled"] << " controlled, "
            << by_verdict["watch"] << " watch, " << by_verdict["unresolved"] << " unresolved, " << by_verdict["clear"]
            << " clear, " << errors << " errors";
  if (first) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - *first).count();
    std::cerr << "; " << std::fixed << std::setprecision(2) << seconds << " s from the first document ("
              << std::setprecision(0) << (seconds > 0 ? double(documents) / seconds : 0) << " documents/s, "
              << std::setprecision(2) << (seconds > 0 ? double(bytes) / 1e6 / seconds : 0) << " MB/s of text)";
  }
  std::cerr << "\n";
  if (!std::cout) {
    std::cerr << "precursor scan: could not write the output\n";
    return 2;
  }
  return errors ? 1 : 0;
}

}  // namespace pc::cli
