// precursor: the command-line front end of Precursor Control.
#include <iostream>
#include <string>
#include <vector>

#include "chem/molecule.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "registry/registry.h"

namespace {

const char kUsage[] =
    "usage: precursor <command> [options]\n"
    "\n"
    "commands:\n"
    "  screen   [--jurisdiction UN,US,CN,EU] [--as-of YYYY-MM-DD] [--depth N] [--format jsonl|csv|table]\n"
    "           [--input-format auto|lines|sdf|csv] [--smiles-column NAME] [--id-column NAME]\n"
    "           [--jobs N] [--no-fast-path] [--structures] [FILE|-]\n"
    "           [--destination CC] [--quantity Q --unit mg|g|kg|t|mL|L|gal] [--concentration PCT]\n"
    "           screen records (SMILES, CAS RN, name, one per line, a CSV or an SDF;\n"
    "           plain, gzip or zstd), on every core, in input order; with a transaction,\n"
    "           each jurisdiction lists the duties (licence, notification ...) it owes\n"
    "  explain  [--jurisdiction ...] [--as-of ...] [--depth N] [--svg FILE] [transaction options] INPUT\n"
    "           the verdict for one input, for a person\n"
    "  evaluate [--as-of D] CSV...\n"
    "           confusion matrix of the engine against labelled structures\n"
    "  backtest [--jurisdiction ...] [--role precursor|drug|all]\n"
    "           was each listed substance flagged before its listing took effect?\n"
    "  registry list [--as-of D] [--jurisdiction ...] [--format table|jsonl]\n"
    "  registry changes --from D --to D [--jurisdiction ...] [--format table|jsonl]\n"
    "  serve    [--port N] [--host H] [--data DIR] [--registry DIR] [--demo] [--threads N]\n"
    "           [--reply-days N] [--exporting-country CC] [--tick-seconds N] [--screen-cache N]\n"
    "           [--client-connections N] [--screen-cpu R]\n"
    "           the licensing service's HTTP API; --data holds its database and documents\n"
    "  admin    create-org|create-user|list-orgs [--data DIR] ...\n"
    "  audit    verify [--data DIR]   check the audit log's hash chain\n"
    "\n"
    "every command takes --data DIR (default: $PRECURSOR_DATA, else the bundled data)\n"
    "except serve, admin and audit, where --data is the service's database and documents\n"
    "(default: $PRECURSOR_SERVICE_DATA, else ./precursor-data) and the registry is --registry DIR\n"
    "exit status: 0 done, 1 some records had errors, 2 usage or fatal error\n";

}  // namespace

int main(int argc, char** argv) {
  pc::chem::SilenceRDKitLogs();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (command == "screen") return pc::cli::ScreenCommand(rest);
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
    if (e.kind() == pc::ErrorKind::kUsage) std::cerr << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "precursor: " << e.what() << "\n";
    return 2;
  }
}
