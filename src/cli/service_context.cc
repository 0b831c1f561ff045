#include "cli/service_context.h"

#include <cstdlib>

#include "cli/context.h"
#include "registry/registry.h"
#include "screen/screener.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

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

std::optional<std::string> DatabaseUrl(const Args& args) {
  std::optional<std::string> url = args.Get("database");
  if (!url)
    if (const char* env = std::getenv("PRECURSOR_DATABASE"); env && *env) url = env;
  if (!url) return std::nullopt;
  if (url->rfind("postgresql://", 0) != 0 && url->rfind("postgres://", 0) != 0)
    throw UsageError("--database (or $PRECURSOR_DATABASE) takes a PostgreSQL URL, postgresql://USER@HOST:PORT/DATABASE; "
                     "without it the service uses the SQLite file in --data");
  return url;
}

std::size_t DatabaseConnections(const Args& args) {
  auto v = args.Get("database-connections");
  if (!v) return 8;
  if (!DatabaseUrl(args)) throw UsageError("--database-connections is for a PostgreSQL --database only");
  try {
    size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size() && n >= 1 && n <= 1000) return std::size_t(n);
  } catch (const std::exception&) {
  }
  throw UsageError("--database-connections must be a number from 1 to 1000");
}

OpenedStore OpenStore(const Args& args) {
  OpenedStore out;
  if (auto url = DatabaseUrl(args)) {
    auto pg = std::make_unique<store::PostgresStore>(*url, DatabaseConnections(args));
    out.description = pg->description();
    out.shared = true;
    out.leads_periodic_work = [pg = pg.get()] { return pg->LeadsPeriodicWork(); };
    out.store = std::move(pg);
    return out;
  }
  DatabaseConnections(args);  // refuses the option without PostgreSQL
  auto dir = ServiceDataDir(args);
  std::filesystem::create_directories(dir);
  out.description = "SQLite database " + (dir / "precursor.db").string();
  out.store = std::make_unique<store::SqliteStore>(dir / "precursor.db");
  out.leads_periodic_work = [] { return true; };
  return out;
}

ServiceStack OpenService(const Args& args, licensing::ServiceConfig config) {
  ServiceStack s;
  s.db = OpenStore(args);
  // A session ended through one process must end in all of them at once:
  // with a shared database, every request reads its session from it.
  if (s.db.shared) config.session_cache_seconds = 0;
  auto dir = ServiceDataDir(args);
  std::filesystem::create_directories(dir);
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
  s.service = std::make_unique<licensing::Service>(*s.db.store, *s.blobs, screener, std::move(countries), config);
  return s;
}

}  // namespace pc::cli
