// A QR code (ISO/IEC 18004, libqrencode) drawn as SVG: the e-licence's link
// to its verification page, printed on the licence for customs to scan.
#pragma once

#include <string>

namespace pc::http {

// Throws std::runtime_error when libqrencode cannot encode `text`.
std::string QrSvg(const std::string& text);

}  // namespace pc::http
