// Reading one field of a registry file, each mistake an error that names the
// file, the entry, the field and the reason. Shared by the loader's parts
// (loader.cc: files and entries; loader_law.cc: categories and the law an
// entry carries). Internal to the registry library.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "registry/entry.h"
#include "registry/registry.h"

namespace pc::registry::load {

using json = nlohmann::json;

class Context {
 public:
  explicit Context(std::string file) : file_(std::move(file)) {}
  void SetEntry(std::string id) { entry_ = std::move(id); }
  const std::string& file() const { return file_; }
  [[noreturn]] void Fail(const std::string& field, const std::string& reason) const {
    std::string where = file_;
    if (!entry_.empty()) where += ": entry '" + entry_ + "'";
    if (!field.empty()) where += ": " + field;
    throw RegistryError(where + ": " + reason);
  }

 private:
  std::string file_, entry_;
};

inline std::string String(const json& obj, const char* key, const Context& ctx, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) ctx.Fail(key, "required field is missing");
    return "";
  }
  if (!it->is_string()) ctx.Fail(key, "must be a string");
  if (required && it->get<std::string>().empty()) ctx.Fail(key, "must not be empty");
  return it->get<std::string>();
}

inline std::vector<std::string> Strings(const json& obj, const char* key, const Context& ctx) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) ctx.Fail(key, "must be an array of strings");
  for (const auto& v : *it) {
    if (!v.is_string()) ctx.Fail(key, "must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

inline bool Bool(const json& obj, const char* key, const Context& ctx) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return false;
  if (!it->is_boolean()) ctx.Fail(key, "must be true or false");
  return it->get<bool>();
}

inline std::optional<double> Number(const json& obj, const char* key, const Context& ctx) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) ctx.Fail(key, "must be a number");
  return it->get<double>();
}

inline std::optional<LegalDate> OptionalDate(const json& obj, const char* key, const Context& ctx) {
  std::string text = String(obj, key, ctx, false);
  if (text.empty()) return std::nullopt;
  LegalDate d;
  auto parsed = Date::ParsePartial(text, &d.precision);
  if (!parsed) ctx.Fail(key, "'" + text + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  d.date = *parsed;
  return d;
}

inline Verification ParseVerification(const std::string& text, const std::string& key,
                                      const Context& ctx) {
  if (text == "verified") return Verification::kVerified;
  if (text == "partial") return Verification::kPartial;
  if (text == "unverified") return Verification::kUnverified;
  ctx.Fail(key, "'" + text + "' is not one of verified, partial, unverified");
}

// Every object in a registry file names its fields: a misspelt one is an
// error, not a silently dropped fact.
inline void RejectUnknownKeys(const json& obj, const std::set<std::string>& known, const Context& ctx,
                              const std::string& where = "") {
  for (const auto& [key, value] : obj.items())
    if (!known.count(key)) ctx.Fail(where.empty() ? key : where + "." + key, "unknown field (typo?)");
}

inline const json* Object(const json& obj, const char* key, const Context& ctx) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_object()) ctx.Fail(key, "must be an object");
  return &*it;
}

// The law an entry or a file carries (loader_law.cc).
std::vector<Category> ParseCategories(const json& doc, const std::string& jurisdiction,
                                      const Context& ctx);
std::optional<Threshold> ParseThreshold(const json& obj, const Context& ctx);
std::optional<MixtureRule> ParseMixture(const json& obj, const Context& ctx);
std::vector<DestinationRule> ParseDestinationRules(const json& obj, const Context& ctx);
HsCodes ParseHs(const json& obj, const Context& ctx);
std::vector<Identity> ParseIdentities(const json& obj, const Context& ctx);
std::optional<Adoption> ParseAdoption(const json& obj, const Context& ctx);
std::optional<Territory> ParseTerritory(const json& doc, const Context& ctx);

}  // namespace pc::registry::load
