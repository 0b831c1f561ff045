// The sizes an application's fields may have, in one place: the service
// checks them (whoever calls it), and the API's reader refuses a longer
// value while reading the body, with the field's path.
#pragma once

#include <cstddef>

namespace pc::licensing::limits {

// A country is a two-letter code; a longer text ("Germany") is read so the
// service can say which code was meant rather than "too long".
inline constexpr std::size_t kCountryText = 100;
inline constexpr std::size_t kPartyName = 500;         // importer or consignee
inline constexpr std::size_t kAddress = 2'000;
inline constexpr std::size_t kRegistrationNumber = 200;
inline constexpr std::size_t kItems = 100;               // line items per application
inline constexpr std::size_t kSubstance = 100'000;       // a SMILES, name, CAS RN or molfile
inline constexpr std::size_t kEndUse = 5'000;
inline constexpr std::size_t kImportAuthorisation = 200;
inline constexpr std::size_t kTransitCountries = 20;
inline constexpr std::size_t kPort = 200;
inline constexpr std::size_t kHsCode = 100;
inline constexpr std::size_t kAnswer = 20'000;           // an answer to an information request

}  // namespace pc::licensing::limits
