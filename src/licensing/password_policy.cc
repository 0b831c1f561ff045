#include "licensing/password_policy.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

#include "common/error.h"
#include "common/strings.h"


namespace pc::licensing {
namespace {

// ASCII letters only: a case-insensitive comparison must not depend on the
// locale, and the lists are ASCII.
std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A user name too short to be guessed from (one to three characters) would
// refuse half of all passwords if "containing" applied to it.
constexpr std::size_t kMinUsernameToContain = 4;

}  // namespace

PasswordPolicy PasswordPolicy::Load(const std::filesystem::path& common_passwords) {
  std::ifstream in(common_passwords);
  if (!in) throw IoError("cannot read the list of common passwords " + common_passwords.string());
  PasswordPolicy p;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.rfind("#!comment:", 0) == 0) continue;
    p.common_.insert(Lower(line));
  }
  if (p.common_.empty()) throw InvalidData("the list of common passwords " + common_passwords.string() + " is empty");
  return p;
}

void PasswordPolicy::Check(const std::string& username, const std::string& password) const {
  std::size_t n = Utf8Characters(password);  // NIST counts characters, not bytes
  if (n < kMinCharacters)
    throw Invalid("password", "a password needs at least " + std::to_string(kMinCharacters) + " characters");
  if (n > kMaxCharacters)
    throw Invalid("password", "a password may have at most " + std::to_string(kMaxCharacters) + " characters");
  std::string lower = Lower(password), user = Lower(username);
  if (common_.count(lower))
    throw Invalid("password", "this password is on a list of commonly used passwords; choose another");
  if (!user.empty() && (lower == user || (user.size() >= kMinUsernameToContain && lower.find(user) != std::string::npos)))
    throw Invalid("password", "a password may not contain the user name");
}

}  // namespace pc::licensing
