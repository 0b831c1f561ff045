// Screens a document's text: every chemical it mentions goes through the
// same engine as `precursor screen` (registry synonyms, vocabulary, OPSIN,
// SMILES, CAS RNs; then the rules as of the query's date), and the document
// gets the strongest verdict among them. Wording that points at evasion
// (stealth shipping, customs clearance) and named destinations are flags:
// context for a trust-and-safety team or customs analyst, never a verdict.
#pragma once

#include <filesystem>
#include <mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "screen/screener.h"
#include "text/document.h"
#include "text/mention_finder.h"

namespace pc::text {

// The flag phrases in data/vocabulary/scan-flags.json. Throws
// registry::RegistryError when the file is malformed.
std::vector<FlagPhrase> LoadFlagPhrases(const std::filesystem::path& file);

// Every name to look for: the registry's names and synonyms, and extra
// terms (the name vocabulary's).
std::vector<std::string> ScanNames(const registry::Registry& registry, const std::vector<std::string>& extra);

class Scanner {
 public:
  Scanner(const screen::Screener& screener, const MentionFinder& finder) : screener_(screener), finder_(finder) {}

  // One object per document: id, verdict (controlled, watch, unresolved,
  // clear; error when the document could not be read), mentions, flags,
  // notes. A controlled mention of a text that names destinations (flags
  // with a country) lists the duties of an export there (`obligations`,
  // rules/obligations.h): China's specific-country catalogue binds exports
  // to the United States, say, and not to Germany. Thread-safe.
  nlohmann::ordered_json Scan(const Document& doc, const rules::Query& query) const;

 private:
  struct Screened {
    std::string verdict, input_type, resolved, source, explanation;
    std::vector<std::string> entries;
    // Of a controlled mention: the duties of an export to each destination.
    nlohmann::ordered_json obligations = nlohmann::ordered_json::array();
  };
  Screened ScreenOne(const Mention& m, const rules::Query& query, const std::vector<std::string>& destinations) const;

  const screen::Screener& screener_;
  const MentionFinder& finder_;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, Screened> cache_;
};

// Verdicts in order of strength: clear < unresolved < watch < controlled.
int VerdictRank(const std::string& verdict);

}  // namespace pc::text
