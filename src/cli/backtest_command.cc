// precursor backtest: would the engine have flagged each listed substance
// before it was listed? For every listing event (substance S listed in
// jurisdiction J, in force from D), S is screened in J as of D - 1: caught if
// it was then already controlled (by family or class wording) or on watch
// (a conversion path to a controlled substance).
//
// Events are grouped by what the registry says S is (registry::Entry): a
// structural precursor (or a drug) by its drug family, whether or not the
// conversion search reaches that family, so that a family the search does
// not know counts its events as misses; reagents and solvents, controlled by
// use and volume, which no structure-based warning can flag, in a row of
// their own. Recall is reported per family and jurisdiction, over all
// families (the headline), for reagents and solvents, and over all events.
//
// Lead time is counted from the earliest date the substance is recorded in
// the sources (seizure or INCB reports). The registry records no such date
// yet, so it is "unknown"; the table shows instead how long the ground that
// flagged it (the target's listing) had been in force, which is not a lead
// time: ANPP is a step from fentanyl, listed in 1964.
//
// --background FILE: the false-alarm rate, the share of ordinary molecules
// (one SMILES a line) on watch in each jurisdiction as of 1 January of each
// year of the events.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "cli/commands.h"
#include "cli/context.h"
#include "rules/conversion_rule.h"
#include "screen/reader.h"
#include "screen/screener.h"

namespace pc::cli {
namespace {

struct Event {
  const registry::Entry* entry = nullptr;
  Date date;
  std::string family;  // the entry's drug family, or "reagent" / "solvent"
  bool caught = false;
  std::string verdict, route;
  std::optional<int> ground_days;  // how long the flagging ground had been in force
};

int DaysBetween(Date a, Date b) {
  int days = 0;
  // Dates here are at most a few decades apart; count in years first.
  while (a.AddDays(365) <= b) a = a.AddDays(365), days += 365;
  while (a < b) a = a.AddDays(1), ++days;
  return days;
}

std::string Percent(int part, int whole, int digits = 1) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << (whole ? 100.0 * part / whole : 0) << "%";
  return out.str();
}

const rules::ConversionLibrary* Conversions(const screen::Screener& screener) {
  for (const auto& rule : screener.rules())
    if (auto* c = dynamic_cast<const rules::ConversionRule*>(rule.get())) return &c->library();
  return nullptr;
}

// The group an event is counted in: its drug family, or for a reagent or
// solvent its type (README, "Registry files").
std::string FamilyOf(const registry::Entry& e) {
  return e.IsReagentOrSolvent() ? e.precursor_type : e.drug_family;
}

// Watch share of the background molecules in each wanted jurisdiction, as
// of 1 January of each year.
void ReportBackground(const screen::Screener& screener, const registry::Registry& registry,
                      const rules::Query& query, const std::string& file, const std::set<int>& years) {
  std::ifstream in(file);
  if (!in) throw IoError(file + ": cannot open file");
  std::vector<screen::InputRecord> records;
  auto reader = screen::OpenReader(in, screen::InputFormat::kLines, file);
  screen::InputRecord r;
  while (reader->Next(r)) records.push_back(r);
  std::vector<std::string> codes;
  for (const auto& code : registry.jurisdictions())
    if (query.Wants(code)) codes.push_back(code);
  std::cout << "\nFalse alarms: " << records.size() << " ordinary molecules of " << file
            << " on watch, as of 1 January of each year\n\n"
            << std::left << std::setw(8) << "year";
  for (const auto& code : codes) std::cout << std::setw(14) << code;
  std::cout << "errors\n";
  for (int year : years) {
    Date as_of(year, 1, 1);
    std::map<std::string, int> watch;
    int errors = 0;
    for (const auto& rec : records) {
      auto result = screener.Screen(rec, {codes, as_of});
      if (result.status != rules::Status::kOk) {
        ++errors;
        continue;
      }
      for (const auto& [code, jr] : result.jurisdictions)
        if (jr.verdict == rules::Verdict::kWatch) ++watch[code];
    }
    std::cout << std::setw(8) << year;
    for (const auto& code : codes)
      std::cout << std::setw(14)
                << (std::to_string(watch[code]) + " " + Percent(watch[code], int(records.size()), 2));
    std::cout << errors << "\n";
  }
}

}  // namespace

int BacktestCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"data", "jurisdiction", "role", "background"});
  auto registry = LoadRegistry(args);
  auto query = ParseQuery(args, *registry);
  std::string role = args.Get("role").value_or("precursor");
  if (role != "precursor" && role != "drug" && role != "all")
    throw UsageError("--role must be precursor, drug or all");
  screen::Screener screener(registry);
  const auto* library = Conversions(screener);

  std::vector<Event> events;
  for (const auto& e : registry->entries()) {
    if (e.kind != registry::EntryKind::kSubstance || e.pending || !query.Wants(e.jurisdiction)) continue;
    if (role != "all" && e.role != role) continue;
    auto start = e.in_force_from();
    if (!start) continue;  // no listing date: nothing to test against
    Event ev;
    ev.entry = &e;
    ev.date = start->date;
    ev.family = FamilyOf(e);
    screen::InputRecord record;
    record.id = e.id;
    record.text = e.smiles;
    record.hint = screen::InputHint::kSmiles;
    auto r = screener.Screen(record, {{e.jurisdiction}, start->date.AddDays(-1)});
    const auto& jr = r.jurisdictions[e.jurisdiction];
    ev.verdict = r.status == rules::Status::kOk ? std::string(rules::ToString(jr.verdict)) : "error";
    ev.caught = r.status == rules::Status::kOk && jr.verdict != rules::Verdict::kClear;
    for (const auto& m : jr.matches) {
      if (m.verdict != jr.verdict) continue;
      ev.route = std::string(rules::ToString(m.rule)) + " -> " + m.entry->id;
      if (m.rule == rules::RuleKind::kConversion) {
        std::string steps;
        for (const auto& s : m.details["path"]) steps += (steps.empty() ? "" : ", ") + s["step"].get<std::string>();
        ev.route = "conversion (" + steps + ") -> " + m.entry->id;
      }
      ev.ground_days = m.since ? std::optional<int>(DaysBetween(m.since->date, ev.date)) : std::nullopt;
      break;
    }
    events.push_back(ev);
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.date != b.date ? a.date < b.date : a.entry->id < b.entry->id;
  });

  std::cout << "Backtest of " << events.size() << " listing events (" << role
            << "s): each screened in its jurisdiction the day before it took effect\n"
            << "lead: from the earliest date the sources record the substance; the registry records\n"
            << "none yet, so it is unknown. ground: days the flagging ground (the target's listing,\n"
            << "or the class) had been in force, not a lead time.\n\n";
  // The id column fits the longest id, so no id runs into the verdict.
  int id_width = 8;
  for (const auto& ev : events) id_width = std::max(id_width, int(ev.entry->id.size()) + 2);
  std::cout << std::left << std::setw(12) << "date" << std::setw(4) << "J" << std::setw(id_width) << "entry"
            << std::setw(12) << "day before" << std::setw(18) << "family" << std::setw(9) << "lead"
            << std::setw(9) << "ground" << "route\n";
  // Caught and total per row (a drug family, "all families", "reagents,
  // solvents", "all events") and column (a jurisdiction or "all").
  std::map<std::string, std::map<std::string, std::pair<int, int>>> counts;
  std::set<std::string> families, codes;
  std::set<int> years;
  const std::string kAllFamilies = "all families", kReagents = "reagents, solvents", kAll = "all events";
  for (const auto& ev : events) {
    std::string ground = ev.caught && ev.ground_days ? std::to_string(*ev.ground_days) + " d" : "-";
    std::cout << std::setw(12) << ev.date.ToString() << std::setw(4) << ev.entry->jurisdiction
              << std::setw(id_width) << ev.entry->id << std::setw(12) << ev.verdict << std::setw(18) << ev.family
              << std::setw(9) << (ev.caught ? "unknown" : "-") << std::setw(9) << ground
              << (ev.caught ? ev.route : "not flagged") << "\n";
    years.insert(ev.date.year());
    codes.insert(ev.entry->jurisdiction);
    std::vector<std::string> rows{kAll};
    if (ev.entry->IsReagentOrSolvent()) {
      rows.push_back(kReagents);
    } else {
      families.insert(ev.family);
      rows.push_back(ev.family);
      rows.push_back(kAllFamilies);
    }
    for (const std::string& row : rows)
      for (const std::string& code : {ev.entry->jurisdiction, std::string("all")}) {
        auto& c = counts[row][code];
        c.second++;
        if (ev.caught) c.first++;
      }
  }
  // A family the conversion search has no anchor for is never reached:
  // "searched" says which, so that its misses read as what they are.
  const auto searched = library ? library->families() : std::set<std::string>{};
  std::vector<std::string> columns(codes.begin(), codes.end());
  columns.push_back("all");
  auto cell = [&](const std::string& row, const std::string& code) -> std::string {
    auto it = counts[row].find(code);
    if (it == counts[row].end()) return "-";
    auto [caught, total] = it->second;
    std::string text = std::to_string(caught) + "/" + std::to_string(total);
    return code == "all" ? text + " (" + Percent(caught, total) + ")" : text;
  };
  std::cout << "\nRecall (caught/events) by drug family and jurisdiction\n\n"
            << std::setw(20) << "family" << std::setw(10) << "searched";
  for (const auto& code : columns) std::cout << std::setw(code == "all" ? 0 : 10) << code;
  std::cout << "\n";
  auto print_row = [&](const std::string& row, const std::string& mark) {
    if (counts[row].empty()) return;
    std::cout << std::setw(20) << row << std::setw(10) << mark;
    for (const auto& code : columns) std::cout << std::setw(code == "all" ? 0 : 10) << cell(row, code);
    std::cout << "\n";
  };
  for (const auto& family : families) print_row(family, searched.count(family) ? "yes" : "no");
  print_row(kAllFamilies, "");
  print_row(kReagents, "");
  print_row(kAll, "");
  std::cout << "\nall families: the structural precursors (or drugs) of every drug family, by the\n"
            << "family the registry gives each (drug_family), whether or not the search reaches\n"
            << "it; searched: the conversion library has an invariant anchor for the family (one\n"
            << "without is never reached: its events are misses). reagents, solvents: controlled\n"
            << "by use and volume (precursor_type), which no structure-based warning can flag.\n";
  if (auto background = args.Get("background"))
    ReportBackground(screener, *registry, query, *background, years);
  return 0;
}

}  // namespace pc::cli
