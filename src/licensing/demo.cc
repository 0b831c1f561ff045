#include "licensing/demo.h"

#include "licensing/crypto.h"

namespace pc::licensing {

const std::vector<DemoUser>& DemoUsers() {
  static const std::vector<DemoUser> kUsers = {
      {"exporter", "exporter-demo", "Demo Fine Chemicals Co., Ltd.", OrgKind::kExporter, "CN"},
      {"officer", "officer-demo", "Demo Provincial Commerce Department (licensing authority)",
       OrgKind::kLicensingAuthority, "CN"},
      {"authority", "authority-demo", "Demo competent national authority of Germany", OrgKind::kImportingAuthority,
       "DE"},
      {"customs", "customs-demo", "Demo Customs District", OrgKind::kCustoms, "CN"},
  };
  return kUsers;
}

int SeedDemo(Service& service, Store& store, Timestamp now) {
  int created = 0;
  for (const auto& u : DemoUsers()) {
    bool exists = false;
    store.Read([&](Transaction& tx) { exists = tx.FindUser(u.username).has_value(); });
    if (exists) continue;
    Id org = service.CreateOrganisation(u.organisation, u.kind, u.country, now, "demo-seed");
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
