// Lists the records of a SMILES file that the fast path leaves to the full
// pipeline, with the time the full pipeline takes on each, its verdict, and
// whether its result is "plain": clear with nothing else to say (no match,
// no near miss), the result a settled record gets. What to look at when
// tuning the fast path's conditions; the plain records' time is what even
// a fast path that settled every plain record could save. For a plain
// record, the last column says whether its standard form (canonical
// tautomer included) still meets the fast path's anchor conditions
// ("anchor"), or whether conditions read from the input lost it ("none").
//   fast_path_probe FILE
#include <chrono>
#include <fstream>
#include <iostream>

#include "chem/molecule.h"
#include "chem/standardize.h"
#include "registry/registry.h"
#include "screen/fast_path.h"
#include "screen/screener.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: fast_path_probe FILE\n";
    return 2;
  }
  pc::chem::SilenceRDKitLogs();
  pc::screen::Screener screener(pc::registry::Registry::Load(PC_DATA_DIR));
  const auto& fp = screener.fast_path();
  std::cerr << "fast path " << fp.description() << "\n";
  pc::rules::Query query{{}, *pc::Date::ParseDay("2026-01-01")};
  std::ifstream in(argv[1]);
  std::string line;
  // Does the record's standard form, canonical tautomer included, meet an
  // anchor condition?
  auto standard_form_has_anchor = [&](const std::string& smiles) {
    auto parsed = pc::chem::ParseSmiles(smiles);
    if (!parsed) return true;
    return fp.FormMayMatch(pc::chem::ThreadStandardizer().Standardize(*parsed.mol));
  };
  size_t n = 0, left = 0, plain = 0, plain_anchor = 0;
  double full_ms = 0, plain_ms = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string smiles = line.substr(0, line.find('\t'));
    if (fp.SettlesClear(smiles, {})) continue;
    ++left;
    auto t0 = std::chrono::steady_clock::now();
    auto r = screener.Screen({"probe", smiles, pc::screen::InputHint::kAuto, ""}, query);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    full_ms += ms;
    bool is_plain = r.verdict == pc::rules::Verdict::kClear;
    for (const auto& [code, jr] : r.jurisdictions)
      is_plain = is_plain && jr.matches.empty() && jr.near_misses.empty();
    std::string anchor = "-";
    if (is_plain) {
      ++plain;
      plain_ms += ms;
      bool has = standard_form_has_anchor(smiles);
      plain_anchor += has;
      anchor = has ? "anchor" : "none";
    }
    std::cout << ms << "\t" << (r.verdict ? std::string(pc::rules::ToString(*r.verdict)) : "error")
              << "\t" << (is_plain ? "plain" : "-") << "\t" << smiles << "\t" << anchor << "\n";
  }
  std::cerr << left << " of " << n << " records left to the full pipeline, " << full_ms / double(left ? left : 1)
            << " ms each on average; " << plain << " of them plain clear, taking " << plain_ms << " of "
            << full_ms << " ms; " << plain_anchor << " of those with an anchor in their standard form\n";
}
