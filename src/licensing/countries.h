// Which registry jurisdictions bind a trade with a given country: data, not
// code (data/licensing/countries.json), so a new member state or a national
// list is a reviewed data change.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pc::licensing {

class CountryMap {
 public:
  // Throws std::runtime_error naming the file and the problem.
  static CountryMap Load(const std::filesystem::path& file);
  // Every country gets `every_country` plus its own entries, in that order.
  std::vector<std::string> JurisdictionsFor(const std::string& country) const;

 private:
  std::vector<std::string> every_country_;
  std::map<std::string, std::vector<std::string>> countries_;
};

bool IsCountryCode(const std::string& code);  // two upper-case letters

}  // namespace pc::licensing
