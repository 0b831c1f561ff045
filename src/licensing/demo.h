// The demo data set behind `precursor serve --demo`: one organisation and
// one user per role, so the whole workflow can be tried at once. The
// passwords are public (README); never use --demo for real data.
#pragma once

#include <string>
#include <vector>

#include "licensing/service.h"

namespace pc::licensing {

struct DemoUser {
  std::string username, password, organisation;
  OrgKind kind;
  std::string country;
  bool national = false;  // a licensing authority at national level
};

const std::vector<DemoUser>& DemoUsers();
// Creates the demo organisations and users that do not exist yet; returns
// how many users it created.
int SeedDemo(Service& service, Store& store, Timestamp now);
// The demo users in the database whose password is still the public one:
// anyone who can reach the server can sign in as them. Costs one password
// check per demo user name found.
std::vector<std::string> DemoUsersWithPublicPasswords(Store& store);

}  // namespace pc::licensing
