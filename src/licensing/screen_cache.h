// A bounded cache of verdicts in front of screen::Screener. A verdict is a
// pure function of the input, the hint, the jurisdictions, the as-of date
// and the registry, and the registry does not change while the service
// runs: a cached verdict is the verdict. The same substances (ANPP, NPP,
// 4-AP) come back in application after application, and each screening
// costs a parse and a standardisation.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "screen/screener.h"

namespace pc::licensing {

class ScreenCache {
 public:
  // capacity 0 disables the cache.
  ScreenCache(std::shared_ptr<const screen::Screener> screener, std::size_t capacity);
  rules::ScreenResult Screen(const screen::InputRecord& record, const rules::Query& query) const;
  const screen::Screener& screener() const { return *screener_; }

 private:
  struct Shard {
    std::mutex mutex;
    std::list<std::pair<std::string, rules::ScreenResult>> lru;  // most recent first
    std::unordered_map<std::string, decltype(lru)::iterator> index;
  };
  static constexpr std::size_t kShards = 16;

  std::shared_ptr<const screen::Screener> screener_;
  std::size_t per_shard_;
  mutable std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace pc::licensing
