#include "http/request.h"

#include "common/error.h"

namespace pc::http {
namespace {

std::string TypeName(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a number";
  }
}

}  // namespace

Json ParseObject(const std::string& body) {
  Json j;
  try {
    j = Json::parse(body);
  } catch (const Json::parse_error& e) {
    // e.byte is where parsing stopped; the message says what was expected.
    throw Invalid("", "malformed JSON at byte " + std::to_string(e.byte) + ": the body must be one JSON object");
  } catch (const Json::out_of_range&) {
    // A number beyond a double's range (1e999): nothing the API reads.
    throw Invalid("", "malformed JSON: a number is out of range");
  }
  if (!j.is_object()) throw Invalid("", "the body must be a JSON object, not " + TypeName(j));
  return j;
}

ObjectReader::ObjectReader(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object()) throw Invalid(path_, "must be an object, not " + TypeName(j_));
}

std::string ObjectReader::Path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
std::string ObjectReader::Path(const std::string& key, std::size_t index) const {
  return Path(key) + "[" + std::to_string(index) + "]";
}

const Json* ObjectReader::Find(const std::string& key, bool required) {
  seen_.insert(key);
  auto it = j_.find(key);
  if (it == j_.end() || it->is_null()) {
    if (required) throw Invalid(Path(key), "is required");
    return nullptr;
  }
  return &*it;
}

std::string ObjectReader::String(const std::string& key, std::size_t max_length) {
  auto v = OptString(key, max_length);
  if (!v) throw Invalid(Path(key), "is required");
  return *v;
}

std::optional<std::string> ObjectReader::OptString(const std::string& key, std::size_t max_length) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw Invalid(Path(key), "must be a string, not " + TypeName(*v));
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_length) throw Invalid(Path(key), "longer than " + std::to_string(max_length) + " characters");
  return s;
}

double ObjectReader::Number(const std::string& key) {
  const Json* v = Find(key, true);
  if (!v->is_number()) throw Invalid(Path(key), "must be a number, not " + TypeName(*v));
  return v->get<double>();
}

std::optional<double> ObjectReader::OptNumber(const std::string& key) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  if (!v->is_number()) throw Invalid(Path(key), "must be a number, not " + TypeName(*v));
  return v->get<double>();
}

std::optional<std::int64_t> ObjectReader::OptInt(const std::string& key) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) throw Invalid(Path(key), "must be an integer, not " + TypeName(*v));
  return v->get<std::int64_t>();
}

std::optional<bool> ObjectReader::OptBool(const std::string& key) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) throw Invalid(Path(key), "must be true or false, not " + TypeName(*v));
  return v->get<bool>();
}

const Json& ObjectReader::Array(const std::string& key, std::size_t max_items) {
  const Json* v = OptArray(key, max_items);
  if (!v) throw Invalid(Path(key), "is required");
  return *v;
}

const Json* ObjectReader::OptArray(const std::string& key, std::size_t max_items) {
  const Json* v = Find(key, false);
  if (!v) return nullptr;
  if (!v->is_array()) throw Invalid(Path(key), "must be an array, not " + TypeName(*v));
  if (v->size() > max_items) throw Invalid(Path(key), "more than " + std::to_string(max_items) + " entries");
  return v;
}

ObjectReader ObjectReader::Object(const std::string& key) {
  const Json* v = Find(key, true);
  return ObjectReader(*v, Path(key));
}

std::optional<ObjectReader> ObjectReader::OptObject(const std::string& key) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  return ObjectReader(*v, Path(key));
}

void ObjectReader::Done() const {
  for (const auto& [key, value] : j_.items())
    if (!seen_.count(key)) throw Invalid(Path(key), "unknown field");
}

}  // namespace pc::http
