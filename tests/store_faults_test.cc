// The service on a store that fails: a write that cannot commit is rolled
// back whole, the client is told the service is unavailable (503, never the
// database's own message), an Idempotency-Key reserved for it is released,
// and a retry once the store is back does the work exactly once.
#include <sqlite3.h>

#include <atomic>

#include "api_fixture.h"
#include "licensing/audit.h"
#include "store/sqlite_db.h"

namespace pc::testing {
namespace {

// The real SQLite store, with failures injected: after `pass` more
// successful writes (or reads), the next `fail` ones run their work and then
// fail to commit, as a full disk or an I/O error would make them.
class FaultyStore : public licensing::Store {
 public:
  explicit FaultyStore(std::unique_ptr<licensing::Store> inner) : inner_(std::move(inner)) {}
  void Read(const std::function<void(licensing::Transaction&)>& fn) override {
    inner_->Read([&](licensing::Transaction& tx) {
      fn(tx);
      Maybe(read_pass, read_fail);
    });
  }
  void Write(const std::function<void(licensing::Transaction&)>& fn) override {
    inner_->Write([&](licensing::Transaction& tx) {
      fn(tx);
      Maybe(write_pass, write_fail);
    });
  }
  std::atomic<int> write_pass{0}, write_fail{0}, read_pass{0}, read_fail{0};

 private:
  static void Maybe(std::atomic<int>& pass, std::atomic<int>& fail) {
    if (fail.load() == 0) return;
    if (pass.load() > 0) {
      --pass;
      return;
    }
    --fail;
    throw store::SqliteError("disk I/O error in table applications (/srv/precursor/precursor.db)", SQLITE_IOERR);
  }
  std::unique_ptr<licensing::Store> inner_;
};

class StoreFaults : public ApiTest {
 protected:
  std::unique_ptr<licensing::Store> NewStore() override {
    auto faulty = std::make_unique<FaultyStore>(ApiTest::NewStore());
    faulty_ = faulty.get();
    return faulty;
  }
  FaultyStore* faulty_ = nullptr;
};

TEST_F(StoreFaults, AWriteThatCannotCommitIsA503AndLeavesNothingHalfWritten) {
  auto t = DemoTokens();
  faulty_->write_fail = 1;
  auto r = Post("/api/v1/applications", t["exporter"], Draft());
  EXPECT_EQ(r.status, 503) << r.raw;
  EXPECT_EQ(r.body["error"]["reason"], "the database is unavailable; retry later");
  EXPECT_EQ(r.raw.find("SQLite"), std::string::npos) << r.raw;  // the detail is for the log only
  EXPECT_EQ(r.raw.find("/srv/"), std::string::npos) << r.raw;
  EXPECT_EQ(Get("/api/v1/applications", t["exporter"]).body["applications"].size(), 0u);
  EXPECT_TRUE(licensing::VerifyAudit(*store_).ok);

  // A submission whose commit fails leaves the draft as it was.
  auto draft = Post("/api/v1/applications", t["exporter"], Draft());
  ASSERT_EQ(draft.status, 201) << draft.raw;
  long long id = draft.body["id"];
  for (auto type : {"export_contract", "proof_of_legal_business", "importer_guarantee"})
    ASSERT_EQ(Upload(t["exporter"], id, type).status, 201);
  auto before = Get("/api/v1/applications/" + std::to_string(id), t["exporter"]);
  faulty_->write_fail = 1;
  EXPECT_EQ(Post("/api/v1/applications/" + std::to_string(id) + "/submit", t["exporter"]).status, 503);
  auto after = Get("/api/v1/applications/" + std::to_string(id), t["exporter"]);
  EXPECT_EQ(after.body["status"], "draft");
  EXPECT_EQ(after.body["version"], before.body["version"]);
  EXPECT_TRUE(licensing::VerifyAudit(*store_).ok);
  EXPECT_EQ(Post("/api/v1/applications/" + std::to_string(id) + "/submit", t["exporter"]).status, 200);
}

TEST_F(StoreFaults, AnIdempotencyKeyIsReleasedWhenItsWriteFailsAndTheRetryCreatesOnce) {
  auto t = DemoTokens();
  httplib::Headers key{{"Idempotency-Key", "k-1"}};
  faulty_->write_pass = 1;  // the key's reservation commits; the draft does not
  faulty_->write_fail = 1;
  EXPECT_EQ(Post("/api/v1/applications", t["exporter"], Draft(), key).status, 503);
  auto retry = Post("/api/v1/applications", t["exporter"], Draft(), key);
  EXPECT_EQ(retry.status, 201) << retry.raw;
  auto replay = Post("/api/v1/applications", t["exporter"], Draft(), key);
  EXPECT_EQ(replay.raw, retry.raw);
  EXPECT_EQ(Get("/api/v1/applications", t["exporter"]).body["applications"].size(), 1u);
}

TEST_F(StoreFaults, AReadThatFailsIsA503) {
  auto t = DemoTokens();
  faulty_->read_fail = 1;
  auto r = Get("/api/v1/applications", t["exporter"]);
  EXPECT_EQ(r.status, 503) << r.raw;
  EXPECT_EQ(Get("/api/v1/applications", t["exporter"]).status, 200);
}

}  // namespace
}  // namespace pc::testing
