#include "licensing/audit.h"

#include <cassert>
#include <cctype>

#include "licensing/crypto.h"

namespace pc::licensing {
namespace {

std::string Canonical(const AuditRecord& r) {
  // nlohmann::json keeps object keys sorted: the dump is canonical.
  Json j = {{"seq", r.seq}, {"time", r.time}, {"actor", r.actor}, {"action", r.action},
            {"object", r.object}, {"details", r.details.json()}, {"prev_hash", r.prev_hash}};
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
  assert(r.seq >= 1 && r.hash.size() == 64 && r.prev_hash.size() == 64);  // a link of the chain
  tx.AppendAudit(r);
}

std::optional<AuditPoint> ParseAuditPoint(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  AuditPoint p;
  for (size_t i = 0; i < colon; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) || i > 17) return std::nullopt;
    p.seq = p.seq * 10 + (text[i] - '0');
  }
  p.hash = text.substr(colon + 1);
  if (p.seq < 1 || p.hash.size() != kGenesis.size() ||
      p.hash.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::nullopt;
  return p;
}

std::string ToString(const AuditPoint& p) { return std::to_string(p.seq) + ":" + p.hash; }

std::optional<AuditPoint> AuditHeadOf(Store& store) {
  std::optional<AuditPoint> out;
  store.Read([&](Transaction& tx) {
    if (auto head = tx.AuditHead()) out = AuditPoint{head->first, head->second};
  });
  return out;
}

AuditCheck VerifyAudit(Store& store, const std::vector<AuditPoint>& anchors) {
  AuditCheck check;
  auto fail = [&](std::int64_t seq, const std::string& why) {
    check.ok = false;
    check.first_bad_seq = seq;
    check.reason = why;
  };
  store.Read([&](Transaction& tx) {
    std::string prev = kGenesis;
    std::int64_t expected_seq = 1, after = 0;
    while (true) {
      auto batch = tx.ListAudit(after, 1000);
      if (batch.empty()) break;
      for (const auto& r : batch) {
        if (r.seq != expected_seq) fail(r.seq, "record " + std::to_string(expected_seq) + " is missing");
        else if (r.prev_hash != prev) fail(r.seq, "previous-hash link broken");
        else if (Sha256Hex(r.prev_hash + Canonical(r)) != r.hash) fail(r.seq, "record content does not match its hash");
        for (const auto& a : anchors)
          if (check.ok && a.seq == r.seq && a.hash != r.hash)
            fail(r.seq, "record " + std::to_string(r.seq) + " is not the one anchored (hash " + a.hash + ")");
        if (!check.ok) return;
        prev = r.hash;
        ++expected_seq;
        after = r.seq;
        ++check.records;
      }
    }
  });
  if (!check.ok) return check;
  // The anchored records must still be there: a log that ends before one
  // of them has lost its newest records.
  for (const auto& a : anchors)
    if (a.seq > check.records) {
      fail(check.records + 1, "the log ends at record " + std::to_string(check.records) + " but record " +
                                  std::to_string(a.seq) + " was anchored: its newest records were removed");
      break;
    }
  return check;
}

}  // namespace pc::licensing
