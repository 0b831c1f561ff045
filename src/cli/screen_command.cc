#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/context.h"
#include "screen/reader.h"
#include "screen/screener.h"
#include "screen/writer.h"

namespace pc::cli {

int ScreenCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"jurisdiction", "as-of", "depth", "format", "input-format", "data"});
  if (args.positional().size() > 1) throw UsageError("screen takes at most one FILE");
  std::string format = args.Get("format").value_or("jsonl");
  screen::OutputFormat out_format;
  if (format == "jsonl") out_format = screen::OutputFormat::kJsonl;
  else if (format == "csv") out_format = screen::OutputFormat::kCsv;
  else if (format == "table") out_format = screen::OutputFormat::kTable;
  else throw UsageError("--format must be jsonl, csv or table");
  std::string in_format_name = args.Get("input-format").value_or("auto");
  screen::InputFormat in_format;
  if (in_format_name == "auto") in_format = screen::InputFormat::kAuto;
  else if (in_format_name == "lines") in_format = screen::InputFormat::kLines;
  else if (in_format_name == "sdf") in_format = screen::InputFormat::kSdf;
  else throw UsageError("--input-format must be auto, lines or sdf");

  auto registry = LoadRegistry(args);
  rules::Query query = ParseQuery(args, *registry);
  screen::Screener screener(registry);

  std::string path = args.positional().empty() ? "-" : args.positional()[0];
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::cerr << "precursor screen: cannot open " << path << "\n";
      return 2;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  auto reader = screen::OpenReader(in, in_format, path);
  auto writer = screen::MakeWriter(out_format, std::cout, query.jurisdictions);

  size_t records = 0, errors = 0;
  screen::InputRecord record;
  while (reader->Next(record)) {
    auto result = screener.Screen(record, query);
    ++records;
    if (result.status == rules::Status::kError) ++errors;
    writer->Write(result);
  }
  writer->Finish();
  std::cout.flush();
  if (in.bad()) {
    std::cerr << "precursor screen: read error on " << path << " after " << records << " records\n";
    return 2;
  }
  if (records == 0) std::cerr << "precursor screen: no records in input\n";
  return errors ? 1 : 0;
}

}  // namespace pc::cli
