// The name resolver the screener is given at composition: the vocabulary of
// everyday names and abbreviations first, then OPSIN for systematic names.
// (The registry's own synonyms come before both, in the screener.) One OPSIN
// helper serves every thread; answers are cached, so a name repeated in a
// catalogue or a scanned page costs one look-up.
#pragma once

#include <chrono>
#include <functional>
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
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // `clock` times the helper's back-off (OpsinOptions::retry_after); the
  // steady clock unless a test steps one of its own.
  NameParser(std::shared_ptr<const registry::Registry> registry, NameVocabulary vocabulary, OpsinOptions opsin,
             Clock clock = {});

  std::vector<screen::NameReading> Resolve(const std::vector<std::string>& names) const override;
  // The vocabulary's terms that name a registry entry.
  screen::NameReading ResolveKnown(const std::string& name) const override;

  // How many OPSIN helpers were started so far (0 until a name needs one).
  int helper_starts() const;
  // The running helper's process id, or -1 (down, or not started yet).
  pid_t helper_pid() const;
  // While the helper is down: how long after its last failure it is tried
  // again (zero while it is up).
  std::chrono::milliseconds retry_delay() const;

 private:
  // OPSIN's readings of `names` (unique, none cached), under the mutex.
  std::vector<screen::NameReading> AskOpsin(const std::vector<std::string>& names) const;

  std::shared_ptr<const registry::Registry> registry_;
  NameVocabulary vocabulary_;
  mutable std::mutex mutex_;
  mutable OpsinProcess opsin_;
  // After a failure the helper is restarted at once; a second failure in a
  // row leaves it down until `retry_at_`, every name meanwhile unresolved
  // with the reason. Each failed retry doubles the delay, up to the cap; a
  // helper that answers again resets it.
  const std::chrono::milliseconds first_delay_, max_delay_;
  Clock clock_;
  mutable std::chrono::milliseconds delay_{0};
  mutable std::chrono::steady_clock::time_point retry_at_{};
  mutable std::string down_reason_;
  mutable std::unordered_map<std::string, screen::NameReading> cache_;
};

}  // namespace pc::names
