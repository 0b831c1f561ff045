// JSON request bodies, posted by a signed-in exporter to the routes that
// read one: screening and a new application. The first byte chooses the
// route. (Sign-in is left out: every attempt costs an Argon2 check.)
#include "fuzz_http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* kRoutes[] = {"/api/v1/screen", "/api/v1/applications"};
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string request = std::string("POST ") + kRoutes[data[0] % 2] +
                        " HTTP/1.1\r\nHost: fuzz\r\nAuthorization: Bearer TOKEN\r\n"
                        "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  pc::fuzz::CheckAnswer(pc::fuzz::FuzzApi::Get().Process(std::move(request)));
  return 0;
}
