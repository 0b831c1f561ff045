// The embedded SQLite implementation of licensing::Store: one database file
// in WAL mode with synchronous=FULL, so a committed write survives a crash
// or power loss. Writers take one connection under a mutex (SQLite allows
// one writer at a time anyway; waiting on a mutex is fairer and faster than
// SQLite's busy-retry); readers take pooled connections and run concurrently.
//
// Group commit: writers that arrive while a commit is in progress are run
// together in the next transaction, each inside its own SAVEPOINT, and share
// one fsync. Each caller still returns only after the commit that contains
// its changes is durable, and a failing writer rolls back only its own
// savepoint. This is what keeps write latency flat under many connections.
// WAL checkpoints run on a background thread (PASSIVE: never blocking
// readers or writers) instead of inside whichever commit crosses the
// auto-checkpoint threshold.
#pragma once

#include <filesystem>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "licensing/store.h"

namespace pc::store {

class Db;

class SqliteStore : public licensing::Store {
 public:
  // Creates the file if needed and applies pending migrations.
  explicit SqliteStore(const std::filesystem::path& file);
  ~SqliteStore() override;

  void Read(const std::function<void(licensing::Transaction&)>& fn) override;
  void Write(const std::function<void(licensing::Transaction&)>& fn) override;

  int schema_version() const { return schema_version_; }

 private:
  struct PendingWrite {
    const std::function<void(licensing::Transaction&)>* fn;
    std::exception_ptr error;
    bool done = false;
    // Its own wake-up: a finished batch wakes its writers and the next
    // leader, not every writer queued behind them.
    std::condition_variable cv;
  };
  void CommitBatch(std::deque<PendingWrite*>& batch);
  std::unique_ptr<Db> TakeReader();
  void ReturnReader(std::unique_ptr<Db> db);

  std::filesystem::path file_;
  std::mutex queue_mutex_;
  std::deque<PendingWrite*> queue_;
  bool committing_ = false;
  std::unique_ptr<Db> writer_;  // used only by the thread leading a commit
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Db>> readers_;
  int schema_version_ = 0;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_cv_;
  bool stopping_ = false;
  std::thread checkpointer_;
};

}  // namespace pc::store
