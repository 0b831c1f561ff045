#include "store/blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pc::store {
namespace {

bool IsHexDigest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void SyncPath(const std::filesystem::path& p, int flags) {
  int fd = ::open(p.c_str(), flags);
  if (fd < 0) throw std::runtime_error("cannot open " + p.string() + " to sync");
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

FileBlobStore::FileBlobStore(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

std::filesystem::path FileBlobStore::PathFor(const std::string& sha256) const {
  if (!IsHexDigest(sha256)) throw std::invalid_argument("not a SHA-256 hex digest");
  return dir_ / sha256.substr(0, 2) / sha256;
}

void FileBlobStore::Put(const std::string& sha256, const std::string& bytes) {
  auto path = PathFor(sha256);
  if (std::filesystem::exists(path)) return;  // same address, same bytes
  std::filesystem::create_directories(path.parent_path());
  static std::atomic<unsigned> counter{0};
  auto tmp = path;
  tmp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
      if (n <= 0) {
        ::close(fd);
        throw std::runtime_error("write failed for " + tmp.string());
      }
      off += size_t(n);
    }
    ::fsync(fd);
    ::close(fd);
  }
  std::filesystem::rename(tmp, path);
  SyncPath(path.parent_path(), O_RDONLY | O_DIRECTORY);
}

std::optional<std::string> FileBlobStore::Get(const std::string& sha256) {
  std::ifstream in(PathFor(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace pc::store
