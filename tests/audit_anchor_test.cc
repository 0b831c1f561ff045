// The audit log's head anchored outside the table: removing the newest
// records (after dropping the triggers) leaves a valid chain, and is caught
// by the signed anchor beside the database and by `audit verify --expect`
// with the value `audit head` printed. Also: `precursor serve` anchors the
// log and warns of demo users with public passwords.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "api_fixture.h"
#include "licensing/audit.h"
#include "store/audit_anchor.h"

extern char** environ;

namespace pc::testing {
namespace {

struct Run {
  int status = -1;
  std::string out;
};

// The real binary, its standard output captured.
Run Precursor(const std::string& args) {
  std::string cmd = std::string(PC_BINARY) + " " + args + " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = WEXITSTATUS(pclose(p));
  return r;
}

class AuditAnchor : public ApiTest {
 protected:
  // Drops the triggers that keep the log append-only and deletes its newest records.
  void TruncateAudit(int newest) {
    std::string del = "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - " + std::to_string(newest) + " FROM audit_log)";
    EXPECT_EQ(RawSql("DROP TRIGGER audit_log_no_delete; " + del, "DROP TRIGGER audit_log_no_delete ON audit_log; " + del),
              "");
  }
};


TEST_F(AuditAnchor, RemovingTheNewestRecordsIsDetected) {
  auto t = DemoTokens();
  Submitted(t["exporter"], Draft());
  store::AuditAnchorFile anchor(dir_);
  auto anchored = anchor.Advance(*store_);
  ASSERT_TRUE(anchored);
  EXPECT_EQ(anchored->seq, AuditCount());
  EXPECT_EQ(anchor.Read()->hash, anchored->hash);
  Stop();
  TruncateAudit(3);
  Start();
  // The chain alone is still valid: what the log said before anchoring.
  auto chain = licensing::VerifyAudit(*store_);
  EXPECT_TRUE(chain.ok);
  EXPECT_EQ(chain.records, anchored->seq - 3);
  auto check = licensing::VerifyAudit(*store_, {*anchor.Read()});
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_seq, anchored->seq - 2);
  EXPECT_NE(check.reason.find("newest records were removed"), std::string::npos) << check.reason;
  // The server does not move the anchor over the gap.
  EXPECT_THROW(anchor.Advance(*store_), store::AnchorError);
  EXPECT_EQ(anchor.Read()->seq, anchored->seq);
}

TEST_F(AuditAnchor, ReplacingTheNewestRecordsWithOthersIsDetected) {
  auto t = DemoTokens();
  store::AuditAnchorFile anchor(dir_);
  auto anchored = anchor.Advance(*store_);
  ASSERT_TRUE(anchored);
  Stop();
  TruncateAudit(2);
  Start();
  // New records take the removed ones' places: the chain is valid again.
  for (int i = 0; i < 3; ++i) Login("exporter", "exporter-demo");
  EXPECT_TRUE(licensing::VerifyAudit(*store_).ok);
  auto check = licensing::VerifyAudit(*store_, {*anchor.Read()});
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_seq, anchored->seq);
  EXPECT_NE(check.reason.find("not the one anchored"), std::string::npos) << check.reason;
}

TEST_F(AuditAnchor, TheAnchorMovesOnWithTheLog) {
  auto t = DemoTokens();
  store::AuditAnchorFile anchor(dir_);
  auto first = anchor.Advance(*store_);
  Submitted(t["exporter"], Draft());
  auto second = anchor.Advance(*store_);
  ASSERT_TRUE(first && second);
  EXPECT_GT(second->seq, first->seq);
  EXPECT_TRUE(licensing::VerifyAudit(*store_, {*first, *second}).ok);
  EXPECT_EQ(second->seq, anchor.Advance(*store_)->seq);  // nothing new: unchanged
}

TEST_F(AuditAnchor, AnEditedOrOrphanedAnchorDoesNotVerify) {
  DemoTokens();
  store::AuditAnchorFile anchor(dir_);
  auto anchored = anchor.Advance(*store_);
  ASSERT_TRUE(anchored);
  std::ifstream in(anchor.file());
  std::stringstream ss;
  ss << in.rdbuf();
  in.close();
  auto j = Json::parse(ss.str());
  j["seq"] = anchored->seq - 1;  // moved back, as one would to hide the last record
  std::ofstream(anchor.file()) << j.dump();
  EXPECT_THROW(anchor.Read(), store::AnchorError);
  std::filesystem::remove(anchor.file());
  EXPECT_THROW(anchor.Read(), store::AnchorError);  // the key is still there
  EXPECT_THROW(anchor.Advance(*store_), store::AnchorError);
}

TEST(AuditPoint, ParsesWhatAuditHeadPrints) {
  std::string hash(64, 'a');
  auto p = licensing::ParseAuditPoint("12:" + hash);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->seq, 12);
  EXPECT_EQ(licensing::ToString(*p), "12:" + hash);
  for (std::string bad : std::vector<std::string>{"", "12", ":" + hash, "0:" + hash, "x:" + hash, "12:" + hash.substr(1), "12:" + std::string(64, 'G'),
                          "-1:" + hash, "99999999999999999999:" + hash})
    EXPECT_FALSE(licensing::ParseAuditPoint(bad)) << bad;
}

TEST_F(AuditAnchor, CommandLineHeadAndVerifyCatchATruncation) {
  auto t = DemoTokens();
  Submitted(t["exporter"], Draft());
  store::AuditAnchorFile(dir_).Advance(*store_);
  Stop();
  std::string data = DatabaseArgs();
  auto head = Precursor("audit head" + data);
  ASSERT_EQ(head.status, 0) << head.out;
  std::string point = head.out.substr(0, head.out.find('\n'));
  ASSERT_TRUE(licensing::ParseAuditPoint(point)) << head.out;
  EXPECT_EQ(Precursor("audit verify --expect " + point + data).status, 0);

  TruncateAudit(1);
  auto verify = Precursor("audit verify" + data);
  EXPECT_EQ(verify.status, 1) << verify.out;  // the anchor beside the database
  EXPECT_NE(verify.out.find("TAMPERED"), std::string::npos);
  // Someone with the whole directory removes the anchor and its key too:
  // the value kept elsewhere still catches it.
  std::filesystem::remove(dir_ / "audit-anchor.json");
  std::filesystem::remove(dir_ / "audit-anchor.key");
  auto unanchored = Precursor("audit verify" + data);
  EXPECT_EQ(unanchored.status, 0) << unanchored.out;
  EXPECT_NE(unanchored.out.find("no anchor file"), std::string::npos);
  auto expected = Precursor("audit verify --expect " + point + data);
  EXPECT_EQ(expected.status, 1) << expected.out;
  EXPECT_NE(expected.out.find("newest records were removed"), std::string::npos) << expected.out;
  EXPECT_EQ(Precursor("audit verify --expect 12" + data).status, 2);
}

// `precursor serve --demo`: a warning at start-up, and an anchor written by
// the first tick and at shutdown, which `audit verify` then checks.
TEST(Serve, WarnsOfDemoUsersAndAnchorsTheAuditLog) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("pc-serve-anchor-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto out = dir / "stdout", err = dir / "stderr";
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string data = (dir / "data").string();
  std::vector<std::string> args = {PC_BINARY, "serve", "--demo", "--port", "0", "--data", data, "--registry", PC_DATA_DIR};
  std::unique_ptr<TestDatabase> pg;  // on PostgreSQL: the anchor beside the documents, the log in the database
  if (OnPostgres()) {
    pg = std::make_unique<TestDatabase>();
    args.insert(args.end(), {"--database", pg->url()});
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, PC_BINARY, &files, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&files);
  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  // Until it listens (a bound, not a timing assertion).
  for (int i = 0; i < 1200 && read(out).find("listening") == std::string::npos; ++i) usleep(50000);
  ASSERT_NE(read(out).find("listening"), std::string::npos) << read(err);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_NE(read(err).find("WARNING: demo users with public passwords are present"), std::string::npos) << read(err);
  EXPECT_TRUE(std::filesystem::exists(dir / "data" / "audit-anchor.json"));
  auto verify = Precursor("audit verify --data " + data + (pg ? " --database " + pg->url() : std::string()));
  EXPECT_EQ(verify.status, 0) << verify.out;
  EXPECT_NE(verify.out.find("anchored at record"), std::string::npos) << verify.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pc::testing
