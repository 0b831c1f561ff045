// Licences and customs: verification of a licence number and shipments that
// draw down the licensed quantities.
#include <map>

#include "licensing/access.h"
#include "licensing/audit.h"
#include "licensing/risk.h"
#include "licensing/serialize.h"
#include "licensing/service.h"
#include "licensing/vocabulary.h"

namespace pc::licensing {
namespace {

// Quantities are decimals typed by people; compare with a tolerance far
// below any meaningful amount so 0.1 + 0.2 does not over-draw 0.3.
constexpr double kEpsilon = 1e-9;

std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Matches(const Licence& l, const LicenceQuery& q) {
  if (!q.number.empty() && Lower(l.number).find(Lower(q.number)) == std::string::npos) return false;
  if (!q.exporter.empty() && Lower(l.exporter_name).find(Lower(q.exporter)) == std::string::npos) return false;
  if (!q.hs_code.empty()) {
    std::string wanted = HsSubheading(q.hs_code);
    if (std::none_of(l.items.begin(), l.items.end(),
                     [&](const LicensedItem& i) { return HsSubheading(i.hs_code) == wanted; }))
      return false;
  }
  return true;
}

// Who sees a licence: its exporter; the licensing authority that issued it
// (or one at national level); customs of the country the goods leave, which
// checks shipments against it. Nobody else learns that it exists.
bool MaySee(const Actor& a, const Licence& l) {
  switch (a.user.role) {
    case Role::kExporter: return l.exporter_org == a.org.id;
    case Role::kOfficer: return a.org.national || l.authority_org == a.org.id;
    case Role::kCustoms: return l.exporting_country == a.org.country;
    case Role::kAuthority: return false;
  }
  return false;
}

}  // namespace

std::string StateOf(const Licence& l, Date today) {
  if (l.status == LicenceStatus::kRevoked) return "revoked";
  if (today > l.valid_until || today < l.valid_from) return "expired";
  bool exhausted = true;
  for (const auto& i : l.items)
    if (i.quantity - i.drawn > kEpsilon) exhausted = false;
  return exhausted ? "exhausted" : "valid";
}

std::vector<Licence> Service::ListLicences(const Actor& a, const LicenceQuery& query) {
  RequireRole(a, {Role::kExporter, Role::kOfficer, Role::kCustoms}, "list licences");
  std::vector<Licence> out;
  store_.Read([&](Transaction& tx) {
    out = tx.ListLicences(a.user.role == Role::kExporter ? std::optional<Id>(a.org.id) : std::nullopt);
  });
  std::erase_if(out, [&](const Licence& l) { return !MaySee(a, l) || !Matches(l, query); });
  return out;
}

Licence Service::GetLicence(const Actor& a, const std::string& number) {
  RequireRole(a, {Role::kExporter, Role::kOfficer, Role::kCustoms}, "read licences");
  std::optional<Licence> l;
  store_.Read([&](Transaction& tx) { l = tx.GetLicence(number); });
  if (!l || !MaySee(a, *l)) throw NotFound("licence " + number);
  return *l;
}

Json Service::VerifyLicence(const Actor& a, const std::string& number, Timestamp now) {
  RequireRole(a, {Role::kCustoms, Role::kOfficer}, "verify licences");
  std::optional<Licence> l;
  store_.Read([&](Transaction& tx) { l = tx.GetLicence(number); });
  if (!l || !MaySee(a, *l)) return {{"number", number}, {"status", "unknown"}};
  Json items = Json::array();
  for (const auto& i : l->items)
    items.push_back({{"item", i.item}, {"substance", i.substance}, {"name", i.name}, {"cas", i.cas},
                     {"hs_code", i.hs_code}, {"unit", i.unit}, {"quantity", i.quantity},
                     {"remaining", i.quantity - i.drawn}});
  return {{"number", number},
          {"status", StateOf(*l, DayOf(now))},
          {"exporter", l->exporter_name},
          {"exporting_country", l->exporting_country},
          {"valid_from", l->valid_from.ToString()},
          {"valid_until", l->valid_until.ToString()},
          {"destination", l->destination},
          {"importer", ToJson(l->importer)},
          {"items", items}};
}

Shipment Service::RecordShipment(const Actor& a, const std::string& number, const std::vector<ShipmentLine>& lines,
                                 const std::string& reference, Timestamp now) {
  RequireRole(a, {Role::kCustoms}, "record shipments");
  if (lines.empty()) throw Invalid("lines", "a shipment needs at least one line");
  if (reference.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Invalid("reference", "the customs declaration reference is required");
  Shipment s;
  store_.Write([&](Transaction& tx) {
    auto found = tx.GetLicence(number);
    if (!found || !MaySee(a, *found)) throw NotFound("licence " + number);
    Licence l = *found;
    std::string state = StateOf(l, DayOf(now));
    if (state != "valid") throw Conflict("licence", "the licence is " + state + "; no shipment can be recorded");
    if (auto earlier = tx.FindShipment(reference))
      throw Conflict("reference", "customs declaration " + reference + " was already recorded against licence " +
                                      earlier->licence_number + " on " + FormatTime(earlier->recorded));
    std::map<int, double> drawn;
    for (size_t k = 0; k < lines.size(); ++k) {
      std::string p = "lines[" + std::to_string(k) + "]";
      const auto& line = lines[k];
      if (line.item < 0 || line.item >= int(l.items.size()))
        throw Invalid(p + ".item", "the licence has no item " + std::to_string(line.item));
      if (!(line.quantity > 0)) throw Invalid(p + ".quantity", "must be a positive number");
      auto& item = l.items[size_t(line.item)];
      drawn[line.item] += line.quantity;
      double remaining = item.quantity - item.drawn;
      if (drawn[line.item] > remaining + kEpsilon)
        throw Conflict(p + ".quantity", "exceeds the quantity remaining on the licence (" +
                                            FormatQuantity(remaining, item.unit) + ")");
    }
    for (const auto& [item, q] : drawn) l.items[size_t(item)].drawn += q;
    l.version++;
    tx.UpdateLicence(l);
    s.licence_number = number;
    s.lines = lines;
    s.reference = reference;
    s.customs_org = a.org.id;
    s.recorded = now;
    s.id = tx.InsertShipment(s);
    AppendAudit(tx, now, ActorName(a), "shipment.record", "licence:" + number, ToJson(s));
  });
  return s;
}

std::vector<Shipment> Service::ListShipments(const Actor& a, const std::string& number) {
  GetLicence(a, number);  // same access as the licence itself
  std::vector<Shipment> out;
  store_.Read([&](Transaction& tx) { out = tx.ListShipments(number); });
  return out;
}

}  // namespace pc::licensing
