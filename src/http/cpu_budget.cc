#include "http/cpu_budget.h"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/error.h"

namespace pc::http {

CpuBudget::CpuBudget(double rate, double burst) : rate_(rate), burst_(std::max(0.0, burst)) {}

CpuBudget::Bucket& CpuBudget::Refill(std::int64_t user, Clock::time_point now) {
  auto [it, added] = buckets_.try_emplace(user, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!added) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.seconds = std::min(burst_, b.seconds + elapsed * rate_);
    b.updated = now;
  }
  return b;
}

void CpuBudget::Check(std::int64_t user) {
  if (rate_ <= 0) return;
  std::lock_guard lock(mutex_);
  const Bucket& b = Refill(user, Clock::now());
  if (b.seconds >= 0) return;
  // Until the bucket is back above zero; at most a day, so that a
  // misconfigured tiny rate still gives a number a client can use.
  double wait = std::min(86400.0, std::ceil((-b.seconds + 1e-9) / rate_));
  std::ostringstream reason;
  reason << "screening time used up: each user may screen for " << rate_ << " CPU seconds per second (up to "
         << burst_ << " at once); retry in " << int(wait) << " s";
  throw Error(ErrorKind::kTooManyRequests, "", reason.str()).WithRetryAfter(std::max(1, int(wait)));
}

void CpuBudget::Spend(std::int64_t user, double cpu_seconds) {
  if (rate_ <= 0) return;
  std::lock_guard lock(mutex_);
  Refill(user, Clock::now()).seconds -= cpu_seconds;
}

CpuBudget::Meter::Meter(CpuBudget& budget, std::int64_t user)
    : budget_(budget), user_(user), start_(ThreadCpuSeconds()) {}

CpuBudget::Meter::~Meter() { budget_.Spend(user_, ThreadCpuSeconds() - start_); }

double ThreadCpuSeconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

}  // namespace pc::http
