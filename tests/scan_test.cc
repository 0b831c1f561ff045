// precursor scan: mentions found in free text, with offsets into the text as
// given, screened by the real engine (registry, vocabulary, OPSIN, RDKit).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/context.h"
#include "names/name_parser.h"
#include "test_support.h"
#include "text/reader.h"
#include "text/scanner.h"

namespace pc {
namespace {

using Json = nlohmann::ordered_json;

struct ScanStack {
  std::unique_ptr<screen::Screener> screener;
  std::unique_ptr<text::MentionFinder> finder;
  std::unique_ptr<text::Scanner> scanner;
};

ScanStack MakeStack(std::shared_ptr<const screen::NameResolver> names) {
  ScanStack s;
  s.screener = std::make_unique<screen::Screener>(testing::BundledRegistry());
  s.screener->set_name_resolver(std::move(names));
  s.finder = cli::MakeMentionFinder(PC_DATA_DIR, *testing::BundledRegistry());
  s.scanner = std::make_unique<text::Scanner>(*s.screener, *s.finder);
  return s;
}

const text::Scanner& Scanner() {
  static ScanStack s = MakeStack(cli::MakeNameParser(PC_DATA_DIR, testing::BundledRegistry()));
  return *s.scanner;
}

rules::Query Query() { return rules::Query{{}, *Date::ParseDay("2026-12-01"), -1}; }

Json Scan(const std::string& text, bool html = false, const text::Scanner& scanner = Scanner()) {
  return scanner.Scan(text::MakeDocument("d", text, html, {}), Query());
}

size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

const Json* MentionAt(const Json& doc, size_t start) {
  for (const auto& m : doc["mentions"])
    if (m["start"] == start) return &m;
  return nullptr;
}

TEST(Scan, EveryRegistryNameAndSynonymIsFoundInsideText) {
  const std::string before = "Offer — ", after = " in stock, best price.";
  size_t checked = 0;
  for (const auto& e : testing::BundledRegistry()->entries()) {
    if (e.smiles.empty()) continue;
    std::vector<std::string> names = e.synonyms;
    names.push_back(e.name);
    for (const auto& name : names) {
      auto doc = Scan(before + name + after);
      SCOPED_TRACE(e.id + ": " + name);
      const Json* m = MentionAt(doc, Chars(before));
      ASSERT_TRUE(m) << doc.dump();
      EXPECT_EQ((*m)["end"], Chars(before) + Chars(name));
      EXPECT_EQ((*m)["text"], name);
      EXPECT_EQ((*m)["input_type"], "name");
      EXPECT_NE((*m)["verdict"], "clear") << doc.dump();
      ++checked;
    }
  }
  EXPECT_GT(checked, 500u);
}

TEST(Scan, EveryRegistryCasNumberIsFoundInsideText) {
  const std::string before = "货号 CAS No.: ", after = ", purity 99%.";
  size_t checked = 0;
  for (const auto& e : testing::BundledRegistry()->entries()) {
    if (!e.cas) continue;
    auto doc = Scan(before + *e.cas + after);
    SCOPED_TRACE(e.id + ": " + *e.cas);
    const Json* m = MentionAt(doc, Chars(before));
    ASSERT_TRUE(m) << doc.dump();
    EXPECT_EQ((*m)["end"], Chars(before) + e.cas->size());
    EXPECT_EQ((*m)["input_type"], "cas");
    EXPECT_NE(doc["verdict"], "clear");
    ++checked;
  }
  EXPECT_GT(checked, 50u);
}

TEST(Scan, AWrongCheckDigitIsNoMention) {
  auto doc = Scan("Part number 23056-29-4, ships in 3 days");
  EXPECT_EQ(doc["mentions"].size(), 0u) << doc.dump();
  EXPECT_EQ(doc["verdict"], "clear");
  EXPECT_EQ(Scan("4-AP CAS 23056-29-3")["mentions"].size(), 2u);
}

TEST(Scan, TheIssuesListingIsControlledWithItsFlags) {
  auto doc = Scan("Hot sale 4-AP / 4-Anilinopiperidine CAS 23056-29-3, safe delivery to USA");
  EXPECT_EQ(doc["verdict"], "controlled") << doc.dump();
  ASSERT_EQ(doc["mentions"].size(), 3u) << doc.dump();
  EXPECT_EQ(doc["mentions"][0]["text"], "4-AP");
  EXPECT_EQ(doc["mentions"][0]["start"], 9);
  EXPECT_EQ(doc["mentions"][0]["end"], 13);
  EXPECT_EQ(doc["mentions"][2]["input_type"], "cas");
  std::set<std::string> flags;
  for (const auto& f : doc["flags"]) flags.insert(f["flag"].get<std::string>() + ":" + f["value"].get<std::string>());
  EXPECT_TRUE(flags.count("stealth:safe delivery")) << doc["flags"].dump();
  EXPECT_TRUE(flags.count("destination:United States")) << doc["flags"].dump();
}

TEST(Scan, AChineseListingOf4PiperidoneHydrochlorideIsFound) {
  std::string before = "厂家直销 ";
  auto doc = Scan(before + "4-哌啶酮盐酸盐，纯度99%，包清关，安全到达墨西哥");
  EXPECT_EQ(doc["verdict"], "controlled") << doc.dump();
  const Json* m = MentionAt(doc, Chars(before));
  ASSERT_TRUE(m) << doc.dump();
  // The salt word joined to the name is part of the mention, and not a
  // second one ("盐酸", hydrochloric acid, inside "盐酸盐").
  EXPECT_EQ((*m)["text"], "4-哌啶酮盐酸盐");
  EXPECT_EQ((*m)["end"], Chars(before) + Chars("4-哌啶酮盐酸盐"));
  EXPECT_EQ(doc["mentions"].size(), 1u) << doc.dump();
  std::set<std::string> flags;
  for (const auto& f : doc["flags"]) flags.insert(f["flag"].get<std::string>());
  EXPECT_TRUE(flags.count("customs clearance"));
  EXPECT_TRUE(flags.count("stealth"));
  EXPECT_TRUE(flags.count("destination"));
}

TEST(Scan, ChineseSaltAndFormWordsJoinTheirName) {
  // From data/vocabulary/salt-words.txt: sulfate, hydrobromide, oxalate,
  // citrate, tartrate, phosphate, free base, and two in a row.
  for (std::string salt : {"硫酸盐", "氢溴酸盐", "草酸盐", "柠檬酸盐", "酒石酸盐", "磷酸盐", "游离碱", "二盐酸盐一水合物"}) {
    SCOPED_TRACE(salt);
    std::string before = "供应 ", name = "4-哌啶酮" + salt;
    auto doc = Scan(before + name + "，现货");
    ASSERT_EQ(doc["mentions"].size(), 1u) << doc.dump();
    EXPECT_EQ(doc["mentions"][0]["text"], name);
    EXPECT_EQ(doc["mentions"][0]["start"], Chars(before));
    EXPECT_EQ(doc["mentions"][0]["end"], Chars(before + name));
    EXPECT_EQ(doc["verdict"], "controlled") << doc.dump();
  }
  // ANPP under its English synonym with a Chinese salt word.
  auto anpp = Scan("4-ANPP盐酸盐 25kg");
  ASSERT_EQ(anpp["mentions"].size(), 1u) << anpp.dump();
  EXPECT_EQ(anpp["mentions"][0]["text"], "4-ANPP盐酸盐");
  EXPECT_EQ(anpp["verdict"], "controlled");
}

// The registry's ids of the duties a mention owes for `destination`.
std::set<std::string> DutiesFor(const Json& mention, const std::string& destination) {
  std::set<std::string> ids;
  for (const auto& o : mention["obligations"])
    if (o["destination"] == destination && o["entry"].is_string()) ids.insert(o["entry"].get<std::string>());
  return ids;
}

TEST(Scan, ANamedDestinationGetsItsExportDuties) {
  // China's specific-country catalogue: since 10 Nov 2025 exports to the
  // United States, Mexico and Canada; since 2005 to Myanmar, Laos and
  // Afghanistan. Its chemicals are not known, so the duty is "unknown" -
  // but only for the destinations it binds.
  auto usa = Scan("4-ANPP 99%, 25 kg drums, fast delivery to USA");
  ASSERT_EQ(usa["verdict"], "controlled") << usa.dump();
  const Json& m = usa["mentions"][0];
  ASSERT_TRUE(m.contains("obligations")) << m.dump();
  auto us = DutiesFor(m, "US");
  EXPECT_TRUE(us.count("cn-export-specific-na-2025")) << m["obligations"].dump();
  EXPECT_FALSE(us.count("cn-export-specific-2005")) << m["obligations"].dump();
  for (const auto& o : m["obligations"])
    if (o["entry"] == "cn-export-specific-na-2025") {
      EXPECT_EQ(o["jurisdiction"], "CN");
      EXPECT_EQ(o["obligation"], "export_licence");
      EXPECT_EQ(o["duty"], "unknown") << "the 13 chemicals are not known: never \"not required\"";
    }
  // The destination flag carries its country code.
  bool flagged = false;
  for (const auto& f : usa["flags"]) flagged |= f["flag"] == "destination" && f.value("country", "") == "US";
  EXPECT_TRUE(flagged) << usa["flags"].dump();

  // Myanmar (in Chinese): the 2005 catalogue, not the North American one.
  auto mm = Scan("4-ANPP 现货，安全到达缅甸");
  ASSERT_EQ(mm["verdict"], "controlled") << mm.dump();
  auto burma = DutiesFor(mm["mentions"][0], "MM");
  EXPECT_TRUE(burma.count("cn-export-specific-2005")) << mm["mentions"][0].dump();
  EXPECT_FALSE(burma.count("cn-export-specific-na-2025"));

  // Germany: neither catalogue; two destinations: each its own duties.
  auto de = Scan("4-ANPP 99%, shipping to Germany");
  auto german = DutiesFor(de["mentions"][0], "DE");
  EXPECT_FALSE(german.count("cn-export-specific-2005"));
  EXPECT_FALSE(german.count("cn-export-specific-na-2025"));
  auto both = Scan("4-ANPP 99%, we ship to Germany and Mexico");
  EXPECT_TRUE(DutiesFor(both["mentions"][0], "MX").count("cn-export-specific-na-2025")) << both.dump();
  EXPECT_FALSE(DutiesFor(both["mentions"][0], "DE").count("cn-export-specific-na-2025"));

  // No destination: no transaction, no duties; a region names no country.
  EXPECT_FALSE(Scan("4-ANPP 99%, 25 kg drums")["mentions"][0].contains("obligations"));
  EXPECT_FALSE(Scan("4-ANPP 99%, delivery to Europe")["mentions"][0].contains("obligations"));
  // A clear mention owes nothing wherever it goes.
  EXPECT_FALSE(Scan("Ethanol 99%, delivery to USA")["mentions"][0].contains("obligations"));
}

TEST(Scan, HtmlTagsAndEntitiesNeitherHideNorInventMentions) {
  // An inline tag inside a word does not hide it; offsets point into the HTML.
  std::string page = "<html><body><p>Hot <b>fent</b>anyl &amp; 4&#45;ANPP</p></body></html>";
  auto doc = Scan(page, true);
  ASSERT_EQ(doc["mentions"].size(), 2u) << doc.dump();
  EXPECT_EQ(doc["mentions"][0]["start"], page.find("fent"));
  EXPECT_EQ(doc["mentions"][0]["end"], page.find("anyl") + 4);
  EXPECT_EQ(doc["mentions"][1]["start"], page.find("4&#45;ANPP"));
  EXPECT_EQ(doc["mentions"][1]["end"], page.find("4&#45;ANPP") + std::string("4&#45;ANPP").size());
  EXPECT_EQ(doc["verdict"], "controlled");
  // Attributes, scripts, styles and comments are not text: nothing invented.
  std::string quiet = "<html><head><style>.fentanyl{}</style><script>var x='fentanyl 437-38-7';</script></head>"
                      "<body><!-- fentanyl --><img alt=\"fentanyl\" title=\"4-ANPP\"><p>Glass beaker, 500 mL</p>"
                      "<p>Fen</p><p>tanyl</p></body></html>";
  auto q = Scan(quiet, true);
  EXPECT_EQ(q["mentions"].size(), 0u) << q.dump();
  EXPECT_EQ(q["verdict"], "clear");
  // As plain text the same markup would be read as it stands.
  EXPECT_GT(Scan(quiet)["mentions"].size(), 0u);
}

TEST(Scan, ObfuscatedSpellingsAreFoundAndFlagged) {
  for (std::string s : {"fent@nyl", "f e n t a n y l", "FENT4NYL", "carf3ntanil", "4ANPP", "4 ANPP"}) {
    auto doc = Scan("Buy " + s + " now");
    SCOPED_TRACE(s);
    ASSERT_EQ(doc["mentions"].size(), 1u) << doc.dump();
    EXPECT_EQ(doc["mentions"][0]["start"], 4);
    EXPECT_EQ(doc["mentions"][0]["end"], 4 + s.size());
    EXPECT_EQ(doc["verdict"], "controlled");
  }
  EXPECT_TRUE(Scan("Buy fent@nyl now")["mentions"][0].value("obfuscated", false));
  EXPECT_TRUE(Scan("Buy f e n t a n y l now")["mentions"][0].value("obfuscated", false));
  EXPECT_FALSE(Scan("Buy fentanyl now")["mentions"][0].value("obfuscated", false));
  EXPECT_FALSE(Scan("Buy 4 ANPP now")["mentions"][0].value("obfuscated", false));
}

TEST(Scan, SmilesInTextAreScreened) {
  auto doc = Scan("We sell O=C1CCN(CCc2ccccc2)CC1 in bulk");
  ASSERT_EQ(doc["mentions"].size(), 1u) << doc.dump();
  EXPECT_EQ(doc["mentions"][0]["input_type"], "smiles");
  EXPECT_EQ(doc["mentions"][0]["start"], 8);
  EXPECT_EQ(doc["verdict"], "controlled");
}

TEST(Scan, SystematicNamesAreReadByOpsin) {
  std::string text = "New stock: benzyl 4-(phenylamino)piperidine-1-carboxylate, 1 kg.";
  auto doc = Scan(text);
  ASSERT_EQ(doc["mentions"].size(), 1u) << doc.dump();
  EXPECT_EQ(doc["mentions"][0]["text"], "benzyl 4-(phenylamino)piperidine-1-carboxylate");
  EXPECT_EQ(doc["mentions"][0]["start"], text.find("benzyl"));
  EXPECT_EQ(doc["mentions"][0]["source"], "opsin");
  EXPECT_NE(doc["verdict"], "clear");
}

TEST(Scan, OrdinarySolventAndGlasswareListingsAreClear) {
  for (std::string s :
       {"Laboratory glassware set: 500 mL beakers, Erlenmeyer flasks, burettes and pipettes. Free shipping.",
        "Ethanol 99.5% and isopropyl alcohol, 2.5 L bottles, analytical grade",
        "Sodium chloride, 25 kg bag; caustic soda flakes; distilled water",
        "<p>Borosilicate <b>round-bottom flask</b> 250&nbsp;mL &ndash; best price</p>",
        "乙醇 99.5% 分析纯，玻璃烧杯 500 mL"}) {
    auto doc = Scan(s, s.front() == '<');
    EXPECT_EQ(doc["verdict"], "clear") << s << "\n" << doc.dump();
  }
}

TEST(Scan, OpsinAbsentLeavesASystematicNameUnresolvedWithTheReason) {
  names::OpsinOptions opsin;
  opsin.java = "/nonexistent/bin/java";
  auto registry = testing::BundledRegistry();
  auto vocabulary = names::NameVocabulary::Load(std::string(PC_DATA_DIR) + "/vocabulary/names.json", *registry);
  auto stack = MakeStack(std::make_shared<names::NameParser>(registry, std::move(vocabulary), opsin));
  auto doc = Scan("benzyl 4-(phenylamino)piperidine-1-carboxylate, 99%", false, *stack.scanner);
  EXPECT_EQ(doc["verdict"], "unresolved") << doc.dump();
  ASSERT_EQ(doc["mentions"].size(), 1u);
  EXPECT_EQ(doc["mentions"][0]["verdict"], "unresolved");
  EXPECT_NE(doc["mentions"][0]["explanation"].get<std::string>().find("unavailable"), std::string::npos);
  // Registry names still read without OPSIN.
  EXPECT_EQ(Scan("fentanyl citrate", false, *stack.scanner)["verdict"], "controlled");
}

TEST(Scan, BadDocumentsAreErrorsAndTheOthersStillComeOut) {
  auto dir = std::filesystem::temp_directory_path() / ("pc-scan-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "binary.bin", std::ios::binary) << std::string("\x7f" "ELF\0\0\x01", 7);
  std::ofstream(dir / "latin1.txt", std::ios::binary) << "Caf\xe9 fentanyl";
  std::ofstream(dir / "huge.txt") << std::string(2u << 20, 'x');
  std::ofstream(dir / "docs.jsonl") << R"({"id":"a","text":"4-ANPP 1 kg"})" "\n"
                                    << "{not json\n"
                                    << R"({"id":"c"})" "\n"
                                    << R"({"id":"d","text":"<p>fentanyl</p>","html":true})" "\n";
  std::ofstream(dir / "docs.csv") << "id,text\nx1,\"Glass beaker, 500 mL\"\nx2,\"NPP, 5 kg\"\n";
  std::vector<Json> out;
  std::istringstream none;
  for (const char* f : {"binary.bin", "latin1.txt", "huge.txt", "missing.txt", "docs.jsonl", "docs.csv"})
    text::ReadDocuments((dir / f).string(), none, {}, [&](text::Document& d) { out.push_back(Scanner().Scan(d, Query())); });
  ASSERT_EQ(out.size(), 10u);
  EXPECT_EQ(out[0]["verdict"], "error");
  EXPECT_NE(out[0]["error"].get<std::string>().find("binary"), std::string::npos);
  EXPECT_EQ(out[1]["verdict"], "error");
  EXPECT_NE(out[1]["error"].get<std::string>().find("not UTF-8"), std::string::npos);
  EXPECT_EQ(out[2]["verdict"], "error");
  EXPECT_EQ(out[3]["verdict"], "error");
  EXPECT_EQ(out[4]["id"], "a");
  EXPECT_EQ(out[4]["verdict"], "controlled");
  EXPECT_EQ(out[5]["verdict"], "error");
  EXPECT_EQ(out[6]["verdict"], "error");
  EXPECT_EQ(out[6]["id"], "c");
  EXPECT_EQ(out[7]["verdict"], "controlled");
  EXPECT_EQ(out[8]["id"], "x1");
  EXPECT_EQ(out[8]["verdict"], "clear");
  EXPECT_EQ(out[9]["verdict"], "controlled");
  std::filesystem::remove_all(dir);
}

TEST(Scan, TheCommandReadsStandardInputAndWritesOneLinePerDocument) {
  auto in = std::filesystem::temp_directory_path() / ("pc-scan-in-" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(in) << R"({"id":"1","text":"PMK glycidate, stealth shipping to Canada"})" "\n"
                    << R"({"id":"2","text":"Beakers and flasks"})" "\n";
  std::string cmd = std::string(PC_BINARY) + " scan --as-of 2026-12-01 - < " + in.string() + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_TRUE(pipe);
  std::string output;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  EXPECT_EQ(pclose(pipe), 0);
  std::istringstream lines(output);
  std::string line;
  std::vector<nlohmann::json> docs;
  while (std::getline(lines, line)) docs.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(docs.size(), 2u) << output;
  EXPECT_EQ(docs[0]["verdict"], "controlled");
  EXPECT_EQ(docs[1]["verdict"], "clear");
  std::filesystem::remove(in);
}

// Scanning on several threads changes nothing but the speed: the same
// output, in input order, over batches (512 documents for two jobs) and an
// error document among them.
TEST(Scan, SeveralJobsWriteWhatOneJobWritesInOrder) {
  auto in = std::filesystem::temp_directory_path() / ("pc-scan-jobs-" + std::to_string(::getpid()) + ".jsonl");
  {
    const char* texts[] = {"Hot sale 4-AP / 4-Anilinopiperidine CAS 23056-29-3, safe delivery to USA",
                           "Glass beakers, 500 mL, borosilicate", "4-哌啶酮盐酸盐，包清关，安全到达墨西哥",
                           "We sell O=C1CCN(CCc2ccccc2)CC1 in bulk", "paracetamol tablets, ethanol 99%"};
    std::ofstream out(in);
    for (int i = 0; i < 1200; ++i) {
      if (i == 700) {
        out << "{not json\n";
        continue;
      }
      out << nlohmann::json{{"id", "doc-" + std::to_string(i)}, {"text", texts[i % 5]}}.dump() << "\n";
    }
  }
  auto run = [&](int jobs) {
    std::string cmd = std::string(PC_BINARY) + " scan --jobs " + std::to_string(jobs) + " --as-of 2026-12-01 " +
                      in.string() + " 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string output;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
    EXPECT_EQ(WEXITSTATUS(pclose(pipe)), 1) << "one document is an error";
    return output;
  };
  std::string one = run(1), two = run(2), three = run(3);
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 1200);
  EXPECT_EQ(two, one);
  EXPECT_EQ(three, one);
  std::filesystem::remove(in);
}

}  // namespace
}  // namespace pc
