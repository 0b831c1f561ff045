// Finds where a text mentions a chemical: CAS RNs (check digit valid),
// names and synonyms of the registry and the name vocabulary in any script
// (English, Chinese), with the spellings sellers use to slip past filters
// ("fent@nyl", "f e n t a n y l", "4ANPP"), SMILES that RDKit reads, and
// words that look like systematic names (to be read by OPSIN). Names, CAS
// RNs and flag phrases are matched in one pass by Hyperscan; every pattern
// is literal text, with only separators and look-alike characters widened.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chem/molecule.h"

struct hs_database;
struct hs_scratch;

namespace pc::text {

enum class MentionKind { kCas, kName, kSmiles, kSystematic };
std::string_view ToString(MentionKind kind);

struct Mention {
  size_t start = 0, end = 0;  // bytes of the scanned text
  MentionKind kind = MentionKind::kName;
  std::string text;       // as written
  std::string screen_as;  // what is screened: the term matched, the CAS RN, the SMILES, the phrase
  bool obfuscated = false;  // written with look-alike characters or broken up
  // Systematic candidates: the shorter reading to try when the phrase fails
  // ("4-(phenylamino)piperidine-1-carboxylate" for "benzyl 4-(...)..."), and
  // whether it looks systematic beyond doubt (locants), so that an OPSIN
  // that cannot run leaves it unresolved rather than dropped.
  std::string fallback;
  bool strong = false;
};

struct FlagHit {
  std::string flag;   // "stealth", "customs clearance", "destination"
  std::string value;  // the phrase's meaning ("Mexico") or the phrase
  std::string country;  // a destination's ISO 3166-1 alpha-2 code ("MX"), or empty
  size_t start = 0, end = 0;
};

struct FlagPhrase {
  std::string flag, phrase, value, country;
};

struct Findings {
  std::vector<Mention> mentions;      // CAS, names, SMILES: sorted, not overlapping
  std::vector<Mention> candidates;    // systematic-name candidates, for OPSIN
  // Names found inside a longer name-like word: mentions unless OPSIN reads
  // the longer word (or it is left unresolved); may overlap one another.
  std::vector<Mention> embedded;
  std::vector<FlagHit> flags;
};

class MentionFinder {
 public:
  // `names`: every name to find (registry names and synonyms, vocabulary
  // terms). `joined_salt_words`: salt and form words written joined to a
  // name ("盐酸盐" in "4-哌啶酮盐酸盐", the registry's salt-word list), which
  // a name's mention takes in, so the salt is screened as one. Throws
  // pc::Error when Hyperscan cannot compile the patterns.
  MentionFinder(const std::vector<std::string>& names, const std::vector<FlagPhrase>& flags,
                chem::ParseLimits limits = {}, std::vector<std::string> joined_salt_words = {});
  ~MentionFinder();
  MentionFinder(const MentionFinder&) = delete;
  MentionFinder& operator=(const MentionFinder&) = delete;

  // Thread-safe.
  Findings Find(const std::string& text) const;

  size_t pattern_count() const { return patterns_; }

 private:
  hs_scratch* TakeScratch() const;
  void ReturnScratch(hs_scratch* s) const;

  std::vector<std::string> names_;
  std::vector<FlagPhrase> flags_;
  std::vector<std::string> joined_;  // longest first
  chem::ParseLimits limits_;
  hs_database* db_ = nullptr;
  size_t patterns_ = 0;
  mutable std::mutex scratch_mutex_;
  mutable std::vector<hs_scratch*> scratch_pool_;
  hs_scratch* prototype_ = nullptr;
};

}  // namespace pc::text
