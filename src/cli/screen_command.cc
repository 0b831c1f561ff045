#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <iomanip>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/context.h"
#include "screen/fast_path.h"
#include "screen/input_stream.h"
#include "screen/pipeline.h"
#include "screen/reader.h"
#include "screen/screener.h"
#include "screen/writer.h"

namespace pc::cli {
namespace {

// The width a table should fit: the terminal's when writing to one, else
// $COLUMNS, else 100 (a file or a pipe keeps long inputs readable).
std::size_t TableWidth() {
  struct winsize ws {};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n >= 40 && n <= 1000) return std::size_t(n);
  }
  return 100;
}

// Set by the first Ctrl-C (SIGINT) or SIGTERM: the run then ends with every
// line written so far complete. The handler resets itself, so a second
// Ctrl-C ends the program at once.
std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

class StopSignals {
 public:
  StopSignals() {
    g_stop = false;
    struct sigaction sa {};
    sa.sa_handler = OnStopSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Duration(double seconds) {
  long s = long(std::lround(seconds));
  std::ostringstream out;
  if (s >= 3600) out << s / 3600 << "h" << (s % 3600) / 60 << "m";
  else if (s >= 60) out << s / 60 << "m" << s % 60 << "s";
  else out << s << "s";
  return out.str();
}

// One line, redrawn in place: a bar and an ETA when the input's size is
// known (from the compressed bytes read, which track the work done).
void DrawProgress(const screen::PipelineStats& st, const screen::InputStream& input) {
  double rate = st.seconds > 0 ? double(st.records) / st.seconds : 0;
  std::ostringstream line;
  auto size = input.size();
  if (size && *size > 0) {
    double done = std::min(1.0, double(input.bytes_read()) / double(*size));
    int filled = int(done * 24);
    line << '[' << std::string(size_t(filled), '#') << std::string(size_t(24 - filled), '.') << "] "
         << int(done * 100) << "%  ";
    if (done > 0.001 && st.seconds > 1) line << "ETA " << Duration(st.seconds * (1 - done) / done) << "  ";
  }
  line << Grouped(st.records) << " records  " << Grouped(uint64_t(rate)) << "/s";
  if (st.controlled + st.watch) line << "  " << st.controlled << " controlled, " << st.watch << " watch";
  std::cerr << "\r" << line.str() << "\033[K" << std::flush;
}

screen::InputFormat ParseInputFormat(const std::string& name) {
  if (name == "auto") return screen::InputFormat::kAuto;
  if (name == "lines") return screen::InputFormat::kLines;
  if (name == "sdf") return screen::InputFormat::kSdf;
  if (name == "csv") return screen::InputFormat::kCsv;
  throw UsageError("--input-format must be auto, lines, sdf or csv");
}

}  // namespace

int ScreenCommand(const std::vector<std::string>& argv) {
  Args args(argv,
            {"jurisdiction", "as-of", "depth", "format", "input-format", "data", "jobs",
             "smiles-column", "id-column", "destination", "quantity", "unit", "concentration"},
            {"no-fast-path", "structures"});
  if (args.positional().size() > 1) throw UsageError("screen takes at most one FILE");
  std::string format = args.Get("format").value_or("jsonl");
  screen::OutputFormat out_format;
  if (format == "jsonl") out_format = screen::OutputFormat::kJsonl;
  else if (format == "csv") out_format = screen::OutputFormat::kCsv;
  else if (format == "table") out_format = screen::OutputFormat::kTable;
  else throw UsageError("--format must be jsonl, csv or table");
  screen::InputFormat in_format = ParseInputFormat(args.Get("input-format").value_or("auto"));
  screen::CsvColumns columns{args.Get("smiles-column").value_or(""), args.Get("id-column").value_or("")};
  screen::PipelineOptions options;
  if (auto jobs = args.Get("jobs")) {
    try {
      size_t used = 0;
      long n = std::stol(*jobs, &used);
      if (used != jobs->size() || n < 1 || n > 1024) throw std::invalid_argument("range");
      options.jobs = unsigned(n);
    } catch (const std::exception&) {
      throw UsageError("--jobs must be a number of threads from 1 to 1024");
    }
  }
  options.screen.structure_when_clear = args.Flag("structures");
  options.screen.fast_path = !args.Flag("no-fast-path");

  auto registry = LoadRegistry(args);
  rules::Query query = ParseQuery(args, *registry);
  options.screen.transaction = ParseTransaction(args, query.as_of);
  screen::Screener screener(registry);
  screener.set_name_resolver(MakeNameParser(DataDir(args), registry));

  std::string path = args.positional().empty() ? "-" : args.positional()[0];
  std::string error;
  auto input = screen::InputStream::Open(path, error);
  if (!input) {
    std::cerr << "precursor screen: " << error << "\n";
    return 2;
  }
  // A binary file is refused once, not read into hundreds of error rows.
  if (auto binary = input->BinaryProblem(); !binary.empty()) {
    std::cerr << "precursor screen: " << path << ": " << binary << "\n";
    return 2;
  }
  std::unique_ptr<screen::RecordReader> reader;
  try {
    reader = screen::OpenReader(input->stream(), in_format, input->content_name(), columns);
  } catch (const screen::ReaderError& e) {
    std::cerr << "precursor screen: " << path << ": " << e.what() << "\n";
    return 2;
  }
  std::ios::sync_with_stdio(false);
  auto writer = screen::MakeWriter(out_format, std::cout, query.jurisdictions, TableWidth());

  StopSignals signals;
  input->set_stop_flag(&g_stop);
  options.stop = &g_stop;
  bool tty = ::isatty(STDERR_FILENO);
  if (tty) options.progress = [&](const screen::PipelineStats& st) { DrawProgress(st, *input); };
  auto st = screen::RunPipeline(*reader, screener, query, *writer, options);
  std::cout.flush();
  if (tty) std::cerr << "\r\033[K";

  double rate = st.seconds > 0 ? double(st.records) / st.seconds : 0;
  std::cerr << "precursor screen: " << Grouped(st.records) << " records in " << std::fixed
            << std::setprecision(1) << st.seconds << " s (" << Grouped(uint64_t(rate)) << "/s): "
            << Grouped(st.errors) << " errors, " << Grouped(st.unresolved) << " unresolved, "
            << Grouped(st.controlled) << " controlled, " << Grouped(st.watch) << " watch, "
            << Grouped(st.clear) << " clear";
  if (st.records)
    std::cerr << "; fast path settled " << std::setprecision(1)
              << 100.0 * double(st.settled_fast) / double(st.records) << "%";
  std::cerr << "\n";

  if (st.output_failed) {
    std::cerr << "precursor screen: could not write the output\n";
    return 2;
  }
  if (st.interrupted) {
    std::cerr << "precursor screen: interrupted; the output holds the first "
              << Grouped(st.records) << " records, each complete\n";
    return 130;
  }
  if (!st.reader_error.empty() || !input->error().empty()) {
    std::cerr << "precursor screen: " << path << ": "
              << (input->error().empty() ? st.reader_error : input->error()) << "; stopped after "
              << Grouped(st.records) << " records (the output holds every record before the damage)\n";
    return 2;
  }
  if (st.records == 0) std::cerr << "precursor screen: no records in input\n";
  return st.errors ? 1 : 0;
}

}  // namespace pc::cli
