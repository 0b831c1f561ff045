// The hash-chained audit log. Each record's hash is SHA-256 over the previous
// record's hash and the record's canonical JSON (sorted keys, no spaces), so
// changing, removing or reordering any record breaks every hash after it.
#pragma once

#include <optional>
#include <string>

#include "licensing/store.h"

namespace pc::licensing {

// Appends one record inside the caller's write transaction, so the change
// and its audit record commit together or not at all.
void AppendAudit(Transaction& tx, Timestamp time, const std::string& actor, const std::string& action,
                 const std::string& object, const Json& details);
std::string ActorName(const Actor& actor);

struct AuditCheck {
  bool ok = true;
  std::int64_t records = 0;
  std::int64_t first_bad_seq = 0;  // when not ok
  std::string reason;
};
AuditCheck VerifyAudit(Store& store);

}  // namespace pc::licensing
