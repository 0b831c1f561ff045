// Documents on the file system, content-addressed: DIR/ab/abcdef... named by
// the SHA-256 of their bytes. Written to a temporary file, flushed to disk
// and renamed (store/durable_file.h), so a crash never leaves a partial
// document under its name and a failed write leaves no temporary file;
// one left by a killed process is removed when the store is next opened.
#pragma once

#include <filesystem>

#include "licensing/store.h"

namespace pc::store {

class FileBlobStore : public licensing::BlobStore {
 public:
  explicit FileBlobStore(std::filesystem::path dir);
  void Put(const std::string& sha256, const std::string& bytes) override;
  std::optional<std::string> Get(const std::string& sha256) override;

 private:
  std::filesystem::path PathFor(const std::string& sha256) const;
  std::filesystem::path dir_;
};

}  // namespace pc::store
