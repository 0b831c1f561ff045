// Sign-in throttling with exponential back-off (OWASP ASVS 2.2.1; NIST SP
// 800-63B 5.2.2 asks that consecutive failed attempts on an account be
// limited). Failures are counted per user name and per client address:
// the first throttles guessing at one account from many places, the second
// spraying many accounts from one place.
//
// The counters live in the database beside the sessions (login_throttle
// table), not in memory: a restart, a crash an attacker provokes, or a
// second process on the same database must not give an attacker a fresh
// allowance. A counter is forgotten after a quiet period and purged by the
// server's periodic tick, and a successful sign-in clears its user name's
// counter (not the address's: signing in to one's own account must not
// reset a sprayer's back-off).
#pragma once

#include <optional>
#include <string>

#include "licensing/time.h"

namespace pc::licensing {

struct ThrottlePolicy {
  int free_failures = 5;             // failures before any wait
  Timestamp first_delay = 1;         // the wait after the first failure beyond them; doubles after each
  Timestamp max_delay = 15 * 60;     // the longest wait
  Timestamp forget_after = 24 * 3600;  // a counter with no failure for this long starts again from zero
};

// One counter, keyed by ThrottleKey().
struct ThrottleState {
  std::string key;
  int failures = 0;
  Timestamp last_failure = 0, locked_until = 0, forget_at = 0;
};

// "user:<name>" or "address:<client address>".
std::string ThrottleKey(const std::string& kind, const std::string& value);
// Seconds before another attempt is allowed (0: allowed now).
Timestamp WaitFor(const ThrottleState& s, Timestamp now);
// The counter after one more failure at `now`.
ThrottleState AfterFailure(const ThrottlePolicy& policy, const std::optional<ThrottleState>& before,
                           const std::string& key, Timestamp now);

}  // namespace pc::licensing
