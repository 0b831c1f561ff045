// The API's conventions, pinned over the real server: every list pages with
// limit/offset (a total, a next link and a Link header; the audit log by its
// cursor), errors are RFC 9457 problem details with every field problem in
// "errors", and POST /api/v1/screen/file reads a file with the command
// line's own reader and gives the command line's verdicts.
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "api_fixture.h"

namespace pc::testing {
namespace {

const std::string kCatalogue = std::string(PC_TEST_DATA_DIR) + "/catalogue/catalogue.csv";
const std::string kCatalogueSdf = std::string(PC_TEST_DATA_DIR) + "/catalogue/catalogue.sdf";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `precursor screen` on a file: its verdict objects by record id.
std::map<std::string, Json> CliVerdicts(const std::string& args) {
  std::string cmd = std::string(PC_BINARY) + " screen --format jsonl " + args + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::map<std::string, Json> out;
  if (!p) return out;
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  ::pclose(p);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) {
      Json j = Json::parse(line);
      out[j["id"].get<std::string>()] = j;
    }
  return out;
}

class Conventions : public ApiTest {
 protected:
  std::string Tmp(const std::string& name) { return (dir_ / name).string(); }
  Reply File(const std::string& token, const std::string& query, const std::string& bytes,
             const std::string& type = "application/octet-stream") {
    return Call("POST", "/api/v1/screen/file" + query, token, bytes, {}, type);
  }
  static void ExpectProblem(const Reply& r, int status) {
    EXPECT_EQ(r.status, status) << r.raw;
    auto it = r.headers.find("Content-Type");
    ASSERT_NE(it, r.headers.end());
    EXPECT_EQ(it->second, "application/problem+json");
    EXPECT_EQ(r.body["status"], status) << r.raw;
    EXPECT_TRUE(r.body["type"].is_string()) << r.raw;
    EXPECT_TRUE(r.body["title"].is_string()) << r.raw;
    EXPECT_TRUE(r.body["detail"].is_string()) << r.raw;
    EXPECT_TRUE(r.body["errors"].is_array()) << r.raw;
    // The first problem stays where the existing clients read it.
    EXPECT_EQ(r.body["error"]["reason"], r.body["detail"]) << r.raw;
  }
};

TEST_F(Conventions, ApplicationsPageWithTotalNextAndLinkHeader) {
  auto t = DemoTokens();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Post("/api/v1/applications", t["exporter"], Draft()).status, 201);
  auto first = Get("/api/v1/applications?limit=2", t["exporter"]);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["applications"].size(), 2u);
  EXPECT_EQ(first.body["total"], 3);
  EXPECT_EQ(first.body["limit"], 2);
  EXPECT_EQ(first.body["offset"], 0);
  EXPECT_EQ(first.body["next"], "/api/v1/applications?limit=2&offset=2");
  EXPECT_EQ(first.headers.find("Link")->second, "</api/v1/applications?limit=2&offset=2>; rel=\"next\"");
  auto second = Get(first.body["next"].get<std::string>(), t["exporter"]);
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_EQ(second.body["applications"].size(), 1u);
  EXPECT_TRUE(second.body["next"].is_null());
  EXPECT_EQ(second.headers.count("Link"), 0u);
  std::set<long long> ids;
  for (const auto& page : {first, second})
    for (const auto& a : page.body["applications"]) ids.insert(a["id"].get<long long>());
  EXPECT_EQ(ids.size(), 3u) << "every application once across the pages";
  // The default page and the other parameters kept in the next link.
  auto all = Get("/api/v1/applications", t["exporter"]);
  EXPECT_EQ(all.body["limit"], 100);
  EXPECT_EQ(all.body["applications"].size(), 3u);
  auto drafts = Get("/api/v1/applications?status=draft&limit=1", t["exporter"]);
  EXPECT_EQ(drafts.body["next"], "/api/v1/applications?limit=1&offset=1&status=draft");
}

TEST_F(Conventions, PagingNeverWidensWhatACallerSees) {
  auto t = DemoTokens();
  ASSERT_EQ(Post("/api/v1/applications", t["exporter"], Draft()).status, 201);
  auto other = NewOrgUser("Other Exporter Ltd", licensing::OrgKind::kExporter, "CN", "other");
  auto mine = Get("/api/v1/applications?limit=1000", other);
  EXPECT_EQ(mine.body["total"], 0);
  EXPECT_TRUE(mine.body["applications"].empty());
  auto beyond = Get("/api/v1/applications?offset=5", t["exporter"]);
  EXPECT_EQ(beyond.status, 200);
  EXPECT_TRUE(beyond.body["applications"].empty());
  EXPECT_EQ(beyond.body["total"], 1);
}

TEST_F(Conventions, EveryListTakesLimitAndOffset) {
  auto t = DemoTokens();
  long long id = Submitted(t["exporter"], Draft());
  std::string app = "/api/v1/applications/" + std::to_string(id);
  struct List {
    std::string path, key, role;
  };
  for (const auto& l : std::vector<List>{{"/api/v1/applications", "applications", "officer"},
                                         {"/api/v1/licences", "licences", "customs"},
                                         {"/api/v1/notifications", "notifications", "officer"},
                                         {"/api/v1/flags", "flags", "officer"},
                                         {app + "/history", "records", "officer"},
                                         {app + "/changes", "changes", "officer"},
                                         {"/api/v1/registry", "entries", "exporter"},
                                         {"/api/v1/registry/changes?from=2000-01-01&to=2030-01-01", "changes", "exporter"}}) {
    std::string sep = l.path.find('?') == std::string::npos ? "?" : "&";
    auto r = Get(l.path + sep + "limit=1", t[l.role]);
    ASSERT_EQ(r.status, 200) << l.path << ": " << r.raw;
    EXPECT_LE(r.body[l.key].size(), 1u) << l.path;
    EXPECT_EQ(r.body["limit"], 1) << l.path;
    EXPECT_TRUE(r.body["total"].is_number_integer()) << l.path;
    EXPECT_EQ(r.body["next"].is_string(), r.body["total"].get<long long>() > 1) << l.path;
    ExpectProblem(Get(l.path + sep + "limit=1001", t[l.role]), 400);
  }
  // The registry has more entries than a page: following next reads each once.
  std::set<std::string> seen;
  size_t total = 0;
  for (std::string next = "/api/v1/registry?limit=40"; !next.empty();) {
    auto r = Get(next, t["exporter"]);
    ASSERT_EQ(r.status, 200) << r.raw;
    total = r.body["total"];
    for (const auto& e : r.body["entries"]) seen.insert(e.dump());
    next = r.body["next"].is_string() ? r.body["next"].get<std::string>() : "";
  }
  EXPECT_GT(total, 40u);
  EXPECT_EQ(seen.size(), total);
}

// The registry's feed closes with the listings announced with no date yet,
// as the command line's `registry changes` does: China's pending
// 4-piperidone is in every period's feed, with a null date.
TEST_F(Conventions, RegistryChangesEndWithAnnouncedListings) {
  auto t = DemoTokens();
  auto r = Get("/api/v1/registry/changes?from=2020-01-01&to=2020-01-02&jurisdiction=CN&limit=1000", t["exporter"]);
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_FALSE(r.body["changes"].empty()) << r.raw;
  std::set<std::string> announced;
  for (const auto& c : r.body["changes"]) {
    EXPECT_EQ(c["event"], "announced") << "nothing dated happened in CN on 2020-01-02: " << c.dump();
    EXPECT_TRUE(c["date"].is_null()) << c.dump();
    announced.insert(c["entry"]["id"].get<std::string>());
  }
  EXPECT_TRUE(announced.count("cn-pc-4piperidone")) << r.raw;
}

TEST_F(Conventions, TheAuditLogPagesByItsCursor) {
  auto t = DemoTokens();
  Submitted(t["exporter"], Draft());
  auto whole = Get("/api/v1/audit?limit=1000", t["ministry"]);
  ASSERT_EQ(whole.status, 200) << whole.raw;
  ASSERT_GT(whole.body["records"].size(), 3u);
  EXPECT_TRUE(whole.body["next"].is_null());
  std::vector<long long> seqs;
  for (std::string next = "/api/v1/audit?limit=3"; !next.empty();) {
    auto r = Get(next, t["ministry"]);
    ASSERT_EQ(r.status, 200) << r.raw;
    for (const auto& a : r.body["records"]) seqs.push_back(a["seq"]);
    next = r.body["next"].is_string() ? r.body["next"].get<std::string>() : "";
    if (!next.empty()) {
      EXPECT_NE(r.headers.find("Link"), r.headers.end());
    }
  }
  ASSERT_EQ(seqs.size(), whole.body["records"].size());
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], whole.body["records"][i]["seq"]);
  ExpectProblem(Get("/api/v1/audit?offset=3", t["ministry"]), 400);
  ExpectProblem(Get("/api/v1/audit?after=x", t["ministry"]), 400);
}

TEST_F(Conventions, ErrorsAreProblemDetailsWithEveryFieldProblem) {
  auto t = DemoTokens();
  // Two bad paging parameters: both named at once.
  auto paging = Get("/api/v1/applications?limit=0&offset=-1", t["exporter"]);
  ExpectProblem(paging, 400);
  EXPECT_EQ(paging.body["type"], "tag:precursor-control,2026:problem/invalid-request");
  EXPECT_EQ(paging.body["title"], "Bad Request");
  ASSERT_EQ(paging.body["errors"].size(), 2u) << paging.raw;
  EXPECT_EQ(paging.body["errors"][0]["field"], "limit");
  EXPECT_EQ(paging.body["errors"][1]["field"], "offset");
  EXPECT_EQ(paging.body["error"]["field"], "limit");
  // A field error: named in "errors" and in "error".
  Json draft = Draft();
  draft["items"][0]["quantity"] = -5;
  auto bad = Post("/api/v1/applications", t["exporter"], draft);
  ExpectProblem(bad, 400);
  ASSERT_FALSE(bad.body["errors"].empty()) << bad.raw;
  EXPECT_EQ(bad.body["errors"][0]["field"], "items[0].quantity");
  EXPECT_EQ(bad.body["error"]["field"], "items[0].quantity");
  // Not about a field: an empty list.
  auto missing = Get("/api/v1/applications/999999", t["exporter"]);
  ExpectProblem(missing, 404);
  EXPECT_EQ(missing.body["type"], "tag:precursor-control,2026:problem/not-found");
  EXPECT_TRUE(missing.body["errors"].empty());
  auto method = Call("PATCH", "/api/v1/meta", t["exporter"], "{}");
  ExpectProblem(method, 405);
  EXPECT_EQ(method.headers.find("Allow")->second, "GET");
  EXPECT_EQ(method.body["title"], "Method Not Allowed");
  auto anonymous = Get("/api/v1/applications", "");
  ExpectProblem(anonymous, 401);
  EXPECT_EQ(anonymous.body["errors"][0]["field"], "Authorization");
}

TEST_F(Conventions, ACatalogueCsvGivesTheCommandLinesVerdicts) {
  auto t = DemoTokens();
  const std::string csv = ReadAll(kCatalogue);
  auto r = File(t["exporter"], "?filename=catalogue.csv&smiles_column=smiles&id_column=catalogue_no&as_of=2026-12-01",
                csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.raw;
  auto cli = CliVerdicts("--smiles-column smiles --id-column catalogue_no --as-of 2026-12-01 " + kCatalogue);
  ASSERT_EQ(cli.size(), 8u);
  const auto& results = r.body["results"];
  ASSERT_EQ(results.size(), cli.size()) << "one result a row, the header and the quoted line break not records";
  for (const auto& res : results) {
    std::string id = res["id"];
    ASSERT_TRUE(cli.count(id)) << id;
    EXPECT_EQ(res["status"], cli[id]["status"]) << id;
    EXPECT_EQ(res["verdict"], cli[id]["verdict"]) << id;
    EXPECT_EQ(res["input"], cli[id]["input"]) << id;
  }
  EXPECT_EQ(results[0]["id"], "CAT-0001");
  EXPECT_EQ(results[1]["verdict"], "controlled") << "NPP";
  EXPECT_EQ(results[4]["status"], "error");
  EXPECT_FALSE(results[4]["error"].get<std::string>().empty()) << "the reason of a bad record";
  EXPECT_EQ(r.body["summary"]["records"], 8);
  EXPECT_EQ(r.body["summary"]["error"], 1);
  EXPECT_EQ(r.body["file"]["compression"], "plain");
}

TEST_F(Conventions, AnSdfAndCompressedFilesThroughTheSameReader) {
  auto t = DemoTokens();
  auto cli = CliVerdicts("--as-of 2026-12-01 " + kCatalogueSdf);
  ASSERT_EQ(cli.size(), 5u);
  auto sdf = File(t["exporter"], "?filename=catalogue.sdf&as_of=2026-12-01", ReadAll(kCatalogueSdf));
  ASSERT_EQ(sdf.status, 200) << sdf.raw;
  ASSERT_EQ(sdf.body["results"].size(), 5u);
  for (const auto& res : sdf.body["results"]) {
    std::string id = res["id"];
    ASSERT_TRUE(cli.count(id)) << id;
    EXPECT_EQ(res["status"], cli[id]["status"]) << id;
    EXPECT_EQ(res["verdict"], cli[id]["verdict"]) << id;
  }
  EXPECT_EQ(sdf.body["results"][1]["verdict"], "controlled");
  EXPECT_EQ(sdf.body["results"][3]["status"], "error") << "the damaged molfile, reported in its place";
  EXPECT_EQ(sdf.body["summary"]["error"], 1);

  // gzip and zstd, recognised by their bytes; the CSV's columns as before.
  std::string plain = Tmp("catalogue.csv");
  std::ofstream(plain, std::ios::binary) << ReadAll(kCatalogue);
  ASSERT_EQ(std::system(("gzip -c " + plain + " > " + plain + ".gz").c_str()), 0);
  ASSERT_EQ(std::system(("zstd -q -c " + plain + " > " + plain + ".zst").c_str()), 0);
  for (std::string ext : {".gz", ".zst"}) {
    auto packed = File(t["exporter"], "?filename=catalogue.csv" + ext + "&smiles_column=smiles", ReadAll(plain + ext));
    ASSERT_EQ(packed.status, 200) << ext << ": " << packed.raw;
    EXPECT_EQ(packed.body["file"]["compression"], ext == ".gz" ? "gzip" : "zstd");
    EXPECT_EQ(packed.body["results"].size(), 8u) << ext;
  }
  // A multipart form, as the web page sends it: the file part and fields.
  httplib::MultipartFormDataItems form = {{"file", ReadAll(kCatalogue), "catalogue.csv", "text/csv"},
                                          {"smiles_column", "smiles", "", ""},
                                          {"id_column", "catalogue_no", "", ""},
                                          {"jurisdictions", "US,CN", "", ""}};
  httplib::Headers auth = {{"Authorization", "Bearer " + t["exporter"]}};
  auto res = client_->Post("/api/v1/screen/file", auth, form);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  Json body = Json::parse(res->body);
  ASSERT_EQ(body["results"].size(), 8u);
  EXPECT_EQ(body["results"][0]["id"], "CAT-0001");
  EXPECT_EQ(body["results"][0]["jurisdictions"].size(), 2u);
}

TEST_F(Conventions, AFileThatCannotBeReadIsOneClearError) {
  auto t = DemoTokens();
  const std::string csv = ReadAll(kCatalogue);
  auto column = File(t["exporter"], "?filename=catalogue.csv&smiles_column=structure", csv);
  ExpectProblem(column, 400);
  EXPECT_EQ(column.body["errors"][0]["field"], "smiles_column");
  EXPECT_NE(column.body["detail"].get<std::string>().find("catalogue_no, name, smiles"), std::string::npos)
      << "the columns there are, to choose from: " << column.raw;
  auto binary = File(t["exporter"], "?filename=sheet.xlsx", std::string("PK\x03\x04\0\0\x08\0", 8) + "rest");
  ExpectProblem(binary, 415);
  EXPECT_NE(binary.body["detail"].get<std::string>().find("binary data"), std::string::npos) << binary.raw;
  // A gzip stream cut short: nothing screened, the damage named.
  std::string plain = Tmp("c.csv");
  std::ofstream(plain, std::ios::binary) << csv;
  ASSERT_EQ(std::system(("gzip -c " + plain + " > " + plain + ".gz").c_str()), 0);
  std::string gz = ReadAll(plain + ".gz");
  auto cut = File(t["exporter"], "?filename=c.csv.gz&smiles_column=smiles", gz.substr(0, gz.size() / 2));
  ExpectProblem(cut, 400);
  EXPECT_NE(cut.body["detail"].get<std::string>().find("truncated gzip"), std::string::npos) << cut.raw;
  auto liar = File(t["exporter"], "?filename=c.csv.gz", csv);
  ExpectProblem(liar, 400);
  ExpectProblem(File(t["exporter"], "?filename=c.csv", ""), 400);
  auto unknown = File(t["exporter"], "?filename=c.csv&smiles_colum=smiles&input_format=xls", csv);
  ExpectProblem(unknown, 400);
  EXPECT_EQ(unknown.body["errors"][0]["field"], "smiles_colum");
  ExpectProblem(File(t["exporter"], "?filename=c.csv&input_format=xls", csv), 400);
  ExpectProblem(File(t["exporter"], "?filename=c.csv&jurisdictions=XX", csv), 400);
  ExpectProblem(File("", "?filename=c.csv", csv), 401);
}

class SmallFileLimits : public Conventions {
 protected:
  void SetLimits(http::Limits& limits) override {
    limits.screen_file_records = 5;
    limits.screen_file_text_bytes = 4096;
  }
};

TEST_F(SmallFileLimits, TooManyRecordsOrTooMuchTextIsRefused) {
  auto t = DemoTokens();
  auto many = File(t["exporter"], "?filename=catalogue.csv", ReadAll(kCatalogue));
  ExpectProblem(many, 413);
  EXPECT_NE(many.body["detail"].get<std::string>().find("more than 5 records"), std::string::npos) << many.raw;
  // A small zstd upload that expands past the text bound.
  std::string big = Tmp("big.smi");
  {
    std::ofstream out(big);
    for (int i = 0; i < 2000; ++i) out << "# a comment line that is not a record\n";
  }
  ASSERT_EQ(std::system(("zstd -q -c " + big + " > " + big + ".zst").c_str()), 0);
  std::string packed = ReadAll(big + ".zst");
  ASSERT_LT(packed.size(), 4096u);
  auto bomb = File(t["exporter"], "?filename=big.smi.zst", packed);
  ExpectProblem(bomb, 413);
  EXPECT_NE(bomb.body["detail"].get<std::string>().find("after decompression"), std::string::npos) << bomb.raw;
}

}  // namespace
}  // namespace pc::testing
