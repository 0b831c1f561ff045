#include <fstream>
#include <iostream>
#include "chem/molecule.h"
#include "registry/registry.h"
#include "screen/fast_path.h"
#include "screen/screener.h"
#include <GraphMol/SmilesParse/SmilesParse.h>
int main(int argc, char** argv) {
  pc::chem::SilenceRDKitLogs();
  auto reg = pc::registry::Registry::Load(PC_DATA_DIR);
  pc::screen::Screener s(reg);
  const auto& fp = s.fast_path();
  std::cerr << fp.description() << "\n";
  std::ifstream in(argv[1]);
  std::string line;
  while (std::getline(in, line)) {
    std::string smi = line.substr(0, line.find('\t'));
    if (fp.SettlesClear(smi, {})) continue;
    RDKit::SmilesParserParams p; p.sanitize=false; p.removeHs=false;
    std::unique_ptr<RDKit::RWMol> m(RDKit::SmilesToMol(smi, p));
    std::cout << (m ? (fp.TextMayMatch(smi) && fp.GraphMayMatch(*m) ? "graph" : "other") : "noparse") << "\t" << smi << "\n";
  }
}
