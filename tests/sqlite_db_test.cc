// store/sqlite_db: statements bound by position, and SQLite's failures as
// the domain's errors (a broken constraint a conflict, the rest
// unavailable), with SQLite's own message kept for the log.
#include "store/sqlite_db.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

namespace pc::store {
namespace {

std::filesystem::path TempFile(const std::string& name) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("pc-sqlite-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto file = dir / name;
  std::filesystem::remove(file);
  return file;
}

TEST(SqliteDb, BindsStepsAndReadsBack) {
  Db db(TempFile("a.db").string());
  db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, note TEXT)");
  db.Prepare("INSERT INTO t (name, note) VALUES (?, ?)").Bind({std::string("x"), nullptr}).Run();
  EXPECT_EQ(db.LastInsertId(), 1);
  auto& q = db.Prepare("SELECT id, name, note FROM t WHERE name = ?");
  q.Bind({std::string("x")});
  ASSERT_TRUE(q.Step());
  EXPECT_EQ(q.Int(0), 1);
  EXPECT_EQ(q.Text(1), "x");
  EXPECT_TRUE(q.IsNull(2));
  EXPECT_FALSE(q.Step());
}

TEST(SqliteDb, ABrokenConstraintIsAConflictAndTheMessageStaysInTheDetail) {
  Db db(TempFile("b.db").string());
  db.Exec("CREATE TABLE t (name TEXT UNIQUE)");
  db.Prepare("INSERT INTO t VALUES (?)").Bind({std::string("x")}).Run();
  try {
    db.Prepare("INSERT INTO t VALUES (?)").Bind({std::string("x")}).Run();
    FAIL() << "a duplicate was stored";
  } catch (const SqliteError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConflict);
    EXPECT_EQ(std::string(e.what()).find("UNIQUE"), std::string::npos) << e.what();
    EXPECT_NE(e.detail().find("UNIQUE constraint failed: t.name"), std::string::npos) << e.detail();
  }
}

TEST(SqliteDb, AnythingElseIsUnavailable) {
  try {
    Db db("/nonexistent-directory/precursor.db");
    FAIL() << "opened a database in a missing directory";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_EQ(std::string(e.what()), "the database is unavailable; retry later");
    EXPECT_NE(e.detail().find("/nonexistent-directory/precursor.db"), std::string::npos) << e.detail();
  }
  Db db(TempFile("c.db").string());
  try {
    db.Exec("SELECT * FROM missing_table");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_NE(e.detail().find("missing_table"), std::string::npos) << e.detail();
  }
}

}  // namespace
}  // namespace pc::store
