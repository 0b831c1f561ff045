// What a new password must be, after NIST SP 800-63B 5.1.1.2: at least 8
// characters, up to at least 64 allowed (we take 256), no composition rules
// (they make passwords harder to remember, not to guess), and not one an
// attacker tries first: a commonly used password (data/passwords/), or the
// user name or a password containing it.
#pragma once

#include <filesystem>
#include <string>
#include <unordered_set>

namespace pc::licensing {

class PasswordPolicy {
 public:
  static constexpr std::size_t kMinCharacters = 8, kMaxCharacters = 256;

  // Reads a list of common passwords, one a line ("#!comment:" lines are
  // not passwords). Throws std::runtime_error when the file cannot be read:
  // a service without its list would accept what it should refuse.
  static PasswordPolicy Load(const std::filesystem::path& common_passwords);

  // Throws Error(kInvalid, "password", reason) when `password` may not be used.
  void Check(const std::string& username, const std::string& password) const;

  std::size_t common_count() const { return common_.size(); }

 private:
  std::unordered_set<std::string> common_;  // lower-cased
};

}  // namespace pc::licensing
