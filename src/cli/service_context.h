// What the licensing commands share: where the database and documents live
// (--data DIR, default $PRECURSOR_SERVICE_DATA, else ./precursor-data), and
// where the registry is (--registry DIR, default $PRECURSOR_DATA, else the
// bundled data/). The screening commands' --data is the registry; here
// --data is the service's own state, as `precursor serve --data DIR` reads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "cli/args.h"
#include "licensing/service.h"
#include "store/blob_store.h"
#include "store/sqlite_store.h"

namespace pc::cli {

std::filesystem::path ServiceDataDir(const Args& args);
std::string RegistryDir(const Args& args);

// The database, the document store and the service over the registry.
struct ServiceStack {
  std::unique_ptr<store::SqliteStore> store;
  std::unique_ptr<store::FileBlobStore> blobs;
  std::unique_ptr<licensing::Service> service;
};
ServiceStack OpenService(const Args& args, licensing::ServiceConfig config = {});

}  // namespace pc::cli
