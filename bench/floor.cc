// Reference rates for the throughput benchmark, on the same input file as
// the screen:
//   floor lines FILE   reading records (our reader, decompression included)
//   floor parse FILE   RDKit's SMILES parse with sanitisation, nothing else
// Prints "<mode> molecules=N seconds=S mol_per_s=R".
#include <chrono>
#include <iostream>

#include <GraphMol/SmilesParse/SmilesParse.h>

#include "chem/molecule.h"
#include "screen/input_stream.h"
#include "screen/reader.h"

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "lines" && std::string(argv[1]) != "parse")) {
    std::cerr << "usage: floor lines|parse FILE\n";
    return 2;
  }
  pc::chem::SilenceRDKitLogs();
  std::string mode = argv[1], error;
  auto input = pc::screen::InputStream::Open(argv[2], error);
  if (!input) {
    std::cerr << error << "\n";
    return 2;
  }
  auto reader = pc::screen::OpenReader(input->stream(), pc::screen::InputFormat::kLines);
  auto start = std::chrono::steady_clock::now();
  pc::screen::InputRecord record;
  size_t n = 0, parsed = 0;
  while (reader->Next(record)) {
    ++n;
    if (mode == "parse") {
      try {
        std::unique_ptr<RDKit::RWMol> mol(RDKit::SmilesToMol(record.text));
        parsed += mol != nullptr;
      } catch (const std::exception&) {
      }
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << mode << " molecules=" << n << " seconds=" << s << " mol_per_s=" << double(n) / s << "\n";
}
