#include <fstream>
#include <iostream>
#include <map>

#include "chem/depict.h"
#include "chem/molecule.h"

#include "cli/commands.h"
#include "cli/context.h"
#include "screen/screener.h"

namespace pc::cli {
namespace {

void PrintMatch(const rules::Match& m) {
  const auto& e = *m.entry;
  std::cout << "  - " << rules::ToString(m.rule) << ": " << e.name << " [" << e.id << "]\n"
            << "    list:      " << e.list << " / " << e.category << "\n"
            << "    since:     " << (m.since ? m.since->ToString() : "date not known");
  if (e.date_basis() == registry::DateBasis::kNoticeDate)
    std::cout << " (notice/decision date; effective date not verified)";
  std::cout << "\n    citation:  " << e.citation << "\n";
  if (!m.clauses.empty()) {
    std::cout << "    clauses:  ";
    for (const auto& c : m.clauses) {
      std::cout << " " << c;
      if (const auto* sc = e.FindClause(c); sc && sc->verification != registry::Verification::kVerified)
        std::cout << " (" << registry::ToString(sc->verification) << ")";
    }
    std::cout << "\n";
  }
  std::cout << "    why:       " << m.explanation << "\n";
  if (m.details.contains("modifications"))
    for (const auto& mod : m.details["modifications"])
      std::cout << "    clause " << mod["clause"].get<std::string>() << ":  " << mod["text"].get<std::string>()
                << "  (atoms " << mod["atoms"].dump() << ")\n";
  if (e.verification != registry::Verification::kVerified || !e.unverified.empty()) {
    std::cout << "    CAUTION:   entry is " << registry::ToString(e.verification);
    if (!e.unverified.empty()) {
      std::cout << "; not verified:";
      for (const auto& f : e.unverified) std::cout << " " << f;
    }
    std::cout << "\n";
  }
}

// The structure with the regions of its most telling class or family result
// (a match before a near miss, a class before a family) in their colours.
std::string Depiction(const rules::ScreenResult& r) {
  const rules::Match* best = nullptr;
  auto rank = [](const rules::Match& m, bool near) {
    return (near ? 2 : 0) + (m.rule == rules::RuleKind::kClass ? 0 : 1);
  };
  int best_rank = 99;
  for (const auto& [code, jr] : r.jurisdictions) {
    for (const auto& m : jr.matches)
      if (m.details.contains("regions") && rank(m, false) < best_rank) best = &m, best_rank = rank(m, false);
    for (const auto& m : jr.near_misses)
      if (m.details.contains("regions") && rank(m, true) < best_rank) best = &m, best_rank = rank(m, true);
  }
  size_t component = best ? best->component : 0;
  auto parsed = chem::ParseSmiles(r.components.at(component));
  std::vector<chem::Highlight> highlights;
  std::string title = r.input + ": " + std::string(rules::ToString(*r.verdict));
  if (best) {
    title += " (" + best->entry->jurisdiction + " " + std::string(rules::ToString(best->rule)) + ": " +
             best->entry->name + ")";
    // A near miss marks the regions that kept it out, with the reason, first
    // (drawn in red, over any region they share atoms with).
    std::map<std::string, std::string> failed;  // region -> why
    if (best->details.contains("failed_regions")) {
      const auto& regions = best->details["failed_regions"];
      const auto& why = best->details["violations"];
      for (size_t i = 0; i < regions.size() && i < why.size(); ++i) {
        auto& text = failed[regions[i].get<std::string>()];
        text += (text.empty() ? "" : "; ") + why[i].get<std::string>();
      }
    }
    for (const auto& [region, atoms] : best->details["regions"].items())
      if (failed.count(region))
        highlights.push_back({region + ": " + failed[region], atoms.get<std::vector<unsigned>>(), true});
    for (const auto& [region, atoms] : best->details["regions"].items()) {
      if (failed.count(region)) continue;
      std::string label = region;
      if (best->details.contains("modifications"))
        for (const auto& mod : best->details["modifications"])
          if (mod["region"] == region) label += "  [" + mod["clause"].get<std::string>() + ": " + mod["text"].get<std::string>() + "]";
      highlights.push_back({label, atoms.get<std::vector<unsigned>>()});
    }
  }
  return chem::DrawSvg(*parsed.mol, highlights, title);
}

}  // namespace

int ExplainCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"jurisdiction", "as-of", "depth", "data", "svg", "destination", "quantity", "unit",
                   "concentration"});
  if (args.positional().size() != 1) throw UsageError("explain takes exactly one INPUT");
  auto registry = LoadRegistry(args);
  rules::Query query = ParseQuery(args, *registry);
  screen::Screener screener(registry);
  screener.set_name_resolver(MakeNameParser(DataDir(args), registry));
  screen::InputRecord record;
  record.id = "input";
  record.text = args.positional()[0];
  screen::ScreenOptions options;
  options.transaction = ParseTransaction(args, query.as_of);
  auto r = screener.Screen(record, query, options);

  std::cout << "Input:     " << r.input << " (" << r.input_type << ")\n";
  if (r.status != rules::Status::kOk) {
    std::cout << "Status:    " << rules::ToString(r.status) << "\n"
              << "Reason:    " << r.error << "\n";
    return r.status == rules::Status::kError ? 1 : 0;
  }
  std::cout << "Structure: " << r.components.front() << "\n";
  for (size_t i = 1; i < r.components.size(); ++i) std::cout << "           " << r.components[i] << "\n";
  if (!r.removed_fragments.empty()) {
    std::cout << "Removed:  ";
    for (const auto& f : r.removed_fragments) std::cout << " " << f;
    std::cout << "\n";
  }
  for (const auto& n : r.notes) std::cout << "Note:      " << n << "\n";
  std::cout << "As of:     " << r.as_of.ToString() << "\n"
            << "Verdict:   " << rules::ToString(*r.verdict) << "\n";
  for (const auto& [code, jr] : r.jurisdictions) {
    std::cout << "\n" << code << ": " << rules::ToString(jr.verdict) << "\n";
    for (const auto& m : jr.matches) PrintMatch(m);
    for (const auto& m : jr.near_misses)
      std::cout << "  - near miss (" << rules::ToString(m.rule) << ", " << m.entry->id << "): " << m.explanation
                << "\n";
    for (const auto& m : jr.announced) std::cout << "  - announced (" << m.entry->id << "): " << m.explanation << "\n";
    if (jr.obligations_assessed && jr.verdict == rules::Verdict::kControlled) {
      std::cout << "  duties for this transaction:\n";
      if (jr.obligations.empty()) std::cout << "    (the listings state none; ask the authority)\n";
      for (const auto& a : jr.obligations)
        std::cout << "    " << registry::ToString(a.obligation.kind) << ": " << registry::ToString(a.duty) << " — "
                  << a.reason << "\n      " << a.obligation.citation << "\n";
    }
  }
  if (auto svg = args.Get("svg")) {
    std::ofstream out(*svg);
    out << Depiction(r);
    if (!out) {
      std::cerr << "precursor explain: cannot write " << *svg << "\n";
      return 2;
    }
    std::cout << "\nDrawing written to " << *svg << "\n";
  }
  return 0;
}

}  // namespace pc::cli
