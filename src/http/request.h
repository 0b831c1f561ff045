// Reading a JSON request body strictly: every field is checked for its type,
// required fields must be there, and a field the API does not know is an
// error (a misspelt "quantiy" must not be silently ignored). Every error
// names the field by its path, e.g. "items[0].quantity".
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace pc::http {

using Json = nlohmann::json;

// Parses a body that must be one JSON object; throws pc::Error.
Json ParseObject(const std::string& body);

class ObjectReader {
 public:
  // Throws when j is not an object.
  ObjectReader(const Json& j, std::string path);
  ObjectReader(Json&&, std::string) = delete;  // would keep a reference to a temporary

  std::string String(const std::string& key, std::size_t max_length = 10000);
  std::optional<std::string> OptString(const std::string& key, std::size_t max_length = 10000);
  double Number(const std::string& key);
  std::optional<double> OptNumber(const std::string& key);
  std::optional<std::int64_t> OptInt(const std::string& key);
  std::optional<bool> OptBool(const std::string& key);
  // The array at key (required), for the caller to walk with Path(key, i).
  const Json& Array(const std::string& key, std::size_t max_items = 1000);
  const Json* OptArray(const std::string& key, std::size_t max_items = 1000);
  ObjectReader Object(const std::string& key);
  std::optional<ObjectReader> OptObject(const std::string& key);
  // Throws for the first field that was never read.
  void Done() const;

  std::string Path(const std::string& key) const;
  std::string Path(const std::string& key, std::size_t index) const;

 private:
  const Json* Find(const std::string& key, bool required);

  const Json& j_;
  std::string path_;
  std::set<std::string> seen_;
};

}  // namespace pc::http
