// precursor: the command-line front end of Precursor Control.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "chem/molecule.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "registry/registry.h"

namespace {

// Each command's synopsis, in the order `precursor --help` lists them;
// `precursor COMMAND --help` prints its own.
struct CommandHelp {
  const char* name;
  const char* text;
};
const CommandHelp kCommands[] = {
    {"screen",
     "  screen   [--jurisdiction UN,US,CN,EU] [--as-of YYYY-MM-DD] [--depth N] [--format jsonl|csv|table]\n"
     "           [--input-format auto|lines|sdf|csv] [--smiles-column NAME] [--id-column NAME]\n"
     "           [--jobs N] [--no-fast-path] [--structures] [FILE|-]\n"
     "           [--destination CC] [--quantity Q --unit mg|g|kg|t|mL|L|gal] [--concentration PCT]\n"
     "           screen records (SMILES, CAS RN, name, one per line, a CSV or an SDF;\n"
     "           plain, gzip or zstd), on every core, in input order; with a transaction,\n"
     "           each jurisdiction lists the duties (licence, notification ...) it owes\n"},
    {"scan",
     "  scan     [--jurisdiction ...] [--as-of ...] [--format jsonl|table] [--jobs N] FILE...\n"
     "           find and screen every chemical a text mentions (names in English and Chinese,\n"
     "           CAS RNs, SMILES, abbreviations, disguised spellings); a file is one document\n"
     "           (text or HTML), or a CSV (id,text) or JSON Lines file of them; - reads JSON\n"
     "           Lines {\"id\",\"text\"} from standard input; --jobs N scans on N threads (output\n"
     "           in input order)\n"},
    {"explain",
     "  explain  [--jurisdiction ...] [--as-of ...] [--depth N] [--svg FILE] [transaction options] INPUT\n"
     "           the verdict for one input, for a person\n"},
    {"evaluate",
     "  evaluate [--as-of D] CSV...\n"
     "           confusion matrix of the engine against labelled structures\n"},
    {"backtest",
     "  backtest [--jurisdiction ...] [--role precursor|drug|all] [--background FILE]\n"
     "           was each listed substance flagged before its listing took effect? recall per\n"
     "           drug family and jurisdiction; --background: watch rate on ordinary molecules\n"},
    {"registry",
     "  registry list [--as-of D] [--jurisdiction ...] [--format table|jsonl]\n"
     "  registry changes --from D --to D [--jurisdiction ...] [--format table|jsonl]\n"},
    {"serve",
     "  serve    [--port N] [--host H] [--data DIR] [--database URL] [--registry DIR] [--demo] [--threads N]\n"
     "           [--reply-days N] [--exporting-country CC] [--tick-seconds N] [--screen-cache N]\n"
     "           [--client-connections N] [--screen-cpu R]\n"
     "           the licensing service's HTTP API; --data holds its database and documents;\n"
     "           --database postgresql://USER@HOST:PORT/DB (or $PRECURSOR_DATABASE) keeps the\n"
     "           database on PostgreSQL instead, shared by several serve processes;\n"
     "           --database-connections N (default 8) is each process's pool of connections to it\n"},
    {"admin", "  admin    create-org|create-user|list-orgs [--data DIR] [--database URL] ...\n"},
    {"audit",
     "  audit    verify [--data DIR] [--database URL] [--expect SEQ:HASH]   check the audit log's hash chain\n"
     "  audit    head [--data DIR] [--database URL]   the newest record's sequence number and hash, to keep\n"},
};

const char kUsageFooter[] =
    "\n"
    "every command takes --data DIR (default: $PRECURSOR_DATA, else the bundled data)\n"
    "except serve, admin and audit, where --data is the service's database and documents\n"
    "(default: $PRECURSOR_SERVICE_DATA, else ./precursor-data) and the registry is --registry DIR\n"
    "exit status: 0 done, 1 some records had errors, 2 usage or fatal error\n";

void PrintUsage(std::ostream& out, const std::string& only = "") {
  out << "usage: precursor <command> [options]   (precursor --version; precursor COMMAND --help)\n\n"
      << (only.empty() ? "commands:\n" : "");
  for (const auto& c : kCommands)
    if (only.empty() || only == c.name) out << c.text;
  out << kUsageFooter;
}

bool IsKnownCommand(const std::string& name) {
  for (const auto& c : kCommands)
    if (name == c.name) return true;
  return false;
}

// The program's version and the registry data it would screen against: a
// verdict is only as current as the lists behind it.
int PrintVersion(const std::vector<std::string>& rest) {
  pc::cli::Args args(rest, {"data"});
  auto registry = pc::cli::LoadRegistry(args);
  auto today = pc::Date::Today();
  std::string reviewed, last_change;
  for (const auto& j : registry->jurisdictions())
    for (const auto& l : registry->Consulted(j, today)) {
      reviewed = std::max(reviewed, l.reviewed.date.ToString());
      if (l.last_change) last_change = std::max(last_change, l.last_change->date.ToString());
    }
  std::cout << "precursor " << PC_VERSION << "\n"
            << "registry data: " << pc::cli::DataDir(args) << "\n  " << registry->entries().size() << " entries, "
            << registry->jurisdictions().size() << " jurisdictions; files compared with their sources up to "
            << reviewed << "; latest change in force " << (last_change.empty() ? "none" : last_change) << "; "
            << registry->Pending().size() << " announced (not yet in force)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  pc::chem::SilenceRDKitLogs();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage(std::cout);
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (IsKnownCommand(command) && std::find_if(rest.begin(), rest.end(), [](const std::string& a) {
                                   return a == "--help" || a == "-h";
                                 }) != rest.end()) {
    PrintUsage(std::cout, command);
    return 0;
  }
  try {
    if (command == "--version") return PrintVersion(rest);
    if (command == "screen") return pc::cli::ScreenCommand(rest);
    if (command == "scan") return pc::cli::ScanCommand(rest);
    if (command == "explain") return pc::cli::ExplainCommand(rest);
    if (command == "registry") return pc::cli::RegistryCommand(rest);
    if (command == "serve") return pc::cli::ServeCommand(rest);
    if (command == "admin") return pc::cli::AdminCommand(rest);
    if (command == "audit") return pc::cli::AuditCommand(rest);
    if (command == "evaluate") return pc::cli::EvaluateCommand(rest);
    if (command == "backtest") return pc::cli::BacktestCommand(rest);
    throw pc::cli::UsageError("unknown command '" + command + "'");
  } catch (const pc::Error& e) {
    // The one place an error that stops a command becomes a message and an
    // exit status (a command's refusals of its input are its own: exit 1).
    std::cerr << "precursor: " << pc::cli::Describe(e) << "\n";
    if (e.kind() == pc::ErrorKind::kUsage) {
      std::cerr << "\n";
      PrintUsage(std::cerr, IsKnownCommand(command) ? command : "");
    }
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "precursor: " << e.what() << "\n";
    return 2;
  }
}
