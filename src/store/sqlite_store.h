// The embedded SQLite implementation of licensing::Store: one database file
// in WAL mode with synchronous=FULL, so a committed write survives a crash
// or power loss. Writers take one connection under a mutex (SQLite allows
// one writer at a time anyway; waiting on a mutex is fairer and faster than
// SQLite's busy-retry); readers take pooled connections and run concurrently.
//
// Group commit (group_commit.h): writers that arrive while a commit is in
// progress share the next transaction and its fsync, each in its own
// SAVEPOINT. WAL checkpoints run on a background thread (PASSIVE: never blocking
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
#include "store/group_commit.h"

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
  void CommitBatch(GroupCommit::Batch& batch);
  std::unique_ptr<Db> TakeReader();
  void ReturnReader(std::unique_ptr<Db> db);

  std::filesystem::path file_;
  GroupCommit group_;
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
