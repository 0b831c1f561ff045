// What the licensing commands share: where the database and documents live
// (--data DIR, default $PRECURSOR_SERVICE_DATA, else ./precursor-data), and
// where the registry is (--registry DIR, default $PRECURSOR_DATA, else the
// bundled data/). The screening commands' --data is the registry; here
// --data is the service's own state, as `precursor serve --data DIR` reads.
//
// The database: the SQLite file DIR/precursor.db, unless a PostgreSQL URL
// is given (--database postgresql://..., default $PRECURSOR_DATABASE), for
// several service processes on one database. Documents and the audit
// anchor stay in DIR either way: processes sharing a database share DIR.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/args.h"
#include "licensing/service.h"
#include "store/blob_store.h"

namespace pc::cli {

std::filesystem::path ServiceDataDir(const Args& args);
std::string RegistryDir(const Args& args);
// The PostgreSQL URL, if one is given; a value that is not a
// postgresql:// URL is a usage error.
std::optional<std::string> DatabaseUrl(const Args& args);
// How many connections each process keeps to PostgreSQL
// (--database-connections N, 1 to 1000, default 8): a usage error without
// a PostgreSQL URL or outside that range.
std::size_t DatabaseConnections(const Args& args);

// The licensing database the arguments name, migrated to this build.
struct OpenedStore {
  std::unique_ptr<licensing::Store> store;
  std::string description;  // "SQLite database ./precursor-data/precursor.db"; never a password
  // Whether several processes may share it (PostgreSQL).
  bool shared = false;
  // Whether this process should run the periodic work now: always on
  // SQLite (one process); on PostgreSQL, the one process holding the lock.
  std::function<bool()> leads_periodic_work;
};
OpenedStore OpenStore(const Args& args);

// The database, the document store and the service over the registry.
struct ServiceStack {
  OpenedStore db;
  std::unique_ptr<store::FileBlobStore> blobs;
  std::unique_ptr<licensing::Service> service;
  licensing::Store& store() { return *db.store; }
};
ServiceStack OpenService(const Args& args, licensing::ServiceConfig config = {});

}  // namespace pc::cli
