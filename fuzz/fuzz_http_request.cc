// Raw bytes on a connection: request lines, headers, chunked bodies,
// multipart uploads, several requests kept alive. "TOKEN" in the input
// becomes a signed-in exporter's token, so the seeds reach the routes
// behind authentication.
#include "fuzz_http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& api = pc::fuzz::FuzzApi::Get();
  pc::fuzz::CheckAnswer(api.Process(std::string(reinterpret_cast<const char*>(data), size)));
  return 0;
}
