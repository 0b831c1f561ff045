// Which registry jurisdictions bind a trade with a given country: data, not
// code (data/licensing/countries.json), so a new member state or a national
// list is a reviewed data change.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pc::licensing {

// The ISO 3166-1 country names come from Debian's iso-codes package, the
// list the distribution itself keeps current.
inline constexpr const char* kIsoCountryNames = "/usr/share/iso-codes/json/iso_3166-1.json";

class CountryMap {
 public:
  // Throws std::runtime_error naming the file and the problem.
  static CountryMap Load(const std::filesystem::path& file,
                         const std::filesystem::path& names_file = kIsoCountryNames);
  // Every country gets `every_country` plus its own entries, in that order.
  std::vector<std::string> JurisdictionsFor(const std::string& country) const;
  // The country's English short name; empty for a code ISO 3166-1 does not assign.
  std::string Name(const std::string& code) const;
  const std::map<std::string, std::string>& names() const { return names_; }

 private:
  std::vector<std::string> every_country_;
  std::map<std::string, std::vector<std::string>> countries_;
  std::map<std::string, std::string> names_;
};

bool IsCountryCode(const std::string& code);  // two upper-case letters

}  // namespace pc::licensing
