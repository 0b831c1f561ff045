// Schema migrations, applied in order and recorded in schema_migrations so
// that a database created by an older build is brought up to date on open.
// A migration is never edited once released: add a new one. There is one
// list of versions for both backends; each migration carries its SQL in
// SQLite's and in PostgreSQL's dialect, and both must make the same tables,
// columns, indexes and append-only rules. A database whose schema is newer
// than the newest version here was written by a newer build: the stores
// refuse to open it rather than run on a schema they do not know.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"

namespace pc::store {

struct Migration {
  int version;
  std::string description;
  std::string sqlite;
  std::string postgres;
};

const std::vector<Migration>& Migrations();

// The newest version in Migrations().
int LatestSchemaVersion();

// The error for a database at `found` when this build knows up to
// LatestSchemaVersion(); `where` names the database for the operator.
Error NewerSchemaError(const std::string& where, int found);

}  // namespace pc::store
