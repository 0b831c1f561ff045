// precursor backtest: would the engine have flagged each listed substance
// before it was listed? For every listing event (substance S listed in
// jurisdiction J, in force from D), S is screened in J as of D - 1: caught if
// it was then already controlled (by family or class wording) or on watch
// (a conversion path to a controlled substance). Lead time: from the day the
// flagging ground took effect to D.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/context.h"
#include "screen/screener.h"

namespace pc::cli {
namespace {

struct Event {
  const registry::Entry* entry;
  Date date;
  bool caught = false;
  std::string verdict, route;
  std::optional<int> lead_days;  // empty when the ground's start is unknown
};

int DaysBetween(Date a, Date b) {
  int days = 0;
  // Dates here are at most a few decades apart; count in years first.
  while (a.AddDays(365) <= b) a = a.AddDays(365), days += 365;
  while (a < b) a = a.AddDays(1), ++days;
  return days;
}

std::string Median(std::vector<int> v) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  double m = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
  std::ostringstream out;
  out << std::fixed << std::setprecision(0) << m << " d (" << std::setprecision(1) << m / 365.25
      << " y)";
  return out.str();
}

}  // namespace

int BacktestCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"data", "jurisdiction", "role"});
  auto registry = LoadRegistry(args);
  auto query = ParseQuery(args, *registry);
  std::string role = args.Get("role").value_or("precursor");
  if (role != "precursor" && role != "drug" && role != "all")
    throw UsageError("--role must be precursor, drug or all");
  screen::Screener screener(registry);

  std::vector<Event> events;
  for (const auto& e : registry->entries()) {
    if (e.kind != registry::EntryKind::kSubstance || e.pending || !query.Wants(e.jurisdiction)) continue;
    if (role != "all" && e.role != role) continue;
    auto start = e.in_force_from();
    if (!start) continue;  // no listing date: nothing to test against
    Event ev{&e, start->date};
    screen::InputRecord record;
    record.id = e.id;
    record.text = e.smiles;
    record.hint = screen::InputHint::kSmiles;
    auto r = screener.Screen(record, {{e.jurisdiction}, start->date.AddDays(-1)});
    const auto& jr = r.jurisdictions[e.jurisdiction];
    ev.verdict = std::string(rules::ToString(jr.verdict));
    ev.caught = jr.verdict != rules::Verdict::kClear;
    for (const auto& m : jr.matches) {
      if (m.verdict != jr.verdict) continue;
      ev.route = std::string(rules::ToString(m.rule)) + " -> " + m.entry->id;
      if (m.rule == rules::RuleKind::kConversion) {
        std::string steps;
        for (const auto& s : m.details["path"]) steps += (steps.empty() ? "" : ", ") + s["step"].get<std::string>();
        ev.route = "conversion (" + steps + ") -> " + m.entry->id;
      }
      ev.lead_days = m.since ? std::optional<int>(DaysBetween(m.since->date, ev.date)) : std::nullopt;
      break;
    }
    events.push_back(ev);
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.date != b.date ? a.date < b.date : a.entry->id < b.entry->id;
  });

  std::cout << "Backtest of " << events.size() << " listing events (" << role
            << "s): each screened in its jurisdiction the day before it took effect\n\n";
  std::cout << std::left << std::setw(12) << "date" << std::setw(4) << "J" << std::setw(28) << "entry"
            << std::setw(12) << "day before" << std::setw(10) << "lead" << "route\n";
  std::map<std::string, std::pair<int, int>> counts;  // jurisdiction -> caught, total
  std::map<std::string, std::vector<int>> leads;
  for (const auto& ev : events) {
    std::string lead = ev.caught ? (ev.lead_days ? std::to_string(*ev.lead_days) + " d" : "unknown") : "-";
    std::cout << std::setw(12) << ev.date.ToString() << std::setw(4) << ev.entry->jurisdiction
              << std::setw(28) << ev.entry->id << std::setw(12) << ev.verdict << std::setw(10) << lead
              << (ev.caught ? ev.route : "not flagged") << "\n";
    for (const std::string& key : {ev.entry->jurisdiction, std::string("all")}) {
      counts[key].second++;
      if (ev.caught) {
        counts[key].first++;
        if (ev.lead_days) leads[key].push_back(*ev.lead_days);
      }
    }
  }
  std::cout << "\n" << std::setw(12) << "jurisdiction" << std::setw(10) << "caught" << std::setw(10)
            << "recall" << "median lead time\n";
  for (const auto& [key, c] : counts) {
    std::ostringstream recall;
    recall << std::fixed << std::setprecision(1) << (c.second ? 100.0 * c.first / c.second : 0) << "%";
    std::cout << std::setw(12) << key << std::setw(10)
              << (std::to_string(c.first) + "/" + std::to_string(c.second)) << std::setw(10) << recall.str()
              << Median(leads[key]) << "\n";
  }
  return 0;
}

}  // namespace pc::cli
