// Small string helpers shared by the layers that write explanations.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pc {

// `s` without white space (spaces, tabs, line ends) at either end.
inline std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "a; b; c" from {"a", "b", "c"} and "; ".
inline std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

// Characters of UTF-8 text, not bytes (code points: a Chinese name takes
// three bytes a character; a terminal shows each in one cell, wide scripts
// aside).
inline std::size_t Utf8Characters(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// `s` in a column of `width` characters: cut with an ellipsis when longer,
// padded with spaces when shorter, never split inside a UTF-8 character.
inline std::string FitColumn(const std::string& s, std::size_t width) {
  if (width == 0) return "";
  std::size_t n = Utf8Characters(s);
  if (n <= width) return s + std::string(width - n, ' ');
  std::string out;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool starts = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts && ++kept == width) break;  // room for the ellipsis
    out += s[i];
  }
  return out + "\u2026";
}

}  // namespace pc
