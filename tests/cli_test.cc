// The `precursor` program as a user runs it: files in, records out, exit
// codes, and no record lost whatever the input.
#include <array>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/Substruct/SubstructMatch.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "chem/molecule.h"
#include "registry/registry.h"

namespace {

struct Run {
  int exit_code;
  std::string out;
};

Run Precursor(const std::string& args, const std::string& stdin_text = "") {
  // CTest runs tests in parallel: each run gets its own input file.
  static int calls = 0;
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string in_path = ::testing::TempDir() + "pc-cli-" + test->name() + "-" +
                        std::to_string(::getpid()) + "-" + std::to_string(calls++) + ".txt";
  std::ofstream(in_path, std::ios::binary) << stdin_text;
  std::string cmd = std::string(PC_BINARY) + " " + args + " < " + in_path + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int status = pclose(pipe);
  return {WEXITSTATUS(status), out};
}

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream ss(out);
  std::string line;
  while (std::getline(ss, line)) v.push_back(nlohmann::json::parse(line));
  return v;
}

TEST(Cli, OneOutputPerRecordInOrderAndBatchGoesOnPastBadRecords) {
  auto r = Precursor("screen --as-of 2024-09-01 -",
                     "CCO\tethanol\nC1CC(\tbroken\n\n# comment\n4-AP\n437-38-8\nnot a chemical name\n");
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0]["id"], "ethanol");
  EXPECT_EQ(lines[0]["verdict"], "clear");
  EXPECT_EQ(lines[1]["id"], "broken");
  EXPECT_EQ(lines[1]["status"], "error");
  EXPECT_EQ(lines[2]["verdict"], "controlled");
  EXPECT_EQ(lines[3]["status"], "error");
  EXPECT_EQ(lines[4]["status"], "unresolved");
  EXPECT_EQ(r.exit_code, 1);  // some records could not be processed
}

TEST(Cli, AllGoodRecordsExitZero) {
  auto r = Precursor("screen --jurisdiction us --format csv", "CCO\n4-AP\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("id,input,status,verdict,US,matches,error"), std::string::npos);
  EXPECT_NE(r.out.find("us-listI-4ap"), std::string::npos);
}

TEST(Cli, EmptyInputIsNotAnError) {
  auto r = Precursor("screen", "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST(Cli, SdfWithATruncatedRecord) {
  std::string good =
      "npp\n  RDKit\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n"
      "    0.0000    0.0000    0.0000 C   0  0\n    1.5000    0.0000    0.0000 O   0  0\n"
      "  1  2  1  0\nM  END\n> <note>\nx\n\n$$$$\n";
  std::string truncated = "cut\n  RDKit\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n    0.0000";
  auto r = Precursor("screen --input-format sdf", good + truncated);
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["id"], "npp");
  EXPECT_EQ(lines[0]["status"], "ok");
  EXPECT_EQ(lines[1]["status"], "error");
  EXPECT_NE(lines[1]["error"].get<std::string>().find("truncated"), std::string::npos);
  // Auto-detection by content.
  EXPECT_EQ(Lines(Precursor("screen", good).out).at(0)["input_type"], "molfile");
}

// --id-column names an SD file's data item for the id, as it names a CSV
// column; a record without the item keeps its title.
TEST(Cli, SdfIdFromANamedDataItem) {
  auto record = [](const std::string& title, const std::string& data) {
    return title + "\n  RDKit\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n" +
           "    0.0000    0.0000    0.0000 C   0  0\n    1.5000    0.0000    0.0000 O   0  0\n" +
           "  1  2  1  0\nM  END\n" + data + "$$$$\n";
  };
  std::string sdf = record("first", "> <note>\nx\n\n>  <CatalogNo>  (1)\n  CAT-001 \nsecond line\n\n") +
                    record("second", "> <note>\ny\n\n") + record("", "> <CatalogNo>\nCAT-003\n\n");
  auto lines = Lines(Precursor("screen --input-format sdf --id-column CatalogNo", sdf).out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["id"], "CAT-001");
  EXPECT_EQ(lines[1]["id"], "second");
  EXPECT_EQ(lines[2]["id"], "CAT-003");
  EXPECT_EQ(lines[0]["status"], "ok");
  // Without the option the title is the id.
  EXPECT_EQ(Lines(Precursor("screen --input-format sdf", sdf).out).at(0)["id"], "first");
}

// A listing not yet in force is shown as announced, never applied: China's
// pending 4-piperidone (no date yet), and the UN's before it took effect on
// 3 December 2024.
TEST(Cli, AnnouncedListingsAreShownNotApplied) {
  auto cn = Lines(Precursor("screen --jurisdiction CN --as-of 2026-01-01", "O=C1CCNCC1\n").out).at(0);
  const auto& pending = cn["jurisdictions"]["CN"];
  ASSERT_EQ(pending["announced"].size(), 1u) << cn.dump();
  EXPECT_EQ(pending["announced"][0]["entry"], "cn-pc-4piperidone");
  EXPECT_TRUE(pending["announced"][0]["since"].is_null());
  EXPECT_NE(pending["verdict"], "controlled");

  auto un = Lines(Precursor("screen --jurisdiction UN --as-of 2024-06-01", "O=C1CCNCC1\n").out).at(0);
  const auto& later = un["jurisdictions"]["UN"];
  ASSERT_EQ(later["announced"].size(), 1u) << un.dump();
  EXPECT_EQ(later["announced"][0]["entry"], "un1988-t1-4piperidone");
  EXPECT_EQ(later["announced"][0]["since"], "2024-12-03");
  EXPECT_NE(later["verdict"], "controlled");
  // On the day it takes effect it is a listing, no longer an announcement.
  auto in_force = Lines(Precursor("screen --jurisdiction UN --as-of 2024-12-03", "O=C1CCNCC1\n").out).at(0);
  EXPECT_EQ(in_force["jurisdictions"]["UN"]["verdict"], "controlled");
  EXPECT_FALSE(in_force["jurisdictions"]["UN"].contains("announced"));

  auto table = Precursor("screen --jurisdiction UN --as-of 2024-06-01 --format csv", "O=C1CCNCC1\n").out;
  EXPECT_NE(table.find("un1988-t1-4piperidone announced: takes effect on 2024-12-03"), std::string::npos) << table;
  auto explain = Precursor("explain --jurisdiction CN --as-of 2026-01-01 4-piperidone").out;
  EXPECT_NE(explain.find("announced (cn-pc-4piperidone)"), std::string::npos) << explain;
  auto changes = Precursor("registry changes --jurisdiction CN --from 2025-01-01 --to 2025-12-31").out;
  EXPECT_NE(changes.find("cn-pc-4piperidone  4-Piperidone: announced, not yet in force"), std::string::npos) << changes;
}

// A NUL in the first 8,000 bytes marks a binary file (git's rule), refused
// once; a damaged line further on is one error record and the batch goes on.
TEST(Cli, ADamagedLineDeepInATextFileIsOneErrorRecord) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "CCO\tok" + std::to_string(i) + "\n";
  std::string junk("\x01\x02\x00\xff\xfe", 5);
  auto r = Precursor("screen", text + junk + "\nCCN\n");
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1002u);
  EXPECT_EQ(lines[1000]["status"], "error");
  EXPECT_EQ(lines[1001]["status"], "ok");
  EXPECT_EQ(Precursor("screen", junk + "\nCCO\n").exit_code, 2);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(Precursor("screen --as-of 2024-13-01").exit_code, 2);
  EXPECT_EQ(Precursor("screen --jurisdiction XX").exit_code, 2);
  EXPECT_EQ(Precursor("screen --bogus").exit_code, 2);
  EXPECT_EQ(Precursor("frobnicate").exit_code, 2);
}

TEST(Cli, VersionNamesTheRegistryDataAndEachCommandHasItsHelp) {
  auto v = Precursor("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("precursor ", 0), 0u) << v.out;
  EXPECT_NE(v.out.find("registry data: "), std::string::npos) << v.out;
  EXPECT_NE(v.out.find(" entries, 4 jurisdictions"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("announced (not yet in force)"), std::string::npos) << v.out;
  auto h = Precursor("screen --help");
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("--destination CC"), std::string::npos) << h.out;
  EXPECT_EQ(h.out.find("  serve "), std::string::npos) << h.out;  // only the command asked about
}

// A transaction that cannot be read is a usage error naming the option.
TEST(Cli, ScreenWithATransactionListsDutiesAndRefusesAnUnreadableOne) {
  auto r = Precursor("screen --jurisdiction US --as-of 2026-01-01 --destination MX --quantity 5 --unit kg",
                     "benzaldehyde\n");
  ASSERT_EQ(r.exit_code, 0);
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_FALSE(lines[0]["jurisdictions"]["US"]["obligations"].empty()) << r.out;
  EXPECT_EQ(Precursor("screen --quantity 5", "CCO\n").exit_code, 2);
  EXPECT_EQ(Precursor("screen --quantity five --unit kg", "CCO\n").exit_code, 2);
  EXPECT_EQ(Precursor("screen --concentration 150", "CCO\n").exit_code, 2);
}

TEST(Cli, ExplainAndRegistry) {
  auto e = Precursor("explain --as-of 2024-09-01 --jurisdiction CN norfentanyl");
  EXPECT_EQ(e.exit_code, 0);
  EXPECT_NE(e.out.find("Verdict:   controlled"), std::string::npos);
  auto list = Precursor("registry list --as-of 2024-09-01 --jurisdiction CN");
  EXPECT_NE(list.out.find("cn-pc-4ap"), std::string::npos);
  EXPECT_NE(list.out.find("Pending"), std::string::npos);
  auto changes = Precursor("registry changes --from 2024-08-31 --to 2024-09-01");
  EXPECT_NE(changes.out.find("cn-pc-norfentanyl"), std::string::npos);
  EXPECT_EQ(changes.out.find("us-"), std::string::npos);
  auto jl = Lines(Precursor("registry list --format jsonl --jurisdiction US --as-of 2026-01-01").out);
  EXPECT_GE(jl.size(), 10u);
}

}  // namespace

namespace {

// Corpus labels the registry disagrees with, each with the law that says so.
// Propionic anhydride is labelled an unlisted reagent ("listing status not
// verified"), but 21 CFR 1310.02(a)(15) lists it (DEA code 8328).
const std::set<std::string> kArguedLabels = {"R0033"};

TEST(Cli, EvaluateRefusesALabelItDoesNotKnowNamingTheRecord) {
  std::string csv = ::testing::TempDir() + "pc-cli-maybe-" + std::to_string(::getpid()) + ".csv";
  std::ofstream(csv) << "id,name,smiles,label\nX1,ethanol,CCO,NOT_FRS\nX2,fentanyl,CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1,MAYBE\n";
  std::string cmd = std::string(PC_BINARY) + " evaluate " + csv + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;) out.append(buf.data(), n);
  int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(out.find(":3: record 'X2': unknown label 'MAYBE'"), std::string::npos) << out;
  EXPECT_EQ(out.find("agreement"), std::string::npos) << "nothing is counted";
}

TEST(Cli, EvaluateAgreesWithTheCorpusLabels) {
  std::string dir = PC_TEST_DATA_DIR;
  auto r = Precursor("evaluate --as-of 2026-01-01 " + dir + "/corpus/positives.csv " + dir +
                     "/corpus/negatives.csv " + dir + "/corpus/precursors.csv");
  EXPECT_EQ(r.exit_code, 0);
  int argued = 0;
  for (const auto& id : kArguedLabels) argued += r.out.find("- " + id + " ") != std::string::npos;
  // "agreement: 152/152 = 100.0%" for the class, then for precursors.
  std::istringstream ss(r.out);
  std::string line;
  int blocks = 0;
  while (std::getline(ss, line)) {
    auto at = line.find("agreement: ");
    if (at == std::string::npos) continue;
    int agree = 0, total = 0;
    ASSERT_EQ(std::sscanf(line.c_str() + at, "agreement: %d/%d", &agree, &total), 2) << line;
    // The argued labels are all precursor rows (the second block).
    if (blocks == 1) agree += argued;
    EXPECT_GE(agree * 100, total * 99) << line;
    EXPECT_GT(total, 15);
    ++blocks;
  }
  EXPECT_EQ(blocks, 2) << r.out;
}

TEST(Cli, ExplainDrawsRegions) {
  std::string svg = ::testing::TempDir() + "pc-explain-" + std::to_string(::getpid()) + ".svg";
  auto r = Precursor("explain --svg " + svg + " --jurisdiction US 'CC1CN(CCc2ccccc2)CCC1N(C(=O)c1ccco1)c1ccccc1'");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("clause E"), std::string::npos);
  std::ifstream in(svg);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("<svg"), std::string::npos);
  for (const char* label : {"acyl", "aniline", "piperidine", "phenethyl", "E: "})
    EXPECT_NE(text.find(label), std::string::npos) << label;
  std::remove(svg.c_str());
}

// A near miss marks the region that kept it out (red, "fails: " and the
// reason), and every caption line fits the 640-pixel picture.
TEST(Cli, ExplainMarksWhereANearMissFails) {
  std::string svg = ::testing::TempDir() + "pc-near-" + std::to_string(::getpid()) + ".svg";
  auto r = Precursor("explain --svg " + svg + " --jurisdiction US 'CCC(=O)N(c1ccc2ccccc2c1)C1CCN(CCc2ccccc2)CC1'");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("near miss"), std::string::npos) << r.out;
  std::ifstream in(svg);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(svg.c_str());
  EXPECT_NE(text.find("fails: "), std::string::npos) << text;
  EXPECT_NE(text.find("fill='#ff6b6b'"), std::string::npos);
  EXPECT_NE(text.find("monocycle"), std::string::npos);
  // 13-pixel text at about 7 pixels a character, from x = 12 or 36.
  for (size_t at = text.find("font-size='13'"); at != std::string::npos; at = text.find("font-size='13'", at + 1)) {
    auto start = text.find('>', at) + 1, end = text.find("</text>", start);
    EXPECT_LE(end - start, 90u) << text.substr(start, end - start);
  }
}

}  // namespace

namespace {

// Precursors of fentanyl: a piperidine carrying N or O at C4, the
// structures the early-warning conversions reach (data/conversions).
bool FentanylPrecursor(const std::string& entry_id) {
  static auto registry = pc::registry::Registry::Load(PC_DATA_DIR);
  static std::unique_ptr<RDKit::RWMol> core(RDKit::SmartsToMol("[#7]1~[#6]~[#6]~[#6](~[#7,#8])~[#6]~[#6]~1"));
  const auto* e = registry->Find(entry_id);
  if (!e || !e->HasOwnStructure()) return false;
  auto mol = pc::chem::ParseSmiles(e->smiles);
  RDKit::MatchVectType match;
  return mol && RDKit::SubstructMatch(*mol.mol, *core, match);
}

// Caught and total of a row of the backtest's recall table, in its last
// column (every jurisdiction): "all families ... 94/103 (91.3%)".
std::pair<int, int> RecallRow(const std::string& out, const std::string& row) {
  std::istringstream ss(out);
  std::string line;
  while (std::getline(ss, line)) {
    if (line.rfind(row + "  ", 0) != 0) continue;
    auto open = line.rfind(" (");
    auto start = line.rfind(' ', open - 1) + 1;
    int caught = 0, total = 0;
    if (std::sscanf(line.substr(start, open - start).c_str(), "%d/%d", &caught, &total) == 2) return {caught, total};
  }
  return {-1, -1};
}

// The registry's own history: at least 90 % of the listings of structural
// precursors, over every drug family and jurisdiction, were already
// controlled or on watch the day before they took effect; so were at least
// 90 % of the fentanyl precursors'. Reagents and solvents, which no
// structure-based warning can flag, have a row of their own.
TEST(Cli, BacktestCatchesMostListingsBeforeTheyTookEffect) {
  auto r = Precursor("backtest");
  EXPECT_EQ(r.exit_code, 0);
  std::istringstream ss(r.out);
  std::string line;
  int caught = 0, total = 0;
  while (std::getline(ss, line)) {
    char date[16], code[8], entry[64], verdict[16];
    if (std::sscanf(line.c_str(), "%15s %7s %63s %15s", date, code, entry, verdict) != 4 || date[4] != '-') continue;
    if (!FentanylPrecursor(entry)) continue;
    ++total;
    if (std::string(verdict) != "clear") ++caught;
  }
  EXPECT_GE(total, 25) << r.out;
  EXPECT_GE(caught * 100, total * 90) << caught << "/" << total;
  EXPECT_NE(r.out.find("all "), std::string::npos) << r.out;
  // 1-boc-4-piperidone in the US: controlled as a carbamate of 4-piperidone before its naming.
  auto boc = r.out.find("us-listI-boc4piperidone ");
  ASSERT_NE(boc, std::string::npos) << r.out;
  auto rest = r.out.substr(boc, r.out.find('\n', boc) - boc);
  EXPECT_NE(rest.find(" controlled "), std::string::npos) << rest;
  // Every id has its own column: no id runs into the verdict.
  EXPECT_NE(r.out.find("un1988-t1-pmk-methyl-glycidate  "), std::string::npos) << r.out;
  auto [family_caught, family_total] = RecallRow(r.out, "all families");
  EXPECT_GE(family_total, 100) << r.out;
  EXPECT_GE(family_caught * 100, family_total * 90) << family_caught << "/" << family_total;
  auto [reagents_caught, reagents_total] = RecallRow(r.out, "reagents, solvents");
  auto [all_caught, all_total] = RecallRow(r.out, "all events");
  EXPECT_GT(reagents_total, 0) << r.out;
  EXPECT_EQ(family_total + reagents_total, all_total);
  EXPECT_EQ(family_caught + reagents_caught, all_caught);
  // A family the search does not reach is still a family, its events misses.
  EXPECT_NE(r.out.find("methaqualone        no        "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lysergide           yes       "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("other "), std::string::npos) << r.out;
  // 4-AP in the UN: one phenethylation from ANPP.
  EXPECT_NE(r.out.find("conversion (n_phenethylation) -> un1988-t1-anpp"), std::string::npos);
}

}  // namespace

namespace pc::testing {
namespace {

// Characters of a UTF-8 line, as a terminal counts them.
size_t Width(const std::string& line) {
  size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

TEST(Cli, TableColumnsAreAlignedAndFitTheWidth) {
  auto run = Precursor("screen --format table " + std::string(PC_TEST_DATA_DIR) + "/../../examples/seed.txt", "");
  // COLUMNS is not set by popen's shell here: the default width is 100.
  std::istringstream ss(run.out);
  std::string header, line;
  std::getline(ss, header);
  size_t verdict_at = header.find("VERDICT");
  ASSERT_NE(verdict_at, std::string::npos);
  int rows = 0;
  while (std::getline(ss, line)) {
    if (line.rfind("  ", 0) == 0) continue;  // an error's reason under its row
    ++rows;
    EXPECT_LE(Width(line), 100u) << line;
    // The id column is cut, never run into the verdict: two spaces before it.
    size_t chars = 0, i = 0;
    for (; i < line.size() && chars < verdict_at; ++i) chars += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    EXPECT_EQ(line.substr(i - 2, 2), "  ") << line;
    EXPECT_NE(line[i], ' ') << "verdict starts at the VERDICT column: " << line;
  }
  EXPECT_GE(rows, 5);
}

}  // namespace
}  // namespace pc::testing

namespace pc::testing {
namespace {

TEST(Cli, ABinaryFileIsRefusedOnceNotReadAsRecords) {
  auto run = Precursor(std::string("screen ") + PC_BINARY);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << run.out.substr(0, 300);
}

}  // namespace
}  // namespace pc::testing
