// SDF: V2000 and V3000 molfiles separated by "$$$$".
#include "fuzz_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pc::fuzz::ScreenRecords(data, size, pc::screen::InputFormat::kSdf, "input.sdf");
  return 0;
}
