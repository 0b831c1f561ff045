// Chemical names as people type them: "Fentanyl Citrate", "α-methylfentanyl",
// "4 - ANPP", "N‐phenethyl‐4‐piperidone" all reduce to one lookup key.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pc::chem {

struct NormalizedName {
  std::string key;                      // what the registry's name index uses
  std::vector<std::string> salt_words;  // salt/hydrate words that were dropped
};

// A salt or form word written joined to the name it follows, as Chinese
// writes them ("4-哌啶酮盐酸盐"), with the English word it means.
struct JoinedSaltWord {
  std::string word, means;
};

class NameNormalizer {
 public:
  // salt_words: lower-case words naming a counter-ion or hydrate ("citrate",
  // "hydrochloride", "monohydrate"), read from data/vocabulary. joined:
  // words that follow a name with no space between.
  explicit NameNormalizer(std::set<std::string> salt_words = {}, std::vector<JoinedSaltWord> joined = {});

  // Case folded, Greek letters spelled out, dashes and primes unified,
  // spacing and hyphens removed, trailing salt words dropped (a joined one
  // reported by its English meaning).
  NormalizedName Normalize(std::string_view name) const;

  // Lines of one word, or, for a word in a script written without spaces
  // (any non-ASCII word), the word and its English meaning: "盐酸盐
  // hydrochloride". Throws pc::Error naming the line when one is malformed.
  static NameNormalizer FromFile(const std::string& path);

  // Longest first: the order in which they are tried at a name's end.
  const std::vector<JoinedSaltWord>& joined_salt_words() const { return joined_; }

 private:
  std::set<std::string> salt_words_;
  std::vector<JoinedSaltWord> joined_;
};

}  // namespace pc::chem
