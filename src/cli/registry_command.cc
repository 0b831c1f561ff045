#include <iostream>

#include "cli/commands.h"
#include "cli/context.h"
#include "registry/json.h"

namespace pc::cli {
namespace {

std::string Caution(const registry::Entry& e) {
  if (e.verification == registry::Verification::kVerified && e.unverified.empty()) return "";
  std::string s = " [" + std::string(registry::ToString(e.verification));
  if (!e.unverified.empty()) {
    s += "; not verified:";
    for (const auto& f : e.unverified) s += " " + f;
  }
  return s + "]";
}

void PrintEntryLine(const registry::Entry& e) {
  auto start = e.in_force_from();
  std::cout << e.jurisdiction << "  " << (start ? start->ToString() : "date unknown") << "  "
            << e.id << "  " << e.name << "  (" << e.category << ")" << Caution(e) << "\n";
}

int List(const Args& args) {
  auto registry = LoadRegistry(args);
  auto query = ParseQuery(args, *registry);
  bool jsonl = args.Get("format").value_or("table") == "jsonl";
  for (const auto* e : registry->InForce(query.as_of)) {
    if (!query.Wants(e->jurisdiction)) continue;
    if (jsonl) std::cout << registry::ToJson(*e).dump() << "\n";
    else PrintEntryLine(*e);
  }
  if (!jsonl) {
    bool header = false;
    for (const auto* e : registry->Pending()) {
      if (!query.Wants(e->jurisdiction)) continue;
      if (!header) std::cout << "\nPending (announced, not in force):\n";
      header = true;
      PrintEntryLine(*e);
    }
  }
  return 0;
}

int Changes(const Args& args) {
  auto registry = LoadRegistry(args);
  auto query = ParseQuery(args, *registry);
  if (!args.Get("from") || !args.Get("to")) throw UsageError("registry changes needs --from and --to");
  Date from = ParseDateOption(args, "from", Date());
  Date to = ParseDateOption(args, "to", Date());
  if (to < from) throw UsageError("--to comes before --from");
  bool jsonl = args.Get("format").value_or("table") == "jsonl";
  for (const auto& c : registry->Feed(from, to)) {
    if (!query.Wants(c.entry->jurisdiction)) continue;
    if (jsonl) {
      std::cout << registry::ToJson(c).dump() << "\n";
      continue;
    }
    using registry::ChangeKind;
    std::string what = c.kind == ChangeKind::kClause      ? "clause '" + c.clause->clause + "' takes effect"
                       : c.kind == ChangeKind::kEnded     ? "no longer in force"
                       : c.kind == ChangeKind::kHistory   ? c.history->event + " (" + c.history->citation + ")"
                       : c.kind == ChangeKind::kAnnounced ? "announced, not yet in force"
                                                          : "comes into force";
    std::cout << (c.date ? c.date->ToString(c.precision) : "(no date) ") << "  " << c.entry->jurisdiction << "  "
              << c.entry->id << "  " << c.entry->name << ": " << what << Caution(*c.entry) << "\n    "
              << c.entry->citation << "\n";
  }
  return 0;
}

}  // namespace

int RegistryCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError("registry needs a sub-command: list or changes");
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  Args args(rest, {"jurisdiction", "as-of", "from", "to", "format", "data"});
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
  if (auto f = args.Get("format"); f && *f != "table" && *f != "jsonl")
    throw UsageError("--format must be table or jsonl");
  if (argv[0] == "list") return List(args);
  if (argv[0] == "changes") return Changes(args);
  throw UsageError("unknown registry sub-command '" + argv[0] + "' (list, changes)");
}

}  // namespace pc::cli
