// Schema migrations, applied in order and recorded in schema_migrations so
// that a database created by an older build is brought up to date on open.
// A migration is never edited once released: add a new one.
#pragma once

#include <string>
#include <vector>

namespace pc::store {

struct Migration {
  int version;
  std::string description;
  std::string sql;
};

const std::vector<Migration>& Migrations();

}  // namespace pc::store
