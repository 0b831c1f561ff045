#include "http/deadline_stream.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pc::http {

namespace {

// A wait is cut into slices so that a read or write stalled on a slow
// client notices the server stopping without waiting for its deadline.
constexpr auto kSlice = std::chrono::milliseconds(250);

}  // namespace

DeadlineStream::DeadlineStream(int sock, std::size_t max_head_bytes, Clock::duration write_timeout,
                               const std::atomic<int>& listening)
    : sock_(sock), max_head_bytes_(max_head_bytes), write_timeout_(write_timeout), listening_(listening) {}

void DeadlineStream::BeginHead(Clock::time_point deadline) {
  read_deadline_ = deadline;
  in_head_ = true;
  head_bytes_ = 0;
  writing_ = false;
}

void DeadlineStream::BeginBody(Clock::time_point deadline) {
  read_deadline_ = deadline;
  in_head_ = false;
}

void DeadlineStream::StartWriting() const {
  if (writing_) return;
  writing_ = true;
  write_deadline_ = Clock::now() + write_timeout_;
}

bool DeadlineStream::Wait(short events, Clock::time_point deadline) const {
  for (;;) {
    if (listening_.load() < 0) {  // the server has stopped
      cut_ = true;
      return false;
    }
    auto now = Clock::now();
    if (now >= deadline) {
      cut_ = true;
      return false;
    }
    auto wait = std::min<Clock::duration>(deadline - now, kSlice);
    int ms = int(std::chrono::ceil<std::chrono::milliseconds>(wait).count());
    pollfd p{sock_, events, 0};
    int n = ::poll(&p, 1, ms);
    if (n > 0) return true;  // ready, or an error or hang-up the next call reports
    if (n < 0 && errno != EINTR) return false;
  }
}

bool DeadlineStream::is_readable() const { return has_buffered() || Wait(POLLIN, read_deadline_); }

bool DeadlineStream::is_writable() const {
  StartWriting();
  return Wait(POLLOUT, write_deadline_);
}

ssize_t DeadlineStream::read(char* ptr, std::size_t size) {
  if (!has_buffered()) {
    offset_ = filled_ = 0;
    // Read what has arrived before looking at the clock: a request that
    // waited for a thread whole is read, one still arriving when its
    // deadline has passed is not.
    for (;;) {
      ssize_t n = ::recv(sock_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
      if (n > 0) {
        filled_ = std::size_t(n);
        break;
      }
      if (n == 0) return 0;  // the client closed the connection
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
      if (!Wait(POLLIN, read_deadline_)) return -1;
    }
  }
  std::size_t n = std::min(size, filled_ - offset_);
  if (in_head_) {
    // cpp-httplib keeps every header line it reads; without a cap a client
    // could send headers for the whole of header_timeout.
    head_bytes_ += n;
    if (head_bytes_ > max_head_bytes_) {
      cut_ = true;
      return -1;
    }
  }
  std::memcpy(ptr, buffer_.data() + offset_, n);
  offset_ += n;
  return ssize_t(n);
}

ssize_t DeadlineStream::write(const char* ptr, std::size_t size) {
  StartWriting();
  for (;;) {
    // MSG_NOSIGNAL: a client gone away is an error here, not SIGPIPE.
    ssize_t n = ::send(sock_, ptr, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
    if (!Wait(POLLOUT, write_deadline_)) return -1;
  }
}

void DeadlineStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  SocketAddress(sock_, false, ip, port);
}

void DeadlineStream::get_local_ip_and_port(std::string& ip, int& port) const { SocketAddress(sock_, true, ip, port); }

void SocketAddress(int sock, bool local, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((local ? ::getsockname(sock, sa, &len) : ::getpeername(sock, sa, &len)) != 0) return;
  char host[NI_MAXHOST], serv[NI_MAXSERV];
  if (::getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0) return;
  ip = host;
  port = std::atoi(serv);
}

}  // namespace pc::http
