#include "licensing/demo.h"

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
    service.CreateUser(u.username, u.password, org, now, "demo-seed");
    ++created;
  }
  return created;
}

}  // namespace pc::licensing
