#include "store/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>

namespace pc::store {
namespace {

[[noreturn]] void Fail(const std::string& what, const std::filesystem::path& p, int err) {
  throw std::system_error(err, std::generic_category(), what + " " + p.string());
}

void SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) Fail("cannot open directory to sync", dir, errno);
  int rc = ::fsync(fd), err = errno;
  ::close(fd);
  if (rc != 0) Fail("cannot sync directory", dir, err);
}

// Writes everything to fd, retrying short writes and interruptions; returns
// 0 or the errno of the failure.
int WriteAll(int fd, std::string_view bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    off += size_t(n);
  }
  return 0;
}

}  // namespace

void WriteFileDurably(const std::filesystem::path& target, std::string_view bytes, mode_t mode) {
  static std::atomic<unsigned> counter{0};
  auto tmp = target;
  tmp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) Fail("cannot create", tmp, errno);
  // From here on, every way out but success removes the temporary file.
  int err = WriteAll(fd, bytes);
  const char* step = "cannot write";
  if (err == 0 && ::fsync(fd) != 0) err = errno, step = "cannot flush to disk";
  if (::close(fd) != 0 && err == 0) err = errno, step = "cannot close";
  if (err == 0 && ::rename(tmp.c_str(), target.c_str()) != 0) err = errno, step = "cannot rename into place";
  if (err != 0) {
    ::unlink(tmp.c_str());
    Fail(step, tmp, err);
  }
  SyncDirectory(target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path());
}

}  // namespace pc::store
