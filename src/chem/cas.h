// CAS Registry Numbers: shape and check digit (CAS's published algorithm:
// the check digit is the sum of each digit times its position counted from
// the right, excluding the check digit, modulo 10).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pc::chem {

// True for text of the form NNNNNNN-NN-N (2 to 7 digits in the first part),
// whatever the check digit. Used to tell a CAS RN from a name or a SMILES.
bool LooksLikeCas(std::string_view text);

// The check digit the first two parts call for; text must LooksLikeCas.
int CasExpectedCheckDigit(std::string_view text);

// The CAS RN with leading zeros stripped, if its check digit is right.
std::optional<std::string> ValidCas(std::string_view text);

}  // namespace pc::chem
