// precursor serve: the licensing service's HTTP API and the web interface.
// The composition root of the server: its configuration (flags,
// environment) is read here and handed to the http library.
#include <httplib.h>

#include <sys/socket.h>

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
#include "http/server.h"
#include "http/static_files.h"
#include "licensing/demo.h"

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

// $PRECURSOR_WEB, else the source tree's web/ (compiled in).
std::string WebDir() {
  if (const char* env = std::getenv("PRECURSOR_WEB"); env && *env) return env;
  return PC_WEB_DIR;
}

}  // namespace

int ServeCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"port", "host", "data", "registry", "threads", "reply-days", "exporting-country", "tick-seconds", "screen-cache"},
            {"demo"});
  if (!args.positional().empty()) throw UsageError("serve takes no positional arguments");
  licensing::ServiceConfig config;
  config.default_reply_days = IntOption(args, "reply-days", 15, 1, 90);
  config.exporting_country = args.Get("exporting-country").value_or("CN");
  config.screen_cache_entries = size_t(IntOption(args, "screen-cache", 16384, 0, 10000000));
  int port = IntOption(args, "port", 8080, 0, 65535);
  int threads = IntOption(args, "threads", 64, 1, 1024);
  int tick = IntOption(args, "tick-seconds", 60, 1, 86400);
  std::string host = args.Get("host").value_or("127.0.0.1");

  auto stack = OpenService(args, config);
  auto& service = *stack.service;
  if (args.Flag("demo")) {
    int n = licensing::SeedDemo(service, *stack.store, licensing::NowUtc());
    std::cerr << "precursor serve: demo data " << (n ? "created" : "already present")
              << " (users exporter, officer, authority, customs; see README)\n";
  }

  http::ServerOptions options;
  options.openapi_file = std::string(PC_DEFAULT_DATA_DIR) + "/api/openapi.json";
  http::Api api(service, *stack.store, options);
  httplib::Server server;
  // One worker per connection: a keep-alive connection holds its thread.
  server.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
  server.set_keep_alive_max_count(10000);
  // cpp-httplib writes a response's headers and body separately; with
  // Nagle's algorithm the body then waits for the client's delayed ACK
  // (40 ms on Linux) before it is sent, on every keep-alive request.
  server.set_tcp_nodelay(true);
  // cpp-httplib listens with a backlog of 5 (compiled into Debian's
  // library). When a client opens its connections at once, the rest are
  // dropped and retried after TCP's retransmission timeout (200 ms to
  // seconds), which shows as a latency tail. Remember the listening socket
  // here and raise the backlog once it listens (Linux applies a second
  // listen() to an already listening socket).
  int listen_fd = -1;
  server.set_socket_options([&listen_fd](int sock) {
    httplib::default_socket_options(sock);
    listen_fd = sock;
  });
  server.set_payload_max_length(size_t(config.max_document_bytes) + (1 << 20));
  api.Register(server);
  http::RegisterStaticFiles(server, WebDir());  // the web interface

  int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::cerr << "precursor serve: cannot listen on " << host << ":" << port << "\n";
    return 2;
  }
  if (listen_fd >= 0 && ::listen(listen_fd, SOMAXCONN) != 0)
    std::cerr << "precursor serve: cannot raise the listen backlog: " << std::strerror(errno) << "\n";
  g_server = &server;
  std::signal(SIGINT, StopOnSignal);
  std::signal(SIGTERM, StopOnSignal);

  // Periodic work: notification deadlines and registry changes taking effect.
  std::mutex m;
  std::condition_variable cv;
  bool stopping = false;
  std::thread ticker([&] {
    std::unique_lock lock(m);
    while (!stopping) {
      lock.unlock();
      try {
        auto now = licensing::NowUtc();
        service.ProcessDeadlines(now);
        service.ProcessListChanges(licensing::DayOf(now), now);
      } catch (const std::exception& e) {
        std::cerr << "precursor serve: periodic check failed: " << e.what() << "\n";
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
  g_server = nullptr;
  return ok ? 0 : 2;
}

}  // namespace pc::cli
