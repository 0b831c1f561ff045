#include "http/guarded_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "common/error.h"
#include "http/deadline_stream.h"
#include "http/security_headers.h"

namespace pc::http {

namespace {

// Whom a connection counts against: its peer's IPv4 address, or the /64 of
// its IPv6 address (one IPv6 host is routinely given a whole /64, so
// counting single addresses would let it open connections without bound).
std::string ClientKey(int sock) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "?";
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
    return text;
  }
  if (addr.ss_family == AF_INET6) {
    in6_addr a = reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&a)) {
      ::inet_ntop(AF_INET, &a.s6_addr[12], text, sizeof text);
      return text;
    }
    std::fill(a.s6_addr + 8, a.s6_addr + 16, 0);
    ::inet_ntop(AF_INET6, &a, text, sizeof text);
    return std::string(text) + "/64";
  }
  return "?";
}

// cpp-httplib's default options set SO_REUSEPORT, with which a second
// server binds a port already in use and the kernel shares the
// connections between the two. SO_REUSEADDR alone lets a restarted server
// bind while old connections are in TIME_WAIT, and refuses a port another
// socket listens on.
void ListenSocketOptions(int sock) {
  int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

// 1: readable (or closed: the read reports it), 0: nothing within `wait`, -1: error.
int WaitReadable(int sock, std::chrono::milliseconds wait) {
  for (;;) {
    pollfd p{sock, POLLIN, 0};
    int n = ::poll(&p, 1, int(wait.count()));
    if (n >= 0) return n > 0 ? 1 : 0;
    if (errno != EINTR) return -1;
  }
}

}  // namespace

// One accepted connection. Destroying it closes the socket and releases its
// count, whichever thread last held it.
struct GuardedServer::Connection {
  Connection(int s, std::string who, ClientCounts& counts, const Limits& limits, const std::atomic<int>& listening)
      : sock(s), client(std::move(who)), counts_(counts),
        stream(s, limits.max_head_bytes, limits.write_timeout, listening) {}
  ~Connection() {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    counts_.Release(client);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int sock;
  std::string client;
  ClientCounts& counts_;
  DeadlineStream stream;
  std::size_t requests = 0;
  // When the next request's first bytes were seen: its head's deadline
  // counts from then, time spent waiting for a thread included.
  Clock::time_point ready_since{};
};

// cpp-httplib's accept loop hands each accepted socket to its task queue as
// a call of process_and_close_socket(sock), and calls shutdown() when it
// stops. This queue runs that call at once, on the accepting thread, so an
// over-limit connection is closed without waiting behind others; the
// connection's work goes to the server's own pool.
class GuardedServer::ListenerQueue : public httplib::TaskQueue {
 public:
  explicit ListenerQueue(GuardedServer& server) : server_(server) {}
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { server_.Shutdown(); }

 private:
  GuardedServer& server_;
};

bool GuardedServer::ClientCounts::Admit(const std::string& client, std::size_t per_client, std::size_t total) {
  std::lock_guard lock(mutex_);
  auto& n = open_[client];
  if (total_ >= total || (per_client > 0 && n >= per_client)) {
    if (n == 0) open_.erase(client);
    return false;
  }
  ++n;
  ++total_;
  return true;
}

void GuardedServer::ClientCounts::Release(const std::string& client) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(client);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
  --total_;
}

GuardedServer::GuardedServer(const Limits& limits) : limits_(limits) {
  if (limits_.threads == 0) throw std::invalid_argument("the server needs at least one thread");
  if (limits_.max_requests_per_connection == 0) throw std::invalid_argument("a connection must carry a request");
  set_socket_options(ListenSocketOptions);
  // cpp-httplib writes a response's headers and body separately; with
  // Nagle's algorithm the body then waits for the client's delayed ACK
  // (40 ms on Linux) before it is sent, on every keep-alive request.
  set_tcp_nodelay(true);
  set_default_headers(SecurityHeaders());
  // What the Keep-Alive response header announces.
  set_keep_alive_timeout(std::max<time_t>(1, std::chrono::ceil<std::chrono::seconds>(limits_.idle_timeout).count()));
  set_keep_alive_max_count(limits_.max_requests_per_connection);
  new_task_queue = [this] {
    Start();
    return new ListenerQueue(*this);
  };
}

GuardedServer::~GuardedServer() {
  if (watcher_.joinable()) Shutdown();
}

void GuardedServer::Start() {
  // cpp-httplib listens with a backlog of 5 (compiled into Debian's
  // library): when clients open many connections at once, the rest are
  // dropped and retried after TCP's retransmission timeout, a latency tail
  // of 200 ms to seconds. Linux applies a second listen() to a listening
  // socket.
  ::listen(svr_sock_, SOMAXCONN);
  pool_ = std::make_unique<httplib::ThreadPool>(limits_.threads);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw IoError(std::string("epoll: ") + std::strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  watcher_ = std::thread([this] { WatchParked(); });
}

void GuardedServer::Shutdown() {
  {
    std::lock_guard lock(parked_mutex_);
    stopping_ = true;
  }
  Wake();
  if (watcher_.joinable()) watcher_.join();
  // Requests in progress finish (a stalled one gives up: DeadlineStream
  // sees the listening socket closed); queued connections are closed.
  if (pool_) pool_->shutdown();
  pool_.reset();
  ::close(epoll_fd_);
  ::close(wake_fd_);
  epoll_fd_ = wake_fd_ = -1;
}

bool GuardedServer::process_and_close_socket(int sock) {
  std::string client = ClientKey(sock);
  if (!clients_.Admit(client, limits_.max_connections_per_client, limits_.max_connections)) {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return false;
  }
  // Parked until its request's first bytes arrive: from then its head's
  // deadline runs, while it waits for a thread too.
  Park(std::make_shared<Connection>(sock, std::move(client), clients_, limits_, svr_sock_));
  return true;
}

void GuardedServer::Serve(ConnectionPtr c) {
  auto& stream = c->stream;
  while (svr_sock_ != INVALID_SOCKET) {
    if (stream.has_buffered()) {  // pipelined
      c->ready_since = Clock::now();
    } else if (c->ready_since == Clock::time_point{}) {  // after a response
      int ready = WaitReadable(c->sock, limits_.keep_alive_grace);
      if (ready == 0) return Park(std::move(c));
      if (ready < 0) return;
      c->ready_since = Clock::now();
    }
    stream.BeginHead(c->ready_since + limits_.header_timeout);
    c->ready_since = {};
    bool last = ++c->requests >= limits_.max_requests_per_connection;
    bool closed = false;
    bool ok = process_request(stream, last, closed, [&](httplib::Request& req) {
      stream.BeginBody(Clock::now() + limits_.body_timeout);
      // Ranges are optional for a server (RFC 9110, 14.2): every response is
      // the whole representation.
      req.ranges.clear();
      req.headers.erase("Range");
    });
    if (!ok || closed || last || stream.cut()) return;
  }
}

void GuardedServer::Park(ConnectionPtr c) {
  std::lock_guard lock(parked_mutex_);
  if (stopping_) return;  // dropping the last reference closes it
  int sock = c->sock;
  auto deadline = Clock::now() + limits_.idle_timeout;
  epoll_event ev{};
  // One-shot: a readable connection is taken out before a thread serves it.
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = sock;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, sock, &ev) != 0) return;
  parked_[sock] = {std::move(c), deadline};
  // Deadlines come in the order connections are parked (idle_timeout is
  // the same for all), so only a watcher with none to wait for needs to
  // learn of a new one.
  if (deadlines_.empty()) Wake();
  deadlines_.insert({deadline, sock});
}

void GuardedServer::Wake() {
  std::uint64_t one = 1;
  if (::write(wake_fd_, &one, sizeof one) < 0) {
    // Only EAGAIN, if the counter were near overflow: it is woken already.
  }
}

void GuardedServer::WatchParked() {
  std::vector<epoll_event> events(256);
  std::vector<ConnectionPtr> ready, expired;
  auto take = [&](int sock, std::vector<ConnectionPtr>& into) {  // with parked_mutex_ held
    auto it = parked_.find(sock);
    if (it == parked_.end()) return;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, sock, nullptr);
    deadlines_.erase({it->second.deadline, sock});
    it->second.connection->ready_since = Clock::now();
    into.push_back(std::move(it->second.connection));
    parked_.erase(it);
  };
  for (;;) {
    int timeout_ms = -1;
    {
      std::lock_guard lock(parked_mutex_);
      if (stopping_) break;
      if (!deadlines_.empty()) {
        auto wait = deadlines_.begin()->first - Clock::now();
        timeout_ms = int(std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::milliseconds>(wait).count()));
      }
    }
    int n = ::epoll_wait(epoll_fd_, events.data(), int(events.size()), timeout_ms);
    if (n < 0 && errno != EINTR) break;
    {
      std::lock_guard lock(parked_mutex_);
      if (stopping_) break;
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == wake_fd_) {
          std::uint64_t count;
          if (::read(wake_fd_, &count, sizeof count) < 0) {
            // EAGAIN: another wake-up already reset it.
          }
        } else {
          take(events[i].data.fd, ready);
        }
      }
      auto now = Clock::now();
      while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
        int sock = deadlines_.begin()->second;
        deadlines_.erase(deadlines_.begin());
        take(sock, expired);
      }
    }
    for (auto& c : ready) pool_->enqueue([this, c] { Serve(c); });
    ready.clear();
    expired.clear();  // closes them, outside the lock
  }
  std::unordered_map<int, Parked> left;
  {
    std::lock_guard lock(parked_mutex_);
    stopping_ = true;
    left.swap(parked_);
    deadlines_.clear();
  }
}

}  // namespace pc::http
