#include "http/qr_svg.h"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

#include "common/error.h"

namespace pc::http {

std::string QrSvg(const std::string& text) {
  // Level M (15 % recovery) survives a crease or a stamp on a printed page.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  if (!code) throw Unavailable("cannot encode the licence link as a QR code");
  const int quiet = 4;  // the standard's quiet zone, in modules
  const int size = code->width + 2 * quiet;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
                    std::to_string(size) + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" " +
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)  // bit 0: a dark module
        svg += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
  return svg + "\"/></svg>";
}

}  // namespace pc::http
