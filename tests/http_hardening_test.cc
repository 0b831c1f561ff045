// The HTTP transport under attack, each case as it was found against
// `precursor serve --demo`: the in-process API on a real SQLite file behind
// the GuardedServer `serve` runs (short timeouts, so the tests are quick),
// and the real binary for the port already in use. Attackers connect from
// 127.0.0.2, the honest client from 127.0.0.1.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "api_fixture.h"
#include "http/guarded_server.h"
#include "http/static_files.h"

namespace pc::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

void WriteFile(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A TCP connection to 127.0.0.1:port from `source` (127.0.0.2 for an
// attacker), non-blocking.
int Connect(int port, const char* source) {
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  if (::bind(s, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
    ::close(s);
    return -1;
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(uint16_t(port));
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  ::connect(s, reinterpret_cast<sockaddr*>(&to), sizeof to);  // EINPROGRESS
  return s;
}

// Sends `bytes` on a new connection and returns everything the server
// sends back until it closes the connection (or `wait` passes).
std::string Exchange(int port, const std::string& bytes, std::chrono::seconds wait = 20s) {
  int s = Connect(port, "127.0.0.1");
  std::string out;
  size_t sent = 0;
  auto deadline = Clock::now() + wait;
  while (Clock::now() < deadline) {
    pollfd p{s, short(POLLIN | (sent < bytes.size() ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    if ((p.revents & POLLOUT) && sent < bytes.size()) {
      ssize_t n = ::send(s, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) sent += size_t(n);
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[4096];
      ssize_t n = ::recv(s, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, size_t(n));
    }
  }
  ::close(s);
  return out;
}

// Clients that open connections from 127.0.0.2 and send a request head
// one header line every `every`, never finishing it. Closed() counts the
// connections the server has closed.
class Drippers {
 public:
  // every 0: connect and send nothing (idle connections).
  Drippers(int port, int count, std::chrono::milliseconds every) : every_(every) {
    for (int i = 0; i < count; ++i) socks_.push_back({Connect(port, "127.0.0.2"), 0, false});
  }
  ~Drippers() {
    for (auto& s : socks_) ::close(s.fd);
  }
  // Drips until `done` says stop or `limit` passes; true if stopped by `done`.
  bool Run(const std::function<bool()>& done, std::chrono::seconds limit) {
    auto end = Clock::now() + limit;
    auto next = Clock::now();
    while (Clock::now() < end) {
      if (done()) return true;
      if (every_.count() > 0 && Clock::now() >= next) {
        for (auto& s : socks_)
          if (!s.closed) Drip(s);
        next = Clock::now() + every_;
      }
      Observe();
    }
    return done();
  }
  int Closed() const {
    int n = 0;
    for (const auto& s : socks_) n += s.closed;
    return n;
  }
  int Open() const { return int(socks_.size()) - Closed(); }
  // Header lines sent by the slowest connection still open.
  int FewestLines() const {
    int n = 1 << 30;
    for (const auto& s : socks_)
      if (!s.closed) n = std::min(n, s.lines);
    return n;
  }

 private:
  struct Sock {
    int fd;
    int lines;
    bool closed;
  };
  void Drip(Sock& s) {
    std::string line = s.lines == 0 ? "GET /api/openapi.json HTTP/1.1\r\n" : "X-Drip-" + std::to_string(s.lines) + ": 1\r\n";
    if (::send(s.fd, line.data(), line.size(), MSG_NOSIGNAL) == ssize_t(line.size())) ++s.lines;
  }
  // The server closing a connection shows as end of file or a reset.
  void Observe() {
    std::vector<pollfd> fds;
    for (auto& s : socks_)
      if (!s.closed) fds.push_back({s.fd, POLLIN, 0});
    if (fds.empty() || ::poll(fds.data(), fds.size(), 20) <= 0) return;
    for (auto& p : fds) {
      if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      ssize_t n = ::recv(p.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
        for (auto& s : socks_)
          if (s.fd == p.fd) s.closed = true;
    }
  }
  std::chrono::milliseconds every_;
  std::vector<Sock> socks_;
};

// Room for `n` more connections in this process (each takes a descriptor
// at both ends here): raises the soft limit to the hard one.
int Descriptors() {
  rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &lim);
  ::getrlimit(RLIMIT_NOFILE, &lim);
  return int(std::min<rlim_t>(lim.rlim_cur, 1 << 20));
}

class HardeningTest : public ApiTest {
 protected:
  static http::Limits ShortLimits() {
    http::Limits l;
    l.header_timeout = 1s;
    l.idle_timeout = 1s;
    l.body_timeout = 2s;
    l.write_timeout = 2s;
    l.threads = 16;
    l.max_connections_per_client = 0;
    return l;
  }
  void SetLimits(http::Limits& l) override { l = limits_; }
  std::unique_ptr<httplib::Server> NewServer() override {
    auto web = dir_ / "web";
    WriteFile(web / "index.html", "<!doctype html><title>Precursor Control</title><script type=module src=/app.js></script>");
    WriteFile(web / "app.js", std::string(2000, 'x'));
    WriteFile(web / "pages" / "screen.js", "export {};");
    WriteFile(web / ".env", "SECRET=1");
    WriteFile(web / "e2e" / "run.mjs", "// tests");
    WriteFile(web / "package.json", "{}");
    WriteFile(dir_ / "outside.js", "outside");
    std::error_code ec;
    std::filesystem::create_symlink(dir_ / "outside.js", web / "link.js", ec);
    auto server = std::make_unique<http::GuardedServer>(limits_);
    http::RegisterStaticFiles(*server, web.string());
    return server;
  }
  // Restarts the server (same database) with other limits.
  void Restart(const http::Limits& limits) {
    Stop();
    limits_ = limits;
    Start();
  }
  httplib::Result RawGet(const std::string& path, httplib::Headers headers = {}) {
    httplib::Client c("127.0.0.1", port_);
    c.set_url_encode(false);  // the path as the attacker wrote it
    c.set_read_timeout(20, 0);
    return c.Get(path.c_str(), headers);
  }

  http::Limits limits_ = ShortLimits();
};

// `curl --path-as-is http://HOST//<absolute path>/precursor.db` returned the
// whole database; so did the same path with %2F for the slashes.
TEST_F(HardeningTest, AbsoluteAndEncodedPathsAreNotServed) {
  std::string db = (dir_ / "precursor.db").string();
  std::string encoded = std::regex_replace(db, std::regex("/"), "%2F");
  for (const std::string& path : std::vector<std::string>{"/" + db, "/" + encoded, "//etc/hostname",
                                  "/%2Fetc%2Fhostname", "/../precursor.db", "/pages/../../precursor.db"}) {
    auto r = RawGet(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("SQLite format 3"), std::string::npos) << path;
  }
  // A link out of the folder, dotfiles, the end-to-end tests and files of
  // types the site does not use.
  for (std::string path : {"/link.js", "/.env", "/e2e/run.mjs", "/package.json", "/pages/.hidden.js"}) {
    auto r = RawGet(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("outside"), std::string::npos) << path;
  }
  // The site itself.
  auto app = RawGet("/app.js");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->status, 200);
  EXPECT_EQ(app->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(RawGet("/pages/screen.js")->status, 200);
  for (std::string path : {"/", "/queue", "/some/client/route"}) {
    auto r = RawGet(path);
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_NE(r->body.find("Precursor Control"), std::string::npos) << path;
  }
  // The database is still the server's own: writes go on.
  auto tokens = DemoTokens();
  EXPECT_EQ(Post("/api/v1/applications", tokens["exporter"], Draft()).status, 201);
}

// One request with 500 byte ranges of a static file produced a multipart
// response of 500 copies.
TEST_F(HardeningTest, RangesAreIgnored) {
  std::string ranges = "bytes=0-";
  for (int i = 1; i < 500; ++i) ranges += ",0-";
  auto r = RawGet("/app.js", {{"Range", ranges}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), 2000u);  // the file once
  EXPECT_TRUE(r->body == std::string(2000, 'x'));
  EXPECT_EQ(r->get_header_value("Content-Type").find("multipart"), std::string::npos);
  EXPECT_FALSE(r->has_header("Content-Range"));
  auto one = RawGet("/app.js", {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_EQ(one->body.size(), 2000u);
}

// Every response, API, static or error, carries the security headers, once.
TEST_F(HardeningTest, EveryResponseCarriesTheSecurityHeaders) {
  auto check = [](const httplib::Headers& h, const std::string& what) {
    auto csp = h.find("Content-Security-Policy");
    ASSERT_NE(csp, h.end()) << what;
    // Scripts from this server only: no inline script, no eval.
    std::set<std::string> directives;
    std::stringstream policy(csp->second);
    for (std::string d; std::getline(policy, d, ';');) directives.insert(d.substr(d.find_first_not_of(' ')));
    EXPECT_TRUE(directives.count("default-src 'none'")) << csp->second;
    EXPECT_TRUE(directives.count("script-src 'self'")) << csp->second;
    EXPECT_NE(csp->second.find("frame-ancestors 'none'"), std::string::npos) << what;
    EXPECT_EQ(h.count("X-Content-Type-Options"), 1u) << what;
    EXPECT_EQ(h.find("X-Content-Type-Options")->second, "nosniff") << what;
    EXPECT_EQ(h.count("X-Frame-Options"), 1u) << what;
    EXPECT_EQ(h.find("X-Frame-Options")->second, "DENY") << what;
    ASSERT_EQ(h.count("Referrer-Policy"), 1u) << what;
    EXPECT_EQ(h.find("Referrer-Policy")->second, "no-referrer") << what;
  };
  check(Call("GET", "/").headers, "index");
  check(Call("GET", "/app.js").headers, "script");
  check(Call("GET", "/.env").headers, "404 file");
  check(Call("GET", "/api/openapi.json").headers, "openapi");
  check(Call("GET", "/api/v1/me").headers, "401");
  check(Call("GET", "/api/v1/no-such-route").headers, "404 route");
  check(Post("/api/v1/login", "", {{"username", "x"}}).headers, "400");
  auto tokens = DemoTokens();
  check(Post("/api/v1/screen", tokens["officer"], {{"input", "4-AP"}}).headers, "screening");
  // A request cpp-httplib cannot parse is answered by the library itself.
  std::string raw = Exchange(port_, "NONSENSE\r\n\r\n");
  EXPECT_NE(raw.find("HTTP/1.1 400"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Content-Security-Policy: "), std::string::npos) << raw;
  EXPECT_NE(raw.find("X-Frame-Options: DENY"), std::string::npos) << raw;
}

// The policy forbids inline script, so the interface must have none.
TEST(WebInterface, HasNoInlineScriptOrHandlers) {
  auto web = std::filesystem::path(PC_DATA_DIR).parent_path() / "web";
  std::string index = ReadFile(web / "index.html");
  ASSERT_FALSE(index.empty());
  std::smatch m;
  const std::regex script("<script([^>]*)>");
  for (auto it = std::sregex_iterator(index.begin(), index.end(), script);
       it != std::sregex_iterator(); ++it)
    EXPECT_NE((*it)[1].str().find("src="), std::string::npos) << "inline script: " << (*it)[0];
  EXPECT_FALSE(std::regex_search(index, m, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase))) << m[0];
  EXPECT_FALSE(std::regex_search(index, m, std::regex("javascript:", std::regex::icase)));
}

// 150-200 clients sending a header line every few seconds kept every
// other client out for as long as they went on.
TEST_F(HardeningTest, SlowHeadersAreCutOffAndHonestClientsServed) {
  Drippers drippers(port_, 50, 200ms);  // more than the 16 threads
  std::future<int> honest;
  bool all_cut = drippers.Run(
      [&] {
        if (!honest.valid() && drippers.FewestLines() >= 2) {  // every dripper is in its head
          honest = std::async(std::launch::async, [&] {
            httplib::Client c("127.0.0.1", port_);
            c.set_read_timeout(20, 0);
            auto r = c.Get("/api/openapi.json");
            return r ? r->status : -1;
          });
        }
        return drippers.Closed() == 50;
      },
      30s);
  // Each would have dripped for 30 s; the header timeout is 1 s.
  EXPECT_TRUE(all_cut) << drippers.Closed() << " of 50 slow clients cut off";
  ASSERT_TRUE(honest.valid());
  EXPECT_EQ(honest.get(), 200);
}

// Connections from one address beyond its cap are closed as soon as they
// are accepted, and the address's others do not keep anyone else out.
TEST_F(HardeningTest, ConnectionsBeyondThePerClientCapAreClosedAtOnce) {
  auto limits = ShortLimits();
  limits.max_connections_per_client = 8;
  limits.header_timeout = 60s;  // the admitted eight stay for the whole test
  Restart(limits);
  Drippers drippers(port_, 200, 500ms);
  bool settled = drippers.Run([&] { return drippers.Closed() >= 192; }, 30s);
  EXPECT_TRUE(settled) << drippers.Closed();
  EXPECT_EQ(drippers.Closed(), 192);
  EXPECT_EQ(drippers.Open(), 8);
  EXPECT_EQ(Call("GET", "/api/openapi.json").status, 200);  // from 127.0.0.1
}

// 2,000 idle connections made the next request wait 37 s: a connection
// waiting for a request holds no thread.
TEST_F(HardeningTest, IdleConnectionsHoldNoThread) {
  auto limits = ShortLimits();
  limits.idle_timeout = 60s;
  Restart(limits);
  int n = std::min(2000, (Descriptors() - 200) / 2);
  ASSERT_GT(n, 100);
  Drippers idle(port_, n, 0ms);  // connect, never send
  idle.Run([] { return false; }, 2s);
  EXPECT_EQ(idle.Open(), n);
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(20, 0);
  auto r = c.Get("/api/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

// A connection that sends nothing is closed after idle_timeout (it waits
// without a thread, but not for ever).
TEST_F(HardeningTest, IdleConnectionsAreClosedAfterTheIdleTimeout) {
  Drippers idle(port_, 20, 0ms);
  EXPECT_TRUE(idle.Run([&] { return idle.Closed() == 20; }, 30s)) << idle.Closed() << " of 20 closed";
  // And a keep-alive connection after its last request.
  std::string raw = Exchange(port_, "GET /api/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n", 30s);
  EXPECT_NE(raw.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(raw.find("Keep-Alive: timeout=1"), std::string::npos);
}

// A keep-alive connection goes on being served after waiting between
// requests (it is parked and taken back).
TEST_F(HardeningTest, KeepAliveConnectionsAreServedAfterWaiting) {
  httplib::Client c("127.0.0.1", port_);
  c.set_keep_alive(true);
  for (int i = 0; i < 20; ++i) {
    auto r = c.Get("/api/openapi.json");
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    if (i % 5 == 0) std::this_thread::sleep_for(50ms);  // longer than the grace
  }
}

// A request head of more than max_head_bytes is refused.
TEST_F(HardeningTest, OversizedHeadsAreRefused) {
  std::string head = "GET /api/openapi.json HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 100; ++i) head += "X-Pad-" + std::to_string(i) + ": " + std::string(1000, 'a') + "\r\n";
  std::string raw = Exchange(port_, head + "Connection: close\r\n\r\n");
  EXPECT_EQ(raw.find("HTTP/1.1 200"), std::string::npos) << raw.substr(0, 200);
}

// Screening is CPU-bound: at most cpu_workers at once, cpu_queue waiting,
// the next refused with 503 and Retry-After; other routes are not held up.
TEST_F(HardeningTest, BusyScreeningAnswers503WithRetryAfter) {
  auto limits = ShortLimits();
  limits.cpu_workers = 1;
  limits.cpu_queue = 1;
  Restart(limits);
  auto tokens = DemoTokens();
  std::optional<http::WorkGate::Slot> held(api_->cpu_gate().Enter());
  auto queued = std::async(std::launch::async, [&, token = tokens["exporter"]] {
    httplib::Client c("127.0.0.1", port_);  // its own client: this one waits in the gate
    c.set_read_timeout(60, 0);
    auto r = c.Post("/api/v1/screen", {{"Authorization", "Bearer " + token}}, R"({"input":"4-AP"})",
                    "application/json");
    return r ? r->status : -1;
  });
  for (auto end = Clock::now() + 20s; api_->cpu_gate().waiting() < 1 && Clock::now() < end;)
    std::this_thread::sleep_for(5ms);
  ASSERT_EQ(api_->cpu_gate().waiting(), 1u);
  auto busy = Post("/api/v1/screen", tokens["officer"], {{"input", "NPP"}});
  EXPECT_EQ(busy.status, 503) << busy.raw;
  auto retry = busy.headers.find("Retry-After");
  ASSERT_NE(retry, busy.headers.end());
  EXPECT_GE(std::stoi(retry->second), 1);
  EXPECT_EQ(Post("/api/v1/depict", tokens["officer"], {{"smiles", "CCO"}}).status, 503);
  EXPECT_EQ(Get("/api/v1/me", tokens["officer"]).status, 200);  // not CPU-bound
  held.reset();
  EXPECT_EQ(queued.get(), 200);
  EXPECT_EQ(Post("/api/v1/screen", tokens["officer"], {{"input", "NPP"}}).status, 200);
}

// A request could carry 1,000 inputs and every role may screen: each user
// has a budget of screening CPU time, refused with 429 when spent.
TEST_F(HardeningTest, ScreeningBeyondTheUsersBudgetAnswers429) {
  auto limits = ShortLimits();
  limits.screen_cpu_rate = 1e-6;  // a microsecond a second: one screening overdraws it
  limits.screen_cpu_burst = 1e-6;
  limits.cpu_queue = 0;  // a full gate refuses at once
  Restart(limits);
  auto tokens = DemoTokens();
  EXPECT_EQ(Post("/api/v1/screen", tokens["exporter"], {{"input", "CCN(CC)C(=O)C1CCNCC1"}}).status, 200);
  auto r = Post("/api/v1/screen", tokens["exporter"], {{"input", "CCCN1CCC(CC1)Nc1ccccc1"}});
  EXPECT_EQ(r.status, 429) << r.raw;
  auto retry = r.headers.find("Retry-After");
  ASSERT_NE(retry, r.headers.end());
  EXPECT_GE(std::stoi(retry->second), 1);
  EXPECT_NE(r.body["error"]["reason"].get<std::string>().find("screening time"), std::string::npos);
  // Another user's budget is their own; a batch stops when it is spent.
  EXPECT_EQ(Post("/api/v1/screen", tokens["officer"], {{"input", "4-AP"}}).status, 200);
  Json batch = {{"inputs", {{{"input", "CCO"}}, {{"input", "CCCO"}}, {{"input", "CCCCO"}}}}};
  EXPECT_EQ(Post("/api/v1/screen", tokens["customs"], batch).status, 429);
  // Other routes are not budgeted.
  EXPECT_EQ(Get("/api/v1/me", tokens["exporter"]).status, 200);
  // An overdrawn user is refused before the gate: 429 even when the gate
  // is full, not a wait or a 503.
  std::vector<http::WorkGate::Slot> places;
  for (size_t i = 0; i < api_->cpu_gate().workers(); ++i) places.push_back(api_->cpu_gate().Enter());
  EXPECT_EQ(Post("/api/v1/screen", tokens["exporter"], {{"input", "CCO"}}).status, 429);
}

// Starting a second `serve` on a port in use: both listened (SO_REUSEPORT)
// and requests alternated between two databases.
TEST(ServeBinary, RefusesAPortInUse) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("pc-port-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t first = ::fork();
  if (first == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::string data = (dir / "a").string();
    ::execl(PC_BINARY, PC_BINARY, "serve", "--port", "0", "--data", data.c_str(), "--registry", PC_DATA_DIR,
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  FILE* out = ::fdopen(fds[0], "r");
  char line[512];
  int port = 0;
  while (port == 0 && std::fgets(line, sizeof line, out)) {
    std::string l = line;
    if (l.find("listening on") != std::string::npos) port = std::stoi(l.substr(l.rfind(':') + 1));
  }
  ASSERT_GT(port, 0);
  // The second must stop by itself; `timeout` ends it (status 124) if it listens.
  std::string cmd = "timeout 30 " + std::string(PC_BINARY) + " serve --port " + std::to_string(port) + " --data " +
                    (dir / "b").string() + " --registry " + PC_DATA_DIR + " 2>&1";
  FILE* second = ::popen(cmd.c_str(), "r");
  std::string said;
  while (std::fgets(line, sizeof line, second)) said += line;
  int status = ::pclose(second);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2) << said;
  EXPECT_NE(said.find("in use"), std::string::npos) << said;
  EXPECT_FALSE(std::filesystem::exists(dir / "b" / "precursor.db")) << "the second server opened its database";
  ::kill(first, SIGTERM);
  int ignored;
  ::waitpid(first, &ignored, 0);
  std::fclose(out);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pc::testing
