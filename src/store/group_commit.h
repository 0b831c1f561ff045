// Group commit, shared by the stores: writers that arrive while a commit is
// in progress are run together in the next transaction, each in its own
// savepoint, and share one flush to disk. Each caller still returns only
// after the commit that contains its changes is durable, and a failing
// writer rolls back only its own savepoint. This keeps write latency flat
// under many connections, where a flush per write would queue them.
//
// Thread-safety: Write may be called from any thread; one thread at a time
// leads a batch (runs commit_batch), the others wait for it.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>

#include "licensing/store.h"

namespace pc::store {

class GroupCommit {
 public:
  using Fn = std::function<void(licensing::Transaction&)>;
  struct Pending {
    const Fn* fn;
    std::exception_ptr error;  // set by commit_batch when this writer failed
    bool done = false;
    // Its own wake-up: a finished batch wakes its writers and the next
    // leader, not every writer queued behind them.
    std::condition_variable cv;
  };
  using Batch = std::deque<Pending*>;

  // Queues fn; returns once the batch holding it has committed, rethrowing
  // its error if it failed. commit_batch runs every writer of a batch in one
  // transaction and records each one's error.
  void Write(const Fn& fn, const std::function<void(Batch&)>& commit_batch) {
    Pending me;
    me.fn = &fn;
    std::unique_lock lock(mutex_);
    queue_.push_back(&me);
    while (!me.done) {
      if (committing_) {
        me.cv.wait(lock);
        continue;
      }
      // No commit in progress: this thread leads one for everything queued.
      committing_ = true;
      Batch batch;
      batch.swap(queue_);
      lock.unlock();
      commit_batch(batch);
      lock.lock();
      // Notified under the lock: a writer may return (and its Pending go
      // away) as soon as it sees done.
      for (auto* w : batch) {
        w->done = true;
        if (w != &me) w->cv.notify_one();
      }
      committing_ = false;
      if (!queue_.empty()) queue_.front()->cv.notify_one();  // it leads the next commit
    }
    if (me.error) std::rethrow_exception(me.error);
  }

 private:
  std::mutex mutex_;
  Batch queue_;
  bool committing_ = false;
};

}  // namespace pc::store
