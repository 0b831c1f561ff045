// The embedded SQLite implementation of licensing::Store: one database file
// in WAL mode with synchronous=FULL, so a committed write survives a crash
// or power loss. Writers take one connection under a mutex (SQLite allows
// one writer at a time anyway; waiting on a mutex is fairer and faster than
// SQLite's busy-retry); readers take pooled connections and run concurrently.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
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
  std::unique_ptr<Db> TakeReader();
  void ReturnReader(std::unique_ptr<Db> db);

  std::filesystem::path file_;
  std::mutex write_mutex_;
  std::unique_ptr<Db> writer_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Db>> readers_;
  int schema_version_ = 0;
};

}  // namespace pc::store
