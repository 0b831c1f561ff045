#include "cli/service_context.h"

#include <cstdlib>

#include "cli/context.h"
#include "registry/registry.h"
#include "screen/screener.h"

namespace pc::cli {

std::filesystem::path ServiceDataDir(const Args& args) {
  if (auto d = args.Get("data")) return *d;
  if (const char* env = std::getenv("PRECURSOR_SERVICE_DATA")) return env;
  return "precursor-data";
}

std::string RegistryDir(const Args& args) {
  if (auto d = args.Get("registry")) return *d;
  if (const char* env = std::getenv("PRECURSOR_DATA")) return env;
  return PC_DEFAULT_DATA_DIR;
}

ServiceStack OpenService(const Args& args, licensing::ServiceConfig config) {
  ServiceStack s;
  auto dir = ServiceDataDir(args);
  std::filesystem::create_directories(dir);
  s.store = std::make_unique<store::SqliteStore>(dir / "precursor.db");
  s.blobs = std::make_unique<store::FileBlobStore>(dir / "documents");
  auto registry_dir = RegistryDir(args);
  auto registry = registry::Registry::Load(registry_dir);
  auto screener = std::make_shared<screen::Screener>(registry);
  screener->set_name_resolver(MakeNameParser(registry_dir, registry));
  // A registry directory may carry its own country map; else the bundled one.
  auto countries_file = std::filesystem::path(registry_dir) / "licensing" / "countries.json";
  if (!std::filesystem::exists(countries_file))
    countries_file = std::filesystem::path(PC_DEFAULT_DATA_DIR) / "licensing" / "countries.json";
  auto countries = licensing::CountryMap::Load(countries_file);
  s.service = std::make_unique<licensing::Service>(*s.store, *s.blobs, screener, std::move(countries), config);
  return s;
}

}  // namespace pc::cli
