// precursor scan: the free text of marketplace listings, web pages and
// customs goods descriptions, screened mention by mention (text/scanner.h).
#include <atomic>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

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
  Args args(argv, {"jurisdiction", "as-of", "depth", "format", "data", "jobs"}, {});
  std::string format = args.Get("format").value_or("jsonl");
  if (format != "jsonl" && format != "table") throw UsageError("--format must be jsonl or table");
  unsigned jobs = 1;
  if (auto text = args.Get("jobs")) {
    try {
      size_t used = 0;
      long n = std::stol(*text, &used);
      if (used != text->size() || n < 1 || n > 1024) throw std::invalid_argument("range");
      jobs = unsigned(n);
    } catch (const std::exception&) {
      throw UsageError("--jobs must be a number of threads from 1 to 1024");
    }
  }
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
  // With --jobs N, documents are scanned in batches by N threads while the
  // next batch is read (the scanner is thread-safe; OPSIN's one helper
  // serialises its names), and written in input order. One job scans each
  // document as it is read, so standard input streams.
  const size_t batch_size = size_t(jobs) * 256;
  auto scan_one = [&](const text::Document& doc) {
    try {
      return scanner.Scan(doc, query);
    } catch (const std::exception& e) {
      // One document's failure is that document's error; the others go on.
      return nlohmann::ordered_json{{"id", doc.id}, {"verdict", "error"},
                                    {"error", std::string("could not scan it: ") + e.what()},
                                    {"mentions", nlohmann::ordered_json::array()},
                                    {"flags", nlohmann::ordered_json::array()}};
    }
  };
  // A document's result as written (serialised by the thread that scanned
  // it), and its verdict for the summary.
  struct Written {
    std::string verdict, text;
  };
  auto render = [&](const text::Document& doc) {
    auto result = scan_one(doc);
    Written w{result["verdict"].get<std::string>(), ""};
    if (format == "jsonl") {
      w.text = JsonText(result) + "\n";
    } else {
      std::ostringstream row;
      WriteTableRow(row, result);
      w.text = row.str();
    }
    return w;
  };
  auto write = [&](const Written& w) {
    ++documents;
    ++by_verdict[w.verdict];
    if (w.verdict == "error") ++errors;
    std::cout << w.text;
  };
  std::vector<text::Document> batch, in_flight;
  std::vector<Written> results;
  std::vector<std::thread> workers;
  std::atomic<size_t> next{0};
  // Should reading throw, the batch in flight is still waited for before
  // what it reads and writes goes away.
  struct JoinAll {
    std::vector<std::thread>& threads;
    ~JoinAll() {
      for (auto& t : threads)
        if (t.joinable()) t.join();
    }
  } join_all{workers};
  auto finish = [&] {  // the batch in flight: wait for it, write it
    for (auto& t : workers) t.join();
    workers.clear();
    for (const auto& result : results) write(result);
    results.clear();
    in_flight.clear();
  };
  auto launch = [&] {  // the batch read: scanned while the next is read
    finish();
    in_flight.swap(batch);
    results.assign(in_flight.size(), Written());
    next = 0;
    for (unsigned t = 0; t < jobs; ++t)
      workers.emplace_back([&] {
        for (size_t i; (i = next.fetch_add(1)) < in_flight.size();) results[i] = render(in_flight[i]);
      });
  };
  for (const auto& path : args.positional()) {
    text::ReadDocuments(path, std::cin, limits, [&](text::Document& doc) {
      if (!first) first = std::chrono::steady_clock::now();
      bytes += doc.source.size();
      if (jobs == 1) {
        write(render(doc));
        return;
      }
      batch.push_back(std::move(doc));
      if (batch.size() >= batch_size) launch();
    });
  }
  if (!batch.empty()) launch();
  finish();
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
