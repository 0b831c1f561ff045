// The HTTP server `precursor serve` runs: cpp-httplib's Server (its request
// parsing, routing and responses) with its connection handling replaced.
//
// cpp-httplib 0.11.4 serves each connection on one thread from a pool with
// an unbounded queue, for as long as the connection lasts, and restarts its
// read timeout with every byte. So 200 clients each sending a header line
// every few seconds hold every thread, and 2,000 idle keep-alive
// connections make the next client wait behind all of them. Here:
//
// - a request's head, its body and its response each have one deadline
//   (Limits: header_timeout, body_timeout, write_timeout), and the head a
//   size cap; a connection that misses one is closed (DeadlineStream);
// - a connection waiting for a request holds no thread: a new one, and a
//   kept-alive one after a short grace, is parked with an idle watcher
//   (epoll) until it sends something or idle_timeout passes; the head's
//   deadline runs from its first bytes, time spent waiting for a thread
//   included;
// - connections are counted per client address (an IPv6 client by its /64)
//   and in all; one beyond either cap is closed as soon as it is accepted;
// - a Range header is ignored: cpp-httplib would answer 500 ranges of a
//   file with a multipart body of 500 copies, built in memory;
// - the listening socket refuses a port already in use (no SO_REUSEPORT),
//   and listens with the system's largest backlog;
// - every response carries the security headers (security_headers.h).
//
// Like httplib::Server it listens once; stop() ends listen_after_bind().
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "http/limits.h"

namespace pc::http {

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(const Limits& limits);
  ~GuardedServer() override;
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

 private:
  using Clock = std::chrono::steady_clock;
  struct Connection;
  class ListenerQueue;
  using ConnectionPtr = std::shared_ptr<Connection>;

  // Open connections per client address, and in all.
  class ClientCounts {
   public:
    bool Admit(const std::string& client, std::size_t per_client, std::size_t total);
    void Release(const std::string& client);

   private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> open_;
    std::size_t total_ = 0;
  };

  // Called by cpp-httplib's accept loop for every accepted socket.
  bool process_and_close_socket(int sock) override;
  // Serves the connection's requests on a pool thread until it closes, or
  // goes idle and is parked.
  void Serve(ConnectionPtr c);
  void Park(ConnectionPtr c);
  void WatchParked();  // the idle watcher's thread
  void Wake();         // makes the watcher look at parked_ and stopping_ again
  void Start();        // when the server starts accepting
  void Shutdown();     // when it has stopped accepting

  Limits limits_;
  ClientCounts clients_;  // declared first: connections release into it when destroyed
  std::unique_ptr<httplib::ThreadPool> pool_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: wakes the watcher to stop
  std::thread watcher_;
  std::mutex parked_mutex_;
  bool stopping_ = false;
  struct Parked {
    ConnectionPtr connection;
    Clock::time_point deadline;
  };
  std::unordered_map<int, Parked> parked_;                  // by socket
  std::set<std::pair<Clock::time_point, int>> deadlines_;  // parked sockets, soonest first
};

}  // namespace pc::http
