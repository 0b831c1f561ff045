#include "store/durable_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <limits>
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

// "NAME.tmp<pid>-<n>": the temporary name WriteFileDurably gives NAME.
std::string TemporaryName(const std::filesystem::path& target, pid_t pid, unsigned n) {
  return target.string() + ".tmp" + std::to_string(pid) + "-" + std::to_string(n);
}

}  // namespace

int RemoveAbandonedTemporaryFiles(const std::filesystem::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    auto at = name.rfind(".tmp");
    if (at == std::string::npos) continue;
    long long pid = 0;
    unsigned n = 0;
    int used = 0;
    if (std::sscanf(name.c_str() + at, ".tmp%lld-%u%n", &pid, &n, &used) != 2 ||
        size_t(used) != name.size() - at || pid <= 0 || pid > std::numeric_limits<pid_t>::max())
      continue;
    bool running = ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
    if (!running && ::unlink(e.path().c_str()) == 0) ++removed;
  }
  return removed;
}

void WriteFileDurably(const std::filesystem::path& target, std::string_view bytes, mode_t mode) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = TemporaryName(target, ::getpid(), counter++);
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
