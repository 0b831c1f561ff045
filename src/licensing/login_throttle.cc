#include "licensing/login_throttle.h"

#include <algorithm>

namespace pc::licensing {

std::string ThrottleKey(const std::string& kind, const std::string& value) { return kind + ":" + value; }

Timestamp WaitFor(const ThrottleState& s, Timestamp now) { return std::max<Timestamp>(0, s.locked_until - now); }

ThrottleState AfterFailure(const ThrottlePolicy& policy, const std::optional<ThrottleState>& before,
                           const std::string& key, Timestamp now) {
  ThrottleState s;
  s.key = key;
  s.failures = before && now < before->forget_at ? before->failures + 1 : 1;
  s.last_failure = now;
  s.forget_at = now + policy.forget_after;
  int beyond = s.failures - policy.free_failures;
  if (beyond > 0) {
    // first_delay * 2^(beyond-1), capped; the shift is bounded so it cannot overflow.
    Timestamp delay = policy.first_delay << std::min(beyond - 1, 30);
    s.locked_until = now + std::min(delay, policy.max_delay);
  }
  return s;
}

}  // namespace pc::licensing
