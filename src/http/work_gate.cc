#include "http/work_gate.h"

#include <algorithm>
#include <thread>

#include "common/error.h"

namespace pc::http {

namespace {

std::size_t Workers(std::size_t workers) {
  return workers ? workers : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

WorkGate::WorkGate(std::size_t workers, std::size_t queue)
    : workers_(Workers(workers)), queue_(queue), places_(std::ptrdiff_t(workers_)) {}

WorkGate::Slot WorkGate::Enter() {
  if (places_.try_acquire()) return Slot(this);
  if (waiting_.fetch_add(1) >= queue_) {
    waiting_.fetch_sub(1);
    throw Error(ErrorKind::kUnavailable, "",
                           "the server is busy with other screenings; retry shortly")
        .WithRetryAfter(1);
  }
  places_.acquire();
  waiting_.fetch_sub(1);
  return Slot(this);
}

}  // namespace pc::http
