#include "names/name_parser.h"

#include <algorithm>

#include "common/error.h"

namespace pc::names {
namespace {

constexpr size_t kMaxNameBytes = 1000;  // longer is no name a person wrote
constexpr size_t kMaxCache = 200000;

// A name OPSIN must not be sent: it would break the one-name-per-line
// protocol or is no name at all.
std::string NameProblem(const std::string& name) {
  if (name.empty()) return "the name is empty";
  if (name.size() > kMaxNameBytes) return "the name is longer than " + std::to_string(kMaxNameBytes) + " bytes";
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return "the name holds a control character";
  return "";
}

}  // namespace

NameParser::NameParser(std::shared_ptr<const registry::Registry> registry, NameVocabulary vocabulary,
                       OpsinOptions opsin, Clock clock)
    : registry_(std::move(registry)),
      vocabulary_(std::move(vocabulary)),
      opsin_(opsin),
      first_delay_(std::max(opsin.retry_after, std::chrono::milliseconds(1))),
      max_delay_(std::max(opsin.max_retry_after, first_delay_)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })) {}

int NameParser::helper_starts() const {
  std::lock_guard lock(mutex_);
  return opsin_.starts();
}

pid_t NameParser::helper_pid() const {
  std::lock_guard lock(mutex_);
  return opsin_.pid();
}

std::chrono::milliseconds NameParser::retry_delay() const {
  std::lock_guard lock(mutex_);
  return down_reason_.empty() ? std::chrono::milliseconds(0) : delay_;
}

screen::NameReading NameParser::ResolveKnown(const std::string& name) const {
  screen::NameReading r;
  if (!NameProblem(name).empty()) return r;
  if (const auto* term = vocabulary_.Find(name); term && !term->entry.empty()) {
    r.smiles = registry_->Find(term->entry)->smiles;
    r.source = "vocabulary";
  }
  return r;
}

std::vector<screen::NameReading> NameParser::Resolve(const std::vector<std::string>& names) const {
  std::vector<screen::NameReading> out(names.size());
  // What each name is sent to OPSIN as: itself, or the systematic name a
  // vocabulary term reads as.
  std::vector<std::string> ask(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (auto problem = NameProblem(names[i]); !problem.empty()) {
      out[i].reason = problem;
      continue;
    }
    if (const auto* term = vocabulary_.Find(names[i])) {
      if (!term->entry.empty()) {
        out[i].smiles = registry_->Find(term->entry)->smiles;
        out[i].source = "vocabulary";
        continue;
      }
      ask[i] = term->reads_as;
    } else {
      ask[i] = names[i];
    }
  }
  std::vector<std::string> unique;
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < names.size(); ++i)
      if (!ask[i].empty() && !cache_.count(ask[i])) unique.push_back(ask[i]);
  }
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::vector<screen::NameReading> fresh = unique.empty() ? std::vector<screen::NameReading>{} : AskOpsin(unique);
  std::unordered_map<std::string, const screen::NameReading*> now;
  for (size_t k = 0; k < unique.size(); ++k) now[unique[k]] = &fresh[k];
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < names.size(); ++i) {
    if (ask[i].empty()) continue;
    auto f = now.find(ask[i]);
    const screen::NameReading* r = f != now.end() ? f->second : nullptr;
    if (!r) {
      auto c = cache_.find(ask[i]);
      if (c != cache_.end()) r = &c->second;
    }
    if (!r) {  // evicted between the two looks: rare; say so rather than guess
      out[i].reason = "the name parser's cache was cleared while reading it; try again";
      out[i].unavailable = true;
      continue;
    }
    out[i] = *r;
    if (ask[i] != names[i] && out[i].ok()) out[i].source = "vocabulary";
    if (ask[i] != names[i] && !out[i].ok())
      out[i].reason = "it reads as '" + ask[i] + "', which " + out[i].reason;
  }
  return out;
}

std::vector<screen::NameReading> NameParser::AskOpsin(const std::vector<std::string>& names) const {
  std::vector<screen::NameReading> out(names.size());
  std::lock_guard lock(mutex_);
  auto unavailable = [&](const std::string& why) {
    for (auto& r : out) {
      r.unavailable = true;
      r.reason = "the systematic-name parser is unavailable: " + why;
    }
    return out;
  };
  auto now = clock_();
  if (!down_reason_.empty() && now < retry_at_) {
    auto left = std::chrono::ceil<std::chrono::seconds>(retry_at_ - now).count();
    return unavailable(down_reason_ + " (it is tried again in " + std::to_string(left) + " s)");
  }
  // Down and due: one try. Up: a failure gets one immediate restart, since
  // a crash or one slow name should not cost a run its names.
  int tries = down_reason_.empty() ? 2 : 1;
  std::vector<OpsinAnswer> answers;
  for (int attempt = 1;; ++attempt) {
    try {
      answers = opsin_.Parse(names);
      down_reason_.clear();
      delay_ = std::chrono::milliseconds(0);
      break;
    } catch (const Error& e) {
      if (attempt < tries) continue;
      delay_ = delay_.count() == 0 ? first_delay_ : std::min(delay_ * 2, max_delay_);
      retry_at_ = clock_() + delay_;
      down_reason_ = e.what();
      return unavailable(down_reason_);
    }
  }
  if (cache_.size() + names.size() > kMaxCache) cache_.clear();
  for (size_t i = 0; i < names.size(); ++i) {
    out[i].smiles = answers[i].smiles;
    out[i].reason = answers[i].reason;
    if (out[i].ok()) out[i].source = "opsin";
    cache_[names[i]] = out[i];
  }
  return out;
}

}  // namespace pc::names
