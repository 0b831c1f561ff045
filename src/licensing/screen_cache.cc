#include "licensing/screen_cache.h"

#include <functional>

namespace pc::licensing {

ScreenCache::ScreenCache(std::shared_ptr<const screen::Screener> screener, std::size_t capacity)
    : screener_(std::move(screener)), per_shard_((capacity + kShards - 1) / kShards) {
  for (std::size_t i = 0; i < kShards; ++i) shards_.push_back(std::make_unique<Shard>());
}

rules::ScreenResult ScreenCache::Screen(const screen::InputRecord& record, const rules::Query& query) const {
  // Large inputs (molfiles) are rarely repeated: not worth the memory.
  if (per_shard_ == 0 || record.text.size() > 4096 || !record.read_error.empty())
    return screener_->Screen(record, query);
  std::string key = std::to_string(int(record.hint)) + '\n' + query.as_of.ToString() + '\n' +
                    std::to_string(query.conversion_depth) + '\n';
  for (const auto& j : query.jurisdictions) key += j + ',';
  key += '\n' + record.text;
  auto& shard = *shards_[std::hash<std::string>{}(key) % kShards];
  {
    std::lock_guard lock(shard.mutex);
    if (auto it = shard.index.find(key); it != shard.index.end()) {
      shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
      rules::ScreenResult r = it->second->second;
      r.id = record.id;
      return r;
    }
  }
  rules::ScreenResult r = screener_->Screen(record, query);  // outside the lock
  std::lock_guard lock(shard.mutex);
  if (!shard.index.count(key)) {
    shard.lru.emplace_front(key, r);
    shard.index[key] = shard.lru.begin();
    if (shard.lru.size() > per_shard_) {
      shard.index.erase(shard.lru.back().first);
      shard.lru.pop_back();
    }
  }
  return r;
}

}  // namespace pc::licensing
