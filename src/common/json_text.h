// JSON text for the outside world. A string the product did not parse as
// JSON itself (a URL, a file name, a line of a file) may hold bytes that are
// not UTF-8; nlohmann::json throws on them when writing, which would turn an
// error report into a crash or a 500. Such bytes are written as U+FFFD.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pc {

template <typename JsonType>
std::string JsonText(const JsonType& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace pc
