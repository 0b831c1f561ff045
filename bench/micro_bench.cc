// Micro-benchmarks of the screening steps, per molecule, over real
// catalogue SMILES (the committed background sample, or the file named by
// $PC_BENCH_SMILES). Each iteration handles one molecule, cycling through
// the sample, so items_per_second is molecules per second on one core.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include <GraphMol/MolOps.h>
#include <GraphMol/SmilesParse/SmilesParse.h>

#include "chem/molecule.h"
#include "chem/standardize.h"
#include "registry/registry.h"
#include "screen/fast_path.h"
#include "screen/reader.h"
#include "screen/screener.h"
#include "screen/writer.h"

namespace {

using namespace pc;

const std::vector<std::string>& Smiles() {
  static std::vector<std::string> smiles = [] {
    const char* env = std::getenv("PC_BENCH_SMILES");
    std::ifstream in(env ? env : PC_BENCH_SAMPLE);
    std::vector<std::string> v;
    std::string line;
    while (std::getline(in, line)) v.push_back(line.substr(0, line.find('\t')));
    return v;
  }();
  return smiles;
}

const screen::Screener& TheScreener() {
  static screen::Screener s(registry::Registry::Load(PC_DATA_DIR));
  return s;
}

template <typename F>
void Each(benchmark::State& state, F f) {
  const auto& v = Smiles();
  size_t i = 0;
  for (auto _ : state) {
    f(v[i]);
    if (++i == v.size()) i = 0;
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

void BM_ReadLines(benchmark::State& state) {
  std::string text;
  for (const auto& s : Smiles()) text += s + "\tid\n";
  std::istringstream in(text);
  auto reader = screen::OpenReader(in, screen::InputFormat::kLines);
  screen::InputRecord r;
  for (auto _ : state) {
    if (!reader->Next(r)) {
      in.clear();
      in.str(text);
      reader = screen::OpenReader(in, screen::InputFormat::kLines);
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

void BM_ParseUnsanitised(benchmark::State& state) {
  RDKit::SmilesParserParams p;
  p.sanitize = false;
  p.removeHs = false;
  Each(state, [&](const std::string& s) { delete RDKit::SmilesToMol(s, p); });
}

// The parse and the sanitisation steps the fast path runs on every record.
void BM_ParsePartlySanitised(benchmark::State& state) {
  RDKit::SmilesParserParams p;
  p.sanitize = false;
  p.removeHs = false;
  unsigned ops = RDKit::MolOps::SANITIZE_CLEANUP | RDKit::MolOps::SANITIZE_PROPERTIES |
                 RDKit::MolOps::SANITIZE_SYMMRINGS | RDKit::MolOps::SANITIZE_KEKULIZE |
                 RDKit::MolOps::SANITIZE_FINDRADICALS;
  Each(state, [&](const std::string& s) {
    std::unique_ptr<RDKit::RWMol> m(RDKit::SmilesToMol(s, p));
    unsigned failed = 0;
    try {
      if (m) RDKit::MolOps::sanitizeMol(*m, failed, ops);
    } catch (const std::exception&) {
    }
  });
}

void BM_ParseSanitisedRDKit(benchmark::State& state) {
  Each(state, [](const std::string& s) { delete RDKit::SmilesToMol(s); });
}

void BM_ParseChem(benchmark::State& state) {
  Each(state, [](const std::string& s) { benchmark::DoNotOptimize(chem::ParseSmiles(s)); });
}

void BM_Standardize(benchmark::State& state) {
  std::vector<std::unique_ptr<RDKit::RWMol>> mols;
  for (size_t i = 0; i < std::min<size_t>(300, Smiles().size()); ++i)
    if (auto p = chem::ParseSmiles(Smiles()[i])) mols.push_back(std::move(p.mol));
  chem::Standardizer standardizer;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(standardizer.Standardize(*mols[i]));
    if (++i == mols.size()) i = 0;
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

void BM_FastPathCheck(benchmark::State& state) {
  const auto& fp = TheScreener().fast_path();
  Each(state, [&](const std::string& s) { benchmark::DoNotOptimize(fp.SettlesClear(s, {})); });
}

void ScreenEach(benchmark::State& state, bool fast) {
  const auto& screener = TheScreener();
  rules::Query query{{}, *Date::ParseDay("2026-01-01")};
  screen::ScreenOptions options;
  options.structure_when_clear = false;
  options.fast_path = fast;
  auto writer = screen::MakeWriter(screen::OutputFormat::kJsonl, std::cout, {});
  Each(state, [&](const std::string& s) {
    screen::InputRecord r{"id", s, screen::InputHint::kAuto, ""};
    benchmark::DoNotOptimize(writer->Render(screener.Screen(r, query, options)));
  });
}

void BM_ScreenFastPath(benchmark::State& state) { ScreenEach(state, true); }
void BM_ScreenFullPipeline(benchmark::State& state) { ScreenEach(state, false); }

void BM_RenderClearJson(benchmark::State& state) {
  rules::Query query{{}, *Date::ParseDay("2026-01-01")};
  screen::ScreenOptions options;
  options.structure_when_clear = false;
  options.fast_path = true;
  auto result = TheScreener().Screen({"id", "CCO", screen::InputHint::kAuto, ""}, query, options);
  auto writer = screen::MakeWriter(screen::OutputFormat::kJsonl, std::cout, {});
  for (auto _ : state) benchmark::DoNotOptimize(writer->Render(result));
  state.SetItemsProcessed(int64_t(state.iterations()));
}

BENCHMARK(BM_ReadLines);
BENCHMARK(BM_ParseUnsanitised);
BENCHMARK(BM_ParsePartlySanitised);
BENCHMARK(BM_ParseSanitisedRDKit);
BENCHMARK(BM_ParseChem);
BENCHMARK(BM_FastPathCheck);
BENCHMARK(BM_RenderClearJson);
BENCHMARK(BM_ScreenFastPath);
BENCHMARK(BM_Standardize);
BENCHMARK(BM_ScreenFullPipeline)->MinTime(5);

}  // namespace

int main(int argc, char** argv) {
  pc::chem::SilenceRDKitLogs();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
