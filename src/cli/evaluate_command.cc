// precursor evaluate: the engine against labelled structures (the corpus
// format: id,name,smiles,cas,label,...). Prints the confusion matrix of the
// US class verdict and of precursor control, and every disagreement with the
// engine's own reason, so that each can be argued.
#include <iomanip>
#include <iostream>

// fast-cpp-csv-parser copies file names with strncpy; its bounded copy is
// intended, and g++ 12 warns about it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include "cli/commands.h"
#include "cli/context.h"
#include "screen/screener.h"

namespace pc::cli {
namespace {

struct Row {
  std::string file, id, name, smiles, label;
  int line = 0;
};

// The corpus labels, each for one question and with the answer it expects;
// a label not here is refused rather than counted on either side.
struct Label {
  const char* name;
  bool frs_question;  // the US class question; else US precursor control
  bool expected;      // inside the class / controlled
};
const Label kLabels[] = {
    {"FRS", true, true},
    {"FRS_PARENT", true, true},
    {"OUTSIDE_FRS", true, false},
    {"NOT_FRS", true, false},
    {"LIST_I", false, true},
    {"LIST_I_BY_CLASS_CLAUSE", false, true},
    {"SCHED_II_IMMEDIATE_PRECURSOR", false, true},
    {"REAGENT_UNLISTED", false, false},
};

const Label* FindLabel(const std::string& name) {
  for (const auto& l : kLabels)
    if (name == l.name) return &l;
  return nullptr;
}

// US class verdict: inside the class definition, or fentanyl itself (the
// labels count the parent with the class).
bool InsideUsClass(const rules::ScreenResult& r, std::string* reason) {
  auto it = r.jurisdictions.find("US");
  if (it == r.jurisdictions.end()) return false;
  for (const auto& m : it->second.matches)
    if (m.rule == rules::RuleKind::kClass) {
      *reason = m.explanation;
      return true;
    }
  for (const auto& m : it->second.near_misses)
    if (m.rule == rules::RuleKind::kClass) {
      *reason = m.explanation;
      if (m.details.value("outcome", "") == "parent") return true;
    }
  if (reason->empty()) *reason = "no fentanyl scaffold (4-anilidopiperidine with N1 substituent slot)";
  return false;
}

bool UsControlled(const rules::ScreenResult& r, std::string* reason) {
  auto it = r.jurisdictions.find("US");
  if (it == r.jurisdictions.end() || it->second.matches.empty()) {
    *reason = "no US listing, family or class matches";
    for (const auto& m : it->second.near_misses) *reason += "; " + m.explanation;
    return false;
  }
  for (const auto& m : it->second.matches) *reason += (reason->empty() ? "" : "; ") + m.explanation;
  return it->second.verdict == rules::Verdict::kControlled;
}

struct Matrix {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  void Add(bool expected, bool got) {
    (expected ? (got ? tp : fn) : (got ? fp : tn))++;
  }
  int total() const { return tp + fp + fn + tn; }
  void Print(const std::string& title, const std::string& pos, const std::string& neg) const {
    std::cout << title << "\n"
              << "                     engine " << std::setw(10) << pos << "  engine " << neg << "\n"
              << "  label " << std::setw(12) << pos << "  " << std::setw(14) << tp << "  " << fn << "\n"
              << "  label " << std::setw(12) << neg << "  " << std::setw(14) << fp << "  " << tn << "\n";
    if (total())
      std::cout << "  agreement: " << (tp + tn) << "/" << total() << " = " << std::fixed
                << std::setprecision(1) << 100.0 * (tp + tn) / total() << "%\n\n";
  }
};

}  // namespace

int EvaluateCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"as-of", "data"});
  if (args.positional().empty()) throw UsageError("evaluate needs at least one labelled CSV file");
  auto registry = LoadRegistry(args);
  screen::Screener screener(registry);
  rules::Query query{{"US"}, ParseDateOption(args, "as-of", Date::Today())};

  std::vector<Row> rows;
  for (const auto& path : args.positional()) {
    try {
      io::CSVReader<4, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>> in(path);
      in.read_header(io::ignore_extra_column, "id", "name", "smiles", "label");
      Row row;
      row.file = path;
      while (in.read_row(row.id, row.name, row.smiles, row.label)) {
        row.line = int(in.get_file_line());
        if (!FindLabel(row.label)) {
          std::string known;
          for (const auto& l : kLabels) known += (known.empty() ? "" : ", ") + std::string(l.name);
          std::cerr << "precursor evaluate: " << path << ":" << row.line << ": record '" << row.id
                    << "': unknown label '" << row.label << "' (known: " << known << ")\n";
          return 2;
        }
        rows.push_back(row);
      }
    } catch (const io::error::base& e) {
      std::cerr << "precursor evaluate: " << e.what() << "\n";
      return 2;
    }
  }

  Matrix frs, precursors;
  std::vector<std::string> disagreements;
  for (const auto& row : rows) {
    screen::InputRecord record;
    record.id = row.id;
    record.text = row.smiles;
    record.hint = screen::InputHint::kSmiles;
    auto r = screener.Screen(record, query);
    std::string reason;
    if (r.status != rules::Status::kOk) {
      disagreements.push_back(row.id + " " + row.name + " [" + row.label + "]: not screened: " + r.error);
      continue;
    }
    const Label& label = *FindLabel(row.label);
    bool expected = label.expected, got;
    if (label.frs_question) {
      got = InsideUsClass(r, &reason);
      frs.Add(expected, got);
    } else {
      got = UsControlled(r, &reason);
      precursors.Add(expected, got);
    }
    if (expected != got)
      disagreements.push_back(row.id + " " + row.name + " [" + row.label + "]: engine says " +
                              (got ? "inside/controlled" : "outside/not controlled") + ": " + reason);
  }

  std::cout << "Evaluated " << rows.size() << " labelled structures, US, as of "
            << query.as_of.ToString() << "\n\n";
  frs.Print("US fentanyl-related substances class (FRS, FRS_PARENT vs OUTSIDE_FRS, NOT_FRS)", "inside",
            "outside");
  precursors.Print("US precursor control (LIST_I*, SCHED_II* vs REAGENT_UNLISTED)", "controlled",
                   "clear");
  std::cout << "Disagreements: " << disagreements.size() << "\n";
  for (const auto& d : disagreements) std::cout << "- " << d << "\n";
  return 0;
}

}  // namespace pc::cli
