// CSV with a header naming the SMILES and id columns, quoting included.
#include "fuzz_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pc::fuzz::ScreenRecords(data, size, pc::screen::InputFormat::kCsv, "input.csv", {"smiles", "id"});
  return 0;
}
