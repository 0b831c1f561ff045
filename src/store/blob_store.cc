#include "store/blob_store.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "common/error.h"
#include "store/durable_file.h"

namespace pc::store {
namespace {

bool IsHexDigest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

FileBlobStore::FileBlobStore(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  // What a killed writer left: a document's bytes in a temporary file that
  // was never renamed to its address, so never referenced.
  for (const auto& sub : std::filesystem::directory_iterator(dir_))
    if (sub.is_directory()) RemoveAbandonedTemporaryFiles(sub.path());
}

std::filesystem::path FileBlobStore::PathFor(const std::string& sha256) const {
  if (!IsHexDigest(sha256)) throw std::invalid_argument("not a SHA-256 hex digest");
  return dir_ / sha256.substr(0, 2) / sha256;
}

void FileBlobStore::Put(const std::string& sha256, const std::string& bytes) {
  auto path = PathFor(sha256);
  if (std::filesystem::exists(path)) return;  // same address, same bytes
  try {
    std::filesystem::create_directories(path.parent_path());
    WriteFileDurably(path, bytes);
  } catch (const std::system_error& e) {
    // A full disk or an I/O error: the caller may retry once it is fixed,
    // as with the database (503), and nothing of this upload is left behind.
    throw Error(ErrorKind::kUnavailable, "body",
                           "the document could not be stored (" + e.code().message() + "); retry later")
        .WithRetryAfter(60);
  }
}

std::optional<std::string> FileBlobStore::Get(const std::string& sha256) {
  std::ifstream in(PathFor(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace pc::store
