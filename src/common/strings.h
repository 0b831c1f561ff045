// Small string helpers shared by the layers that write explanations.
#pragma once

#include <string>
#include <vector>

namespace pc {

// "a; b; c" from {"a", "b", "c"} and "; ".
inline std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

}  // namespace pc
