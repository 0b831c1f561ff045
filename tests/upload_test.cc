// Uploaded documents: every check runs before the bytes reach the disk, so
// a refused upload leaves no file; disk per application and per exporter is
// bounded; a write that fails (a full disk, here a file size limit) leaves
// no temporary file behind.
#include <signal.h>
#include <sys/resource.h>

#include <fstream>

#include "api_fixture.h"
#include "licensing/crypto.h"
#include "common/error.h"
#include "store/durable_file.h"

namespace pc::testing {
namespace {

// Every file under `dir`, temporary ones included.
std::vector<std::string> FilesUnder(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  return out;
}

class Uploads : public ApiTest {
 protected:
  licensing::ServiceConfig Config() override {
    auto c = ApiTest::Config();
    c.max_documents_per_application = 4;
    c.max_application_document_bytes = 1000;
    c.max_exporter_document_bytes = 1500;
    return c;
  }
  std::string Pdf(char fill, size_t n) { return "%PDF-1.4 " + std::string(n - 9, fill); }
  std::filesystem::path Documents() { return dir_ / "documents"; }
  long long NewDraft(const std::string& token) {
    auto r = Post("/api/v1/applications", token, Draft());
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", 0LL);
  }
};

TEST_F(Uploads, AnUploadRefusedForTheApplicationsStateLeavesNoFile) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft());
  auto before = FilesUnder(Documents());
  auto r = Upload(t["exporter"], id, "import_permit", Pdf('s', 100));
  EXPECT_EQ(r.status, 409) << r.raw;
  EXPECT_EQ(r.body["error"]["field"], "status");
  EXPECT_EQ(FilesUnder(Documents()), before);
}

TEST_F(Uploads, EveryRefusalLeavesNoFile) {
  auto t = DemoTokens();
  long long id = NewDraft(t["exporter"]);
  auto before = FilesUnder(Documents());
  // Another organisation's application, a wrong type, a mislabelled content, an empty body.
  auto other = NewOrgUser("Other Exports", licensing::OrgKind::kExporter, "CN", "other-exporter");
  EXPECT_EQ(Upload(other, id, "export_contract", Pdf('a', 100)).status, 404);
  EXPECT_EQ(Upload(t["officer"], id, "export_contract", Pdf('b', 100)).status, 403);
  EXPECT_EQ(Upload(t["exporter"], id, "export_contract", "not a pdf at all").status, 415);
  EXPECT_EQ(Upload(t["exporter"], id, "export_contract", Pdf('c', 100), "application/zip").status, 415);
  EXPECT_EQ(Upload(t["exporter"], id, "export_contract", "").status, 400);
  EXPECT_EQ(FilesUnder(Documents()), before);
}

TEST_F(Uploads, DocumentsPerApplicationAreBoundedInNumberAndBytes) {
  auto t = DemoTokens();
  long long id = NewDraft(t["exporter"]);
  for (char c : {'a', 'b', 'c', 'd'}) ASSERT_EQ(Upload(t["exporter"], id, "export_contract", Pdf(c, 100)).status, 201);
  auto files = FilesUnder(Documents());
  auto fifth = Upload(t["exporter"], id, "export_contract", Pdf('e', 100));
  EXPECT_EQ(fifth.status, 409);
  EXPECT_EQ(fifth.body["error"]["field"], "documents");
  EXPECT_EQ(FilesUnder(Documents()), files);

  long long second = NewDraft(t["exporter"]);
  ASSERT_EQ(Upload(t["exporter"], second, "export_contract", Pdf('f', 600)).status, 201);
  files = FilesUnder(Documents());
  auto over = Upload(t["exporter"], second, "export_contract", Pdf('g', 401));  // 1001 bytes in the application
  EXPECT_EQ(over.status, 409) << over.raw;
  EXPECT_NE(over.raw.find("limit per application"), std::string::npos);
  EXPECT_EQ(FilesUnder(Documents()), files);
}

TEST_F(Uploads, DocumentsPerExporterAreBounded) {
  auto t = DemoTokens();
  long long first = NewDraft(t["exporter"]), second = NewDraft(t["exporter"]);
  ASSERT_EQ(Upload(t["exporter"], first, "export_contract", Pdf('a', 900)).status, 201);
  ASSERT_EQ(Upload(t["exporter"], second, "export_contract", Pdf('b', 500)).status, 201);
  auto files = FilesUnder(Documents());
  auto over = Upload(t["exporter"], second, "export_contract", Pdf('c', 200));  // 1600 bytes for the exporter
  EXPECT_EQ(over.status, 409) << over.raw;
  EXPECT_NE(over.raw.find("limit per exporter"), std::string::npos);
  EXPECT_EQ(FilesUnder(Documents()), files);
  // Another exporter has its own allowance.
  auto other = NewOrgUser("Other Exports", licensing::OrgKind::kExporter, "CN", "other-exporter");
  EXPECT_EQ(Upload(other, NewDraft(other), "export_contract", Pdf('c', 200)).status, 201);
}

// A file size limit makes write() fail with EFBIG part-way, as a full disk
// fails it with ENOSPC; SIGXFSZ is ignored so the process is not killed.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  sighandler_t old_handler_;
};

TEST(BlobStore, AFailedWriteLeavesNoTemporaryFile) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("pc-blobs-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  store::FileBlobStore blobs(dir);
  std::string bytes(256 * 1024, 'x');
  std::string sha = licensing::Sha256Hex(bytes);
  {
    FileSizeLimit limit(64 * 1024);
    try {
      blobs.Put(sha, bytes);
      ADD_FAILURE() << "a write over the file size limit succeeded";
    } catch (const pc::Error& e) {
      EXPECT_EQ(e.kind(), pc::ErrorKind::kUnavailable);
      EXPECT_GT(e.retry_after(), 0);
      EXPECT_NE(std::string(e.what()).find("could not be stored"), std::string::npos);
    }
  }
  EXPECT_EQ(FilesUnder(dir), std::vector<std::string>{});
  EXPECT_FALSE(blobs.Get(sha));
  // Once there is room, the same document is stored whole.
  blobs.Put(sha, bytes);
  EXPECT_EQ(blobs.Get(sha), bytes);
  EXPECT_EQ(FilesUnder(dir).size(), 1u);
  std::filesystem::remove_all(dir);
}

TEST(DurableFile, ReplacesWholeOrNotAtAll) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("pc-durable-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  store::WriteFileDurably(dir / "f", "first");
  {
    FileSizeLimit limit(16);
    EXPECT_THROW(store::WriteFileDurably(dir / "f", std::string(1024, 'y')), std::system_error);
  }
  EXPECT_EQ(FilesUnder(dir), std::vector<std::string>{"f"});  // the old file, and no temporary one
  std::ifstream in(dir / "f");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "first");
  EXPECT_THROW(store::WriteFileDurably(dir / "missing-dir" / "f", "x"), std::system_error);
  std::filesystem::remove_all(dir);
}

TEST(BlobStore, OpeningRemovesWhatAKilledWriterLeft) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("pc-blobs-left-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::string sha(64, 'a');
  std::filesystem::create_directories(dir / "aa");
  // A process that no longer runs (no pid is this high), and this one, still writing.
  auto dead = dir / "aa" / (sha + ".tmp2147483646-0"), live = dir / "aa" / (sha + ".tmp" + std::to_string(getpid()) + "-7");
  std::ofstream(dead) << "partial";
  std::ofstream(live) << "partial";
  std::ofstream(dir / "aa" / "notes.tmp") << "not ours";
  store::FileBlobStore blobs(dir);
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(live));
  EXPECT_TRUE(std::filesystem::exists(dir / "aa" / "notes.tmp"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pc::testing
