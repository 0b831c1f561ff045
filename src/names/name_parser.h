// The name resolver the screener is given at composition: the vocabulary of
// everyday names and abbreviations first, then OPSIN for systematic names.
// (The registry's own synonyms come before both, in the screener.) One OPSIN
// helper serves every thread; answers are cached, so a name repeated in a
// catalogue or a scanned page costs one look-up.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "names/opsin_process.h"
#include "names/vocabulary.h"
#include "screen/name_resolver.h"

namespace pc::names {

class NameParser : public screen::NameResolver {
 public:
  NameParser(std::shared_ptr<const registry::Registry> registry, NameVocabulary vocabulary, OpsinOptions opsin);

  std::vector<screen::NameReading> Resolve(const std::vector<std::string>& names) const override;
  // The vocabulary's terms that name a registry entry.
  screen::NameReading ResolveKnown(const std::string& name) const override;

  // How many OPSIN helpers were started so far (0 until a name needs one).
  int helper_starts() const;

 private:
  // OPSIN's readings of `names` (unique, none cached), under the mutex.
  std::vector<screen::NameReading> AskOpsin(const std::vector<std::string>& names) const;

  std::shared_ptr<const registry::Registry> registry_;
  NameVocabulary vocabulary_;
  mutable std::mutex mutex_;
  mutable OpsinProcess opsin_;
  // After a failure the helper is restarted once; a second failure in a row
  // leaves it down for the rest of the run, and every name then says why.
  mutable int failures_in_a_row_ = 0;
  mutable std::string down_reason_;
  mutable std::unordered_map<std::string, screen::NameReading> cache_;
};

}  // namespace pc::names
