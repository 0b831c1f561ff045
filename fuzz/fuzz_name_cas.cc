// One name or CAS RN (or anything typed where one is expected), read with
// each hint a client can give: none, "name", "cas".
#include "fuzz_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using pc::screen::InputHint;
  static constexpr InputHint kHints[] = {InputHint::kAuto, InputHint::kName, InputHint::kCas};
  pc::screen::InputRecord record;
  record.id = "fuzz";
  record.hint = kHints[data[0] % 3];
  record.text.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  pc::rules::Query query{{}, *pc::Date::ParseDay("2026-01-01"), -1};
  auto result = pc::fuzz::FuzzScreener().Screen(record, query);
  if (!result.verdict && result.error.empty()) std::abort();
  return 0;
}
