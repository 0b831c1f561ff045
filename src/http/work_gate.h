// How many CPU-bound requests (screening, depiction) run at once. The
// connection threads are many (a thread waiting on a slow client costs no
// CPU); if every one of them could screen at the same time, 64 expensive
// screenings would share two cores and every request would wait for all
// of them. A request enters the gate before its CPU-bound part and leaves
// when it is done: at most `workers` are inside, at most `queue` wait, and
// one more is refused at once (503 with Retry-After), so that a client
// learns the server is busy instead of waiting without bound. Routes that
// are not CPU-bound never pass through it.
//
// A place that comes free goes to whichever waiting thread runs first, not
// to the longest waiting: on a loaded machine a place handed to a thread
// the scheduler has not run yet stays idle, and with as many places as
// cores that cost a cached screening (tens of microseconds) two thirds of
// its throughput.
#pragma once

#include <atomic>
#include <cstddef>
#include <semaphore>

namespace pc::http {

class WorkGate {
 public:
  // workers 0: one per core.
  WorkGate(std::size_t workers, std::size_t queue);

  // Held while the work runs; leaving the scope lets the next one in.
  class Slot {
   public:
    explicit Slot(WorkGate* gate) : gate_(gate) {}
    Slot(Slot&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (gate_) gate_->places_.release();
    }

   private:
    WorkGate* gate_;
  };

  // Waits for a place; throws pc::Error (kUnavailable, Retry-After)
  // when `queue` requests are waiting already.
  Slot Enter();

  std::size_t workers() const { return workers_; }
  std::size_t waiting() const { return waiting_.load(); }

 private:
  std::size_t workers_;
  std::size_t queue_;
  std::counting_semaphore<> places_;
  std::atomic<std::size_t> waiting_{0};
};

}  // namespace pc::http
