#include "chem/cas.h"

#include <regex>

namespace pc::chem {

bool LooksLikeCas(std::string_view text) {
  static const std::regex kShape(R"(^\d{2,7}-\d{2}-\d$)");
  return std::regex_match(text.begin(), text.end(), kShape);
}

int CasExpectedCheckDigit(std::string_view text) {
  std::string digits;
  for (char c : text.substr(0, text.size() - 2))
    if (c != '-') digits.push_back(c);
  int sum = 0, weight = 1;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, ++weight) sum += (*it - '0') * weight;
  return sum % 10;
}

std::optional<std::string> ValidCas(std::string_view text) {
  if (!LooksLikeCas(text)) return std::nullopt;
  if (CasExpectedCheckDigit(text) != text.back() - '0') return std::nullopt;
  size_t first = text.find_first_not_of('0');
  return std::string(text.substr(first));
}

}  // namespace pc::chem
