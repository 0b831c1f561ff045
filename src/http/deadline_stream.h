// A cpp-httplib Stream over a connected socket whose reads and writes fail
// once a deadline has passed. cpp-httplib's own socket stream restarts its
// read timeout with every byte, so a client that sends one header line
// every few seconds holds its connection's thread for ever; here the whole
// request head has one deadline, the body another, the response a third.
//
// One stream serves every request of a keep-alive connection, so bytes of
// the next request read ahead with this one's are kept for it.
#pragma once

#include <httplib.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

namespace pc::http {

class DeadlineStream : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  // `listening` is the server's listening socket: once it is closed (the
  // server stops) a read or write that has to wait fails instead.
  DeadlineStream(int sock, std::size_t max_head_bytes, Clock::duration write_timeout,
                 const std::atomic<int>& listening);

  // A request begins: its line and headers must arrive by `deadline`, and
  // within max_head_bytes.
  void BeginHead(Clock::time_point deadline);
  // The head has been read; the body must arrive by `deadline`.
  void BeginBody(Clock::time_point deadline);
  // True once a read or write failed because a deadline passed, the head
  // grew too large or the server stopped: the connection must be closed,
  // not kept for another request.
  bool cut() const { return cut_; }
  // Bytes already read from the socket and not yet consumed.
  bool has_buffered() const { return offset_ < filled_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 private:
  // Waits until the socket is ready for `events` (POLLIN, POLLOUT); false
  // when `deadline` passes first or the server stops (both set cut_).
  bool Wait(short events, Clock::time_point deadline) const;
  // The response's deadline starts with its first write.
  void StartWriting() const;

  int sock_;
  std::size_t max_head_bytes_;
  Clock::duration write_timeout_;
  const std::atomic<int>& listening_;
  Clock::time_point read_deadline_{};
  mutable Clock::time_point write_deadline_{};
  bool in_head_ = false;
  mutable bool writing_ = false;
  std::size_t head_bytes_ = 0;
  mutable bool cut_ = false;
  std::array<char, 4096> buffer_{};
  std::size_t offset_ = 0, filled_ = 0;
};

// The numeric address and port of a socket's peer (or, local, its own end).
void SocketAddress(int sock, bool local, std::string& ip, int& port);

}  // namespace pc::http
