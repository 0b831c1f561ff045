// The audit log's head, anchored outside the database. The hash chain shows
// any change to a record and any gap, but not the removal of the newest
// records: what is left is still a valid chain. So the server writes the
// head it has seen (seq and hash) to audit-anchor.json beside the database
// on every periodic tick and at shutdown, authenticated with a key kept in
// audit-anchor.key (libsodium crypto_auth, HMAC-SHA-512-256; made on first
// use, readable by the service's user only), and `precursor audit verify`
// requires the log to still hold that record.
//
// What it detects: rows removed by someone who could change the database
// (an SQL client, a restored backup, a copied file) but not also forge the
// anchor, which takes the key. Against someone with the whole data
// directory, keep the value `precursor audit head` prints somewhere else
// and check it with `precursor audit verify --expect SEQ:HASH`. Records
// written since the last tick are not yet anchored.
#pragma once

#include <filesystem>
#include <optional>

#include "common/error.h"
#include "licensing/audit.h"
#include "licensing/store.h"

namespace pc::store {

// The anchor is damaged, unsigned or contradicted by the log.
class AnchorError : public Error {
 public:
  explicit AnchorError(const std::string& reason) : Error(ErrorKind::kInvalid, "", reason) {}
};

class AuditAnchorFile {
 public:
  // `dir` is the service's data directory (beside precursor.db).
  explicit AuditAnchorFile(std::filesystem::path dir);

  // The anchored record, its authentication checked; nullopt when none has
  // been written. Throws AnchorError when the file does not verify, or one
  // of anchor and key is there without the other.
  std::optional<licensing::AuditPoint> Read() const;

  // Moves the anchor to the log's head. First checks that the log still
  // holds the record anchored before: if not, throws AnchorError and leaves
  // the anchor as it was, so that removed records are never written over
  // by a new anchor. Returns the anchor now in force.
  std::optional<licensing::AuditPoint> Advance(licensing::Store& store);

  const std::filesystem::path& file() const { return file_; }
  const std::filesystem::path& key_file() const { return key_file_; }

 private:
  std::filesystem::path file_, key_file_;
};

}  // namespace pc::store
