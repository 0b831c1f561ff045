// The one verdict object: what the CLI prints, the API returns, the UI shows
// and the licensing service stores. Every match carries its rule kind, the
// entry and clauses it rests on, the date it holds from, and plain words.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/date.h"
#include "registry/entry.h"
#include "registry/obligations.h"

namespace pc::registry {
class Registry;
}

namespace pc::rules {

enum class Verdict { kClear = 0, kWatch = 1, kControlled = 2 };
std::string_view ToString(Verdict verdict);

enum class RuleKind { kListing, kFamily, kClass, kConversion, kSimilarity };
std::string_view ToString(RuleKind kind);

struct Match {
  RuleKind rule = RuleKind::kListing;
  Verdict verdict = Verdict::kControlled;  // what this match alone implies
  const registry::Entry* entry = nullptr;
  std::vector<std::string> clauses;  // scope clauses relied on ("salts", "amides")
  std::optional<registry::LegalDate> since;  // first day this match holds
  size_t component = 0;              // which component of the input
  std::string explanation;
  nlohmann::ordered_json details;    // rule-specific: atoms, path, score ...
};

struct JurisdictionResult {
  Verdict verdict = Verdict::kClear;
  std::vector<Match> matches;
  // Structures that meet a class or family scaffold but fall outside it,
  // with the reason: context for an officer, never a verdict.
  std::vector<Match> near_misses;
  // Listings that name the input but are not in force on the day: announced
  // or under way (no date yet), or taking effect later. They say what is
  // coming, never a verdict.
  std::vector<Match> announced;
  // The duties the controlled matches impose on a given transaction
  // (rules/obligations.h); assessed only when a transaction was described.
  bool obligations_assessed = false;
  std::vector<registry::ObligationAnswer> obligations;
  void Add(Match m);
};

enum class Status { kOk, kError, kUnresolved };
std::string_view ToString(Status status);

struct ScreenResult {
  std::string id;
  std::string input;
  std::string input_type;  // smiles, molfile, cas, name
  // Which resolver read a name or CAS RN into a structure: "registry",
  // "vocabulary", "opsin"; empty for a structure given as such.
  std::string structure_source;
  Status status = Status::kOk;
  std::string error;  // the reason, when status is not ok
  Date as_of;
  std::optional<Verdict> verdict;  // strongest over the jurisdictions; empty unless ok
  std::vector<std::string> components;         // standardised parent SMILES
  std::vector<std::string> removed_fragments;  // counter-ions, water, named salts
  std::vector<std::string> notes;              // what standardisation did
  std::map<std::string, JurisdictionResult> jurisdictions;
  // The registry the result was screened against: what a verdict states it
  // consulted (the lists of each jurisdiction as they stood on `as_of`).
  // Empty, and the statement left out, when the screener did not set it.
  std::shared_ptr<const registry::Registry> registry;
};

nlohmann::ordered_json ToJson(const Match& match);
nlohmann::ordered_json ToJson(const ScreenResult& result);

}  // namespace pc::rules
