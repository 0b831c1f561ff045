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

class NameNormalizer {
 public:
  // salt_words: lower-case words naming a counter-ion or hydrate ("citrate",
  // "hydrochloride", "monohydrate"), read from data/vocabulary.
  explicit NameNormalizer(std::set<std::string> salt_words = {});

  // Case folded, Greek letters spelled out, dashes and primes unified,
  // spacing and hyphens removed, trailing salt words dropped.
  NormalizedName Normalize(std::string_view name) const;

  static NameNormalizer FromFile(const std::string& path);

 private:
  std::set<std::string> salt_words_;
};

}  // namespace pc::chem
