// A bounded cache of verdicts in front of screen::Screener. A verdict is a
// pure function of the input, the hint, the jurisdictions, the as-of date
// and the registry, and the registry does not change while the service
// runs: a cached verdict is the verdict. The same substances (ANPP, NPP,
// 4-AP) come back in application after application, and each screening
// costs a parse and a standardisation.
//
// Each entry also keeps the verdict's JSON text (rules::ToJson), so that the
// screening API does not rebuild the same JSON object on every request:
// building it allocates hundreds of small nodes and cost more than the rest
// of a cached request.
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
  // rules::ToJson(Screen(record, query)).dump(), the same bytes.
  std::string ScreenJson(const screen::InputRecord& record, const rules::Query& query) const;
  const screen::Screener& screener() const { return *screener_; }

 private:
  // Immutable once made, and shared: a hit copies a pointer under the shard's
  // lock, never the verdict, so concurrent requests for one substance do not
  // queue on that lock.
  struct Entry {
    rules::ScreenResult result;
    std::string json_tail;  // the JSON text after the leading {"id":"", or empty if it does not start so
  };
  struct Shard {
    std::mutex mutex;
    std::list<std::pair<std::string, std::shared_ptr<const Entry>>> lru;  // most recent first
    std::unordered_map<std::string, decltype(lru)::iterator> index;
  };
  static constexpr std::size_t kShards = 16;

  // The entry for record and query, screened (outside any lock) on a miss;
  // null when the record is not cacheable.
  std::shared_ptr<const Entry> Lookup(const screen::InputRecord& record, const rules::Query& query) const;

  std::shared_ptr<const screen::Screener> screener_;
  std::size_t per_shard_;
  mutable std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace pc::licensing
