#include "licensing/countries.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace pc::licensing {

CountryMap CountryMap::Load(const std::filesystem::path& file, const std::filesystem::path& names_file) {
  std::ifstream in(file);
  if (!in) throw IoError(file.string() + ": cannot open");
  CountryMap map;
  std::ifstream names(names_file);
  if (!names) throw IoError(names_file.string() + ": cannot open (Debian package iso-codes)");
  try {
    const auto iso = nlohmann::json::parse(names);
    for (const auto& c : iso.at("3166-1"))
      map.names_[c.at("alpha_2").get<std::string>()] =
          c.contains("common_name") ? c["common_name"].get<std::string>() : c.at("name").get<std::string>();
  } catch (const std::exception& e) {
    throw InvalidData(names_file.string() + ": " + e.what());
  }
  try {
    auto j = nlohmann::json::parse(in);
    if (j.at("format") != "precursor-countries/1") throw InvalidData("format must be precursor-countries/1");
    map.every_country_ = j.at("every_country").get<std::vector<std::string>>();
    for (const auto& [code, list] : j.at("countries").items()) {
      if (!IsCountryCode(code)) throw InvalidData("'" + code + "' is not a country code");
      map.countries_[code] = list.get<std::vector<std::string>>();
    }
  } catch (const std::exception& e) {
    throw InvalidData(file.string() + ": " + e.what());
  }
  return map;
}

std::vector<std::string> CountryMap::JurisdictionsFor(const std::string& country) const {
  std::vector<std::string> out = every_country_;
  if (auto it = countries_.find(country); it != countries_.end())
    for (const auto& j : it->second)
      if (std::find(out.begin(), out.end(), j) == out.end()) out.push_back(j);
  return out;
}

std::string CountryMap::Name(const std::string& code) const {
  auto it = names_.find(code);
  return it == names_.end() ? "" : it->second;
}

bool IsCountryCode(const std::string& code) {
  return code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace pc::licensing
