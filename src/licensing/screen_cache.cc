#include "licensing/screen_cache.h"

#include <functional>

#include "common/json_text.h"
#include "rules/verdict.h"

namespace pc::licensing {
namespace {

// rules::ToJson writes "id" first. An entry keeps the text that follows an
// empty id, and a response puts the request's id, serialised by
// nlohmann::json, in front of it: the same bytes as serialising the whole
// verdict with that id.
const std::string kEmptyIdHead = R"({"id":"")";

std::string JsonTail(const rules::ScreenResult& result) {
  rules::ScreenResult copy = result;
  copy.id.clear();
  std::string text = JsonText(rules::ToJson(copy));
  if (text.compare(0, kEmptyIdHead.size(), kEmptyIdHead) != 0) return "";
  return text.substr(kEmptyIdHead.size());
}

}  // namespace

ScreenCache::ScreenCache(std::shared_ptr<const screen::Screener> screener, std::size_t capacity)
    : screener_(std::move(screener)), per_shard_((capacity + kShards - 1) / kShards) {
  for (std::size_t i = 0; i < kShards; ++i) shards_.push_back(std::make_unique<Shard>());
}

std::shared_ptr<const ScreenCache::Entry> ScreenCache::Lookup(const screen::InputRecord& record,
                                                              const rules::Query& query) const {
  // Large inputs (molfiles) are rarely repeated: not worth the memory.
  if (per_shard_ == 0 || record.text.size() > 4096 || !record.read_error.empty()) return nullptr;
  std::string key = std::to_string(int(record.hint)) + '\n' + query.as_of.ToString() + '\n' +
                    std::to_string(query.conversion_depth) + '\n';
  for (const auto& j : query.jurisdictions) key += j + ',';
  key += '\n' + record.text;
  auto& shard = *shards_[std::hash<std::string>{}(key) % kShards];
  {
    std::lock_guard lock(shard.mutex);
    if (auto it = shard.index.find(key); it != shard.index.end()) {
      shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
      return it->second->second;
    }
  }
  // Outside the lock: screening and serialising are the slow part.
  auto made = std::make_shared<Entry>();
  made->result = screener_->Screen(record, query);
  made->json_tail = JsonTail(made->result);
  std::shared_ptr<const Entry> entry = std::move(made);
  std::lock_guard lock(shard.mutex);
  if (auto it = shard.index.find(key); it != shard.index.end()) return it->second->second;
  shard.lru.emplace_front(key, entry);
  shard.index[key] = shard.lru.begin();
  if (shard.lru.size() > per_shard_) {
    shard.index.erase(shard.lru.back().first);
    shard.lru.pop_back();
  }
  return entry;
}

rules::ScreenResult ScreenCache::Screen(const screen::InputRecord& record, const rules::Query& query) const {
  auto entry = Lookup(record, query);
  if (!entry) return screener_->Screen(record, query);
  rules::ScreenResult r = entry->result;
  r.id = record.id;
  return r;
}

std::string ScreenCache::ScreenJson(const screen::InputRecord& record, const rules::Query& query) const {
  auto entry = Lookup(record, query);
  if (!entry) return JsonText(rules::ToJson(screener_->Screen(record, query)));
  if (entry->json_tail.empty()) {
    rules::ScreenResult r = entry->result;
    r.id = record.id;
    return JsonText(rules::ToJson(r));
  }
  return R"({"id":)" + JsonText(nlohmann::ordered_json(record.id)) + entry->json_tail;
}

}  // namespace pc::licensing
