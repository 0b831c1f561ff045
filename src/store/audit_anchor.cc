#include "store/audit_anchor.h"

#include <sodium.h>

#include <array>
#include <fstream>
#include <sstream>

#include "licensing/crypto.h"
#include "store/durable_file.h"

namespace pc::store {
namespace {

using licensing::AuditPoint;
using licensing::Json;

const char kFormat[] = "precursor-audit-anchor/1";

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw AnchorError("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ToHex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

using Key = std::array<unsigned char, crypto_auth_KEYBYTES>;

Key ReadKey(const std::filesystem::path& p) {
  std::string hex = ReadAll(p);
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  Key key;
  size_t len = 0;
  if (sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != key.size())
    throw AnchorError(p.string() + " is not an audit anchor key");
  return key;
}

std::string Mac(const Key& key, const AuditPoint& p) {
  std::string message = std::string(kFormat) + " " + licensing::ToString(p);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key.data());
  return ToHex(mac, sizeof mac);
}

}  // namespace

AuditAnchorFile::AuditAnchorFile(std::filesystem::path dir)
    : file_(dir / "audit-anchor.json"), key_file_(dir / "audit-anchor.key") {
  licensing::InitCrypto();
}

std::optional<AuditPoint> AuditAnchorFile::Read() const {
  bool has_file = std::filesystem::exists(file_), has_key = std::filesystem::exists(key_file_);
  if (!has_file && !has_key) return std::nullopt;
  if (!has_file) throw AnchorError("the audit anchor " + file_.string() + " is missing (its key is there)");
  if (!has_key) throw AnchorError("the audit anchor's key " + key_file_.string() + " is missing");
  Json j = Json::parse(ReadAll(file_), nullptr, false);
  if (!j.is_object() || j.value("format", "") != kFormat || !j.contains("seq") || !j["seq"].is_number_integer() ||
      !j.contains("hash") || !j["hash"].is_string() || !j.contains("mac") || !j["mac"].is_string())
    throw AnchorError(file_.string() + " is not an audit anchor (" + kFormat + ")");
  auto point = licensing::ParseAuditPoint(std::to_string(j["seq"].get<std::int64_t>()) + ":" +
                                          j["hash"].get<std::string>());
  if (!point) throw AnchorError(file_.string() + ": seq or hash malformed");
  std::string expected = Mac(ReadKey(key_file_), *point);
  const std::string mac = j["mac"];
  if (mac.size() != expected.size() || sodium_memcmp(mac.data(), expected.data(), mac.size()) != 0)
    throw AnchorError(file_.string() + ": the anchor's authentication code does not match (the file was edited)");
  return point;
}

std::optional<AuditPoint> AuditAnchorFile::Advance(licensing::Store& store) {
  auto anchored = Read();
  auto head = licensing::AuditHeadOf(store);
  if (anchored) {
    std::optional<licensing::AuditRecord> held;
    store.Read([&](licensing::Transaction& tx) {
      auto r = tx.ListAudit(anchored->seq - 1, 1);
      if (!r.empty() && r.front().seq == anchored->seq) held = r.front();
    });
    if (!held || held->hash != anchored->hash)
      throw AnchorError("the audit log no longer holds the anchored record " + licensing::ToString(*anchored) +
                        ": records were removed or replaced (run precursor audit verify); the anchor is kept");
    if (head && head->seq == anchored->seq) return anchored;
  }
  if (!head) return anchored;  // an empty log: nothing to anchor yet
  if (!std::filesystem::exists(key_file_)) {
    Key key;
    crypto_auth_keygen(key.data());
    WriteFileDurably(key_file_, ToHex(key.data(), key.size()) + "\n", 0600);
  }
  Json j = {{"format", kFormat}, {"seq", head->seq}, {"hash", head->hash}, {"mac", Mac(ReadKey(key_file_), *head)}};
  WriteFileDurably(file_, j.dump() + "\n", 0640);
  return head;
}

}  // namespace pc::store
