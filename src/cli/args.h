// Command-line options: "--name value", "--name=value" and "--flag", plus
// positional arguments. Unknown options are errors, never ignored.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"

namespace pc::cli {

// A command line that cannot be run as written: the message says what to
// change, and the program prints its usage after it (exit status 2).
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& reason) : Error(ErrorKind::kUsage, "", reason) {}
};

// An error for a person at a terminal: the field it concerns, the reason,
// and what an operator needs besides (a database's own message).
inline std::string Describe(const Error& e) {
  std::string out = e.field().empty() ? "" : e.field() + ": ";
  out += e.what();
  if (!e.detail().empty()) out += " (" + e.detail() + ")";
  return out;
}

class Args {
 public:
  // value_options take a value; flag_options do not.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
       const std::set<std::string>& flag_options = {});

  std::optional<std::string> Get(const std::string& name) const;
  bool Flag(const std::string& name) const { return flags_.count(name) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

}  // namespace pc::cli
