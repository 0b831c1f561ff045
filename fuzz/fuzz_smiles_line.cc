// SMILES lines ("<input><TAB><id>"), each screened in full.
#include "fuzz_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pc::fuzz::ScreenRecords(data, size, pc::screen::InputFormat::kLines, "input.smi");
  return 0;
}
