// The hash-chained audit log. Each record's hash is SHA-256 over the previous
// record's hash and the record's canonical JSON (sorted keys, no spaces), so
// changing, removing or reordering any record breaks every hash after it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "licensing/store.h"

namespace pc::licensing {

// Appends one record inside the caller's write transaction, so the change
// and its audit record commit together or not at all.
void AppendAudit(Transaction& tx, Timestamp time, const std::string& actor, const std::string& action,
                 const std::string& object, const Json& details);
std::string ActorName(const Actor& actor);

// A record the log must still hold, kept outside the database: the chain
// alone cannot show that its newest records were removed (what is left is a
// valid chain), so an operator keeps the head printed by `precursor audit
// head`, and the server keeps a signed copy beside the database
// (store/audit_anchor.h). Written "SEQ:HASH".
struct AuditPoint {
  std::int64_t seq = 0;
  std::string hash;
};
std::optional<AuditPoint> ParseAuditPoint(const std::string& text);
std::string ToString(const AuditPoint& p);
// The newest record's seq and hash; nullopt for an empty log.
std::optional<AuditPoint> AuditHeadOf(Store& store);

struct AuditCheck {
  bool ok = true;
  std::int64_t records = 0;
  std::int64_t first_bad_seq = 0;  // when not ok
  std::string reason;
};
// Recomputes the chain, and checks that it holds every one of `anchors`
// with the same hash.
AuditCheck VerifyAudit(Store& store, const std::vector<AuditPoint>& anchors = {});

}  // namespace pc::licensing
