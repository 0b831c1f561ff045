#include "licensing/demo.h"

#include "licensing/crypto.h"

namespace pc::licensing {

const std::vector<DemoUser>& DemoUsers() {
  // Authorities first: the exporter is registered with the provincial one.
  static const std::vector<DemoUser> kUsers = {
      {"officer", "officer-demo", "Demo Provincial Commerce Department (licensing authority)",
       OrgKind::kLicensingAuthority, "CN"},
      {"ministry", "ministry-demo", "Demo Ministry of Commerce (national licensing authority)",
       OrgKind::kLicensingAuthority, "CN", true},
      {"exporter", "exporter-demo", "Demo Fine Chemicals Co., Ltd.", OrgKind::kExporter, "CN"},
      {"authority", "authority-demo", "Demo competent national authority of Germany", OrgKind::kImportingAuthority,
       "DE"},
      {"customs", "customs-demo", "Demo Customs District", OrgKind::kCustoms, "CN"},
  };
  return kUsers;
}

int SeedDemo(Service& service, Store& store, Timestamp now) {
  int created = 0;
  std::optional<Id> provincial;  // the licensing authority demo exporters are registered with
  for (const auto& u : DemoUsers()) {
    std::optional<User> existing;
    store.Read([&](Transaction& tx) { existing = tx.FindUser(u.username); });
    if (u.kind == OrgKind::kLicensingAuthority && !u.national && existing) provincial = existing->org_id;
    if (existing) continue;
    Organisation o;
    o.name = u.organisation;
    o.kind = u.kind;
    o.country = u.country;
    o.national = u.national;
    if (u.kind == OrgKind::kExporter) {
      o.authority = provincial;
      o.address = "No. 1 Demo Road, Shanghai";
      o.registration_number = "91310000DEMO00001X";
    }
    Id org = service.CreateOrganisation(o, now, "demo-seed");
    if (u.kind == OrgKind::kLicensingAuthority && !u.national) provincial = org;
    service.CreateDemoUser(u.username, u.password, org, now);
    ++created;
  }
  return created;
}

std::vector<std::string> DemoUsersWithPublicPasswords(Store& store) {
  std::vector<std::string> out;
  for (const auto& u : DemoUsers()) {
    std::optional<User> user;
    store.Read([&](Transaction& tx) { user = tx.FindUser(u.username); });
    if (user && VerifyPassword(user->password_hash, u.password)) out.push_back(u.username);
  }
  return out;
}

}  // namespace pc::licensing
