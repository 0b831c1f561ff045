#include "screen/screener.h"

#include <algorithm>

#include "chem/cas.h"
#include "chem/molecule.h"
#include "chem/standardize.h"
#include "common/strings.h"
#include "rules/conversions.h"
#include "rules/obligations.h"
#include "screen/fast_path.h"

namespace pc::screen {
namespace {

using rules::ScreenResult;
using rules::Status;

// Tells a mistyped SMILES (an error) from an unknown name (unresolved). A
// name has white space or a word: a run of three or more lower-case letters
// that are not all aromatic-atom letters, as in "fentanyl" but not "cccc".
bool LooksLikeName(const std::string& text) {
  if (text.find_first_of(" \t") != std::string::npos) return true;
  size_t run = 0;
  bool wordy = false;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') {
      ++run;
      if (std::string_view("cnosp").find(c) == std::string_view::npos) wordy = true;
      if (run >= 3 && wordy) return true;
    } else {
      run = 0;
      wordy = false;
    }
  }
  return false;
}

// "C CCC(=O)N(...)...": a structure with text after it is a record typed
// wrong (RDKit alone would screen methane), not a name; it is an error.
bool StructureWithTextAfter(const std::string& text) {
  size_t space = text.find_first_of(" \t");
  if (space == std::string::npos) return false;
  try {
    return chem::ParseSmilesRaw(text.substr(0, space)) != nullptr;
  } catch (const std::exception&) {
    return false;  // RDKit's parse errors: the head is no structure
  }
}

// Explicit type prefixes ("cas:", "name:", "smiles:") settle ambiguous input
// such as a name that also parses as SMILES.
InputHint TakePrefix(std::string& text, InputHint hint) {
  static const std::pair<const char*, InputHint> kPrefixes[] = {
      {"smiles:", InputHint::kSmiles}, {"cas:", InputHint::kCas}, {"name:", InputHint::kName}};
  for (const auto& [prefix, h] : kPrefixes) {
    std::string p = prefix;
    if (text.size() > p.size() && std::equal(p.begin(), p.end(), text.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      text = Trim(text.substr(p.size()));
      return h;
    }
  }
  return hint;
}

}  // namespace

Screener::Screener(std::shared_ptr<const registry::Registry> registry,
                   std::shared_ptr<const rules::RuleSet> rules, chem::ParseLimits limits)
    : registry_(std::move(registry)), rules_(std::move(rules)), limits_(limits) {}

Screener::Screener(std::shared_ptr<const registry::Registry> registry)
    : Screener(registry, rules::RuleSet::Load(registry->data_dir(), registry)) {}

Screener::~Screener() = default;

const FastPath& Screener::fast_path() const {
  std::call_once(fast_path_once_, [&] { fast_path_ = std::make_unique<FastPath>(rules_->rules()); });
  return *fast_path_;
}

ScreenResult Screener::Screen(const InputRecord& record, const rules::Query& query) const {
  return Screen(record, query, ScreenOptions{});
}

ScreenResult Screener::Screen(const InputRecord& record, const rules::Query& query,
                              const ScreenOptions& options, bool* settled_fast) const {
  auto result = Identify(record, query, options, settled_fast);
  if (options.transaction) rules::AssessObligations(result, *options.transaction);
  return result;
}

// A name the registry does not list, read by the injected resolver. Returns
// why it could not be read (empty when `parsed` holds its structure). A
// resolver that could not run says so: the name is unresolved, never clear.
std::string Screener::ReadName(const std::string& text, rules::ScreenResult& r,
                               chem::ParsedMolecule& parsed) const {
  if (!names_) return "name '" + text + "' is not in the registry and no name parser is configured; " +
                      "screen its structure to get a verdict";
  auto reading = names_->Resolve({text}).front();
  if (!reading.ok())
    return "name '" + text + "' is not in the registry" +
           (reading.reason.empty() ? std::string() : " and " + reading.reason) +
           "; screen its structure to get a verdict";
  parsed = chem::ParseSmiles(reading.smiles, limits_);
  if (!parsed)
    return "name '" + text + "' was read by " + reading.source + " as " + reading.smiles +
           ", which is not a valid structure (" + parsed.error + ")";
  r.structure_source = reading.source;
  return "";
}

// Reads the record, standardises it and applies every rule: the verdict,
// which does not depend on the transaction.
ScreenResult Screener::Identify(const InputRecord& record, const rules::Query& query,
                                const ScreenOptions& options, bool* settled_fast) const {
  if (settled_fast) *settled_fast = false;
  bool use_fast_path = options.fast_path && !options.structure_when_clear;
  ScreenResult r;
  r.id = record.id;
  r.as_of = query.as_of;
  r.registry = registry_;  // what a clear verdict states it consulted
  InputHint hint = record.hint;
  std::string text = hint == InputHint::kMolBlock ? record.text : Trim(record.text);
  r.input = hint == InputHint::kMolBlock ? "(molfile)" : text;
  auto fail = [&](Status status, std::string reason) {
    r.status = status;
    r.error = std::move(reason);
    return r;
  };
  if (!record.read_error.empty()) return fail(Status::kError, record.read_error);
  if (text.empty()) return fail(Status::kError, "empty record");
  if (hint != InputHint::kMolBlock) {
    if (auto problem = chem::ControlCharacterProblem(text); !problem.empty())
      return fail(Status::kError, problem);
    hint = TakePrefix(text, hint);
  }

  // 1. Identify the input and get a molecule for it.
  chem::ParsedMolecule parsed;
  std::vector<std::string> named_salts;
  if (hint == InputHint::kMolBlock) {
    r.input_type = "molfile";
    parsed = chem::ParseMolBlock(text, limits_);
    if (!parsed) return fail(Status::kError, parsed.error);
  } else if ((hint == InputHint::kAuto || hint == InputHint::kCas) && chem::LooksLikeCas(text)) {
    r.input_type = "cas";
    auto cas = chem::ValidCas(text);
    if (!cas)
      return fail(Status::kError, "CAS RN " + text + " has a wrong check digit (expected " +
                                      std::to_string(chem::CasExpectedCheckDigit(text)) + ")");
    auto entries = registry_->ByCas(*cas);
    if (entries.empty())
      return fail(Status::kUnresolved, "CAS RN " + *cas + " is not in the registry; " +
                                           "screen its structure to get a verdict");
    r.structure_source = "registry";
    parsed = chem::ParseSmiles(entries.front()->smiles, limits_);
  } else if (hint == InputHint::kCas) {
    r.input_type = "cas";
    return fail(Status::kError, "'" + text + "' is not a CAS RN (expected NNNNNNN-NN-N)");
  } else {
    auto name = registry_->names().Normalize(text);
    auto entries = hint == InputHint::kSmiles ? std::vector<const registry::Entry*>{}
                                              : registry_->ByName(name.key);
    if (!entries.empty()) {
      r.input_type = "name";
      r.structure_source = "registry";
      named_salts = name.salt_words;
      parsed = chem::ParseSmiles(entries.front()->smiles, limits_);
    } else if (hint == InputHint::kName) {
      r.input_type = "name";
      if (auto reason = ReadName(text, r, parsed); !reason.empty())
        return fail(Status::kUnresolved, reason);
    } else if (use_fast_path && fast_path().SettlesClear(text, limits_)) {
      // The full pipeline's result for this record, without a structure.
      r.input_type = "smiles";
      for (const auto& code : registry_->jurisdictions())
        if (query.Wants(code)) r.jurisdictions[code];
      r.verdict = rules::Verdict::kClear;
      if (settled_fast) *settled_fast = true;
      return r;
    } else {
      parsed = chem::ParseSmiles(text, limits_);
      screen::NameReading known;
      if (!parsed && hint != InputHint::kSmiles && names_ && !LooksLikeName(text))
        known = names_->ResolveKnown(text);  // an abbreviation such as "Boc-4-AP"
      if (parsed) {
        r.input_type = "smiles";
      } else if (known.ok()) {
        r.input_type = "name";
        r.structure_source = known.source;
        parsed = chem::ParseSmiles(known.smiles, limits_);
      } else if (hint == InputHint::kSmiles || !LooksLikeName(text) || StructureWithTextAfter(text)) {
        r.input_type = "smiles";
        return fail(Status::kError, parsed.error);
      } else {
        r.input_type = "name";
        std::string smiles_error = parsed.error;
        if (auto reason = ReadName(text, r, parsed); !reason.empty())
          return fail(Status::kUnresolved, "'" + text + "' is neither a name in the registry " +
                                               "nor a valid SMILES (" + smiles_error + "); " + reason);
      }
    }
  }
  if (!parsed) return fail(Status::kError, parsed.error);

  // 2. Standardise to parent structures.
  chem::StandardForm form = chem::ThreadStandardizer().Standardize(*parsed.mol);
  if (!form.error.empty()) return fail(Status::kError, form.error);
  // A salt word in the name stands for the counter-ion it names; a hydrate
  // word for water, which needs no salts clause.
  for (const auto& w : named_salts)
    form.removed_fragments.push_back(w.find("hydrate") != std::string::npos ? "O" : w + " (named)");
  for (const auto& c : form.components) r.components.push_back(c.smiles);
  r.removed_fragments = form.removed_fragments;
  if (form.neutralised) r.notes.push_back("neutralised a charged parent");
  if (form.hydrate_reduced) r.notes.push_back("carbonyl hydrate (gem-diol) read as its carbonyl");
  if (!form.tautomer_kept.empty())
    r.notes.push_back("screened in the tautomer as written: RDKit's tautomer enumeration failed (" +
                      form.tautomer_kept + ")");
  if (form.components.size() > 1)
    r.notes.push_back("mixture: " + std::to_string(form.components.size()) +
                      " organic components screened separately");

  // 3. Rules.
  for (const auto& code : registry_->jurisdictions())
    if (query.Wants(code)) r.jurisdictions[code];
  try {
    for (const auto& rule : rules_->rules()) rule->Evaluate(form, query, r.jurisdictions);
  } catch (const rules::BudgetExceeded& e) {
    r.jurisdictions.clear();  // partly evaluated: no per-jurisdiction answer stands
    return fail(Status::kError, e.what());
  }
  r.verdict = rules::Verdict::kClear;
  for (const auto& [code, jr] : r.jurisdictions) r.verdict = std::max(*r.verdict, jr.verdict);
  if (*r.verdict == rules::Verdict::kClear && !options.structure_when_clear) {
    r.components.clear();
    r.removed_fragments.clear();
    r.notes.clear();
  }
  return r;
}

}  // namespace pc::screen
