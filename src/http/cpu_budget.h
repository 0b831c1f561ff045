// How much screening time each user may take: a token bucket per user,
// counted in CPU seconds of the thread that screened. Counting requests or
// inputs would not do: a verdict from the cache costs microseconds, an
// expensive structure seconds, so a limit low enough to stop a user from
// keeping the cores busy with one would stop ordinary batch screening. The
// bucket holds at most `burst` seconds and fills at `rate` seconds per
// second; each screening is paid after it ran (the bucket may go below
// zero by the last one's cost), and a user whose bucket is below zero is
// refused (429 with Retry-After: when it is back at zero) before the next
// one starts, so a batch stops part-way when its user runs out.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace pc::http {

class CpuBudget {
 public:
  using Clock = std::chrono::steady_clock;

  // rate 0: no limit.
  CpuBudget(double rate, double burst);

  // Throws pc::Error (kTooManyRequests, Retry-After) when `user`'s
  // bucket is below zero.
  void Check(std::int64_t user);
  void Spend(std::int64_t user, double cpu_seconds);

  // Charges the CPU time of the calling thread from construction to
  // destruction to `user`, thrown or not.
  class Meter {
   public:
    Meter(CpuBudget& budget, std::int64_t user);
    ~Meter();
    Meter(const Meter&) = delete;
    Meter& operator=(const Meter&) = delete;

   private:
    CpuBudget& budget_;
    std::int64_t user_;
    double start_;
  };

 private:
  struct Bucket {
    double seconds;  // may go below zero: the last screening's overrun
    Clock::time_point updated;
  };
  Bucket& Refill(std::int64_t user, Clock::time_point now);  // with mutex_ held

  double rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, Bucket> buckets_;  // one per user who screened
};

// CPU time the calling thread has used, in seconds.
double ThreadCpuSeconds();

}  // namespace pc::http
