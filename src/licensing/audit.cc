#include "licensing/audit.h"

#include "licensing/crypto.h"

namespace pc::licensing {
namespace {

std::string Canonical(const AuditRecord& r) {
  // nlohmann::json keeps object keys sorted: the dump is canonical.
  Json j = {{"seq", r.seq}, {"time", r.time}, {"actor", r.actor}, {"action", r.action},
            {"object", r.object}, {"details", r.details}, {"prev_hash", r.prev_hash}};
  return j.dump();
}

const std::string kGenesis(64, '0');

}  // namespace

std::string ActorName(const Actor& actor) {
  return "user:" + std::to_string(actor.user.id) + " (" + actor.user.username + ")";
}

void AppendAudit(Transaction& tx, Timestamp time, const std::string& actor, const std::string& action,
                 const std::string& object, const Json& details) {
  AuditRecord r;
  auto head = tx.AuditHead();  // not LastAudit: its details need not be parsed here
  r.seq = head ? head->first + 1 : 1;
  r.prev_hash = head ? head->second : kGenesis;
  r.time = time;
  r.actor = actor;
  r.action = action;
  r.object = object;
  r.details = details;
  r.hash = Sha256Hex(r.prev_hash + Canonical(r));
  tx.AppendAudit(r);
}

AuditCheck VerifyAudit(Store& store) {
  AuditCheck check;
  store.Read([&](Transaction& tx) {
    std::string prev = kGenesis;
    std::int64_t expected_seq = 1, after = 0;
    while (true) {
      auto batch = tx.ListAudit(after, 1000);
      if (batch.empty()) break;
      for (const auto& r : batch) {
        auto fail = [&](const std::string& why) {
          check.ok = false;
          check.first_bad_seq = r.seq;
          check.reason = why;
        };
        if (r.seq != expected_seq) fail("record " + std::to_string(expected_seq) + " is missing");
        else if (r.prev_hash != prev) fail("previous-hash link broken");
        else if (Sha256Hex(r.prev_hash + Canonical(r)) != r.hash) fail("record content does not match its hash");
        if (!check.ok) return;
        prev = r.hash;
        ++expected_seq;
        after = r.seq;
        ++check.records;
      }
    }
  });
  return check;
}

}  // namespace pc::licensing
