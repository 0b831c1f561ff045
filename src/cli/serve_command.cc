// precursor serve: the licensing service's HTTP API and the web interface.
// The composition root of the server: its configuration (flags,
// environment) is read here and handed to the http library.
#include <httplib.h>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "cli/service_context.h"
#include "cli/context.h"
#include "text/scanner.h"
#include "http/guarded_server.h"
#include "http/server.h"
#include "http/static_files.h"
#include "licensing/demo.h"
#include "store/audit_anchor.h"

namespace pc::cli {
namespace {

httplib::Server* g_server = nullptr;

extern "C" void StopOnSignal(int) {
  if (g_server) g_server->stop();
}

int IntOption(const Args& args, const std::string& name, int fallback, int lo, int hi) {
  auto v = args.Get(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + name + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi));
}

// Demo users' passwords are public (README): say so loudly at every start,
// whether --demo created them now or an earlier run did.
void WarnOfDemoUsers(licensing::Store& store, const std::string& host) {
  auto users = licensing::DemoUsersWithPublicPasswords(store);
  if (users.empty()) return;
  std::string names;
  for (const auto& u : users) names += (names.empty() ? "" : ", ") + u;
  std::cerr << "precursor serve: WARNING: demo users with public passwords are present (" << names
            << "): anyone who can reach " << host
            << " can sign in as them. Never keep real data in this data directory. To run without them, "
               "start on a new --data directory without --demo (scripts/run.sh: PRECURSOR_DEMO=0) and create "
               "users with precursor admin.\n";
}

double DecimalOption(const Args& args, const std::string& name, double fallback, double lo, double hi) {
  auto v = args.Get(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    double x = std::stod(*v, &used);
    if (used == v->size() && x >= lo && x <= hi) return x;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + name + " must be a number from " + std::to_string(int(lo)) + " to " + std::to_string(int(hi)));
}

// $PRECURSOR_WEB, else the source tree's web/ (compiled in).
std::string WebDir() {
  if (const char* env = std::getenv("PRECURSOR_WEB"); env && *env) return env;
  return PC_WEB_DIR;
}

// Every connection holds a file descriptor, and so do the database, its WAL
// and the documents being read: raise the soft limit to the hard one and
// keep the connection cap below it, so that accept() never runs out.
std::size_t ConnectionsTheProcessCanHold(std::size_t wanted) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return wanted;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  if (lim.rlim_cur == RLIM_INFINITY) return wanted;
  constexpr rlim_t kReserve = 256;
  return std::min<std::size_t>(wanted, lim.rlim_cur > 2 * kReserve ? lim.rlim_cur - kReserve : lim.rlim_cur / 2);
}

}  // namespace

int ServeCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"port", "host", "data", "database", "database-connections", "registry", "threads", "reply-days", "exporting-country", "tick-seconds", "screen-cache",
                   "idle-minutes", "password-checks", "client-connections", "screen-cpu"},
            {"demo"});
  if (!args.positional().empty()) throw UsageError("serve takes no positional arguments");
  licensing::ServiceConfig config;
  config.default_reply_days = IntOption(args, "reply-days", 15, 1, 90);
  config.exporting_country = args.Get("exporting-country").value_or("CN");
  config.screen_cache_entries = size_t(IntOption(args, "screen-cache", 16384, 0, 10000000));
  config.session_idle_seconds = 60 * IntOption(args, "idle-minutes", 30, 1, 12 * 60);
  config.max_password_checks = IntOption(args, "password-checks", 4, 1, 256);
  int port = IntOption(args, "port", 8080, 0, 65535);
  http::Limits limits;
  limits.threads = size_t(IntOption(args, "threads", int(limits.threads), 1, 4096));
  limits.max_connections_per_client =
      size_t(IntOption(args, "client-connections", int(limits.max_connections_per_client), 0, 1000000));
  limits.screen_cpu_rate = DecimalOption(args, "screen-cpu", limits.screen_cpu_rate, 0, 1024);
  limits.max_connections = ConnectionsTheProcessCanHold(limits.max_connections);
  int tick = IntOption(args, "tick-seconds", 60, 1, 86400);
  std::string host = args.Get("host").value_or("127.0.0.1");

  // Bound before the data is opened: a second server started on a port in
  // use stops here, before it touches its database.
  http::GuardedServer server(limits);
  int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    int err = errno;
    std::cerr << "precursor serve: cannot listen on " << host << ":" << port << ": "
              << (err == EADDRINUSE ? "the port is in use (is another precursor serve running on it?)"
                                    : std::strerror(err))
              << "\n";
    return 2;
  }

  auto stack = OpenService(args, config);
  auto& service = *stack.service;
  if (args.Flag("demo")) {
    int n = licensing::SeedDemo(service, stack.store(), licensing::NowUtc());
    std::cerr << "precursor serve: demo data " << (n ? "created" : "already present")
              << " (users exporter, officer, authority, customs; see README)\n";
  }
  WarnOfDemoUsers(stack.store(), host);
  std::cerr << "precursor serve: " << stack.db.description << "; documents in " << (ServiceDataDir(args) / "documents").string()
            << "\n";
  store::AuditAnchorFile anchor(ServiceDataDir(args));

  http::ServerOptions options;
  options.openapi_file = std::string(PC_DEFAULT_DATA_DIR) + "/api/openapi.json";
  options.limits = limits;
  // POST /api/v1/scan: the service's screener, the registry's names.
  auto finder = MakeMentionFinder(RegistryDir(args), service.screener().registry());
  text::Scanner scanner(service.screener(), *finder);
  options.scanner = &scanner;
  http::Api api(service, stack.store(), options);
  server.set_payload_max_length(size_t(config.max_document_bytes) + (1 << 20));
  api.Register(server);
  http::RegisterStaticFiles(server, WebDir());  // the web interface
  g_server = &server;
  std::signal(SIGINT, StopOnSignal);
  std::signal(SIGTERM, StopOnSignal);

  // Periodic work: notification deadlines, registry changes taking effect,
  // expired sessions and replays purged, the audit anchor moved on.
  std::mutex m;
  std::condition_variable cv;
  bool stopping = false;
  std::thread ticker([&] {
    std::unique_lock lock(m);
    while (!stopping) {
      lock.unlock();
      // With several processes on one database, one of them does this at a
      // time (the writes would be correct from all of them, each seeing the
      // others' commits; the screening and the anchor would be repeated).
      bool leads = false;
      try {
        leads = stack.db.leads_periodic_work();
      } catch (const std::exception& e) {
        std::cerr << "precursor serve: periodic work skipped: " << e.what() << "\n";
      }
      if (leads) try {
        auto now = licensing::NowUtc();
        service.ProcessDeadlines(now);
        service.ProcessListChanges(licensing::DayOf(now), now);
      } catch (const std::exception& e) {
        std::cerr << "precursor serve: periodic check failed: " << e.what() << "\n";
      }
      // Each on its own: a failure of one must not stop the others.
      if (leads) try {
        service.PurgeExpired(licensing::NowUtc());
      } catch (const std::exception& e) {
        std::cerr << "precursor serve: purge of expired sessions failed: " << e.what() << "\n";
      }
      if (leads) try {
        anchor.Advance(stack.store());
      } catch (const std::exception& e) {
        std::cerr << "precursor serve: audit anchor not updated: " << e.what() << "\n";
      }
      lock.lock();
      cv.wait_for(lock, std::chrono::seconds(tick), [&] { return stopping; });
    }
  });

  std::cout << "precursor serve: listening on http://" << host << ":" << bound << std::endl;
  bool ok = server.listen_after_bind();
  {
    std::lock_guard lock(m);
    stopping = true;
  }
  cv.notify_all();
  ticker.join();
  try {
    // The records written since the last tick, by the process keeping the anchor.
    if (stack.db.leads_periodic_work()) anchor.Advance(stack.store());
  } catch (const std::exception& e) {
    std::cerr << "precursor serve: audit anchor not updated: " << e.what() << "\n";
  }
  g_server = nullptr;
  return ok ? 0 : 2;
}

}  // namespace pc::cli
