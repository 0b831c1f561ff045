// Authorisation helpers shared by the service's operations: a role check
// (403) and, for objects, an ownership check that answers 404 so that
// another organisation's objects are not even confirmed to exist.
#pragma once

#include <initializer_list>
#include <string>

#include "licensing/entities.h"
#include "common/error.h"

namespace pc::licensing {

inline void RequireRole(const Actor& a, std::initializer_list<Role> roles, const std::string& what) {
  for (Role r : roles)
    if (a.user.role == r) return;
  throw Forbidden("role '" + ToString(a.user.role) + "' may not " + what);
}

inline void CheckVersion(std::optional<std::int64_t> expected, std::int64_t actual) {
  if (expected && *expected != actual)
    throw Conflict("version", "the record was changed by someone else (version " + std::to_string(actual) +
                                  ", request based on version " + std::to_string(*expected) +
                                  "); reload and retry");
}

}  // namespace pc::licensing
