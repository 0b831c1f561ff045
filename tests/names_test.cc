// Names to structures: the registry's synonyms, the vocabulary of everyday
// names, and OPSIN as one helper process; and what happens when the helper
// is missing, hangs or dies (unresolved with a reason, never clear).
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/context.h"
#include "names/name_parser.h"
#include "test_support.h"

namespace pc {
namespace {

using rules::Status;
using rules::Verdict;

const screen::Screener& NamedScreener() {
  static auto* s = [] {
    auto* screener = new screen::Screener(testing::BundledRegistry());
    screener->set_name_resolver(cli::MakeNameParser(PC_DATA_DIR, testing::BundledRegistry()));
    return screener;
  }();
  return *s;
}

rules::ScreenResult ScreenName(const screen::Screener& screener, const std::string& text,
                               screen::InputHint hint = screen::InputHint::kAuto) {
  screen::InputRecord record;
  record.id = "t";
  record.text = text;
  record.hint = hint;
  rules::Query query{{}, *Date::ParseDay("2026-12-01"), -1};
  return screener.Screen(record, query);
}

std::shared_ptr<names::NameParser> ParserWith(names::OpsinOptions opsin) {
  auto registry = testing::BundledRegistry();
  auto vocabulary = names::NameVocabulary::Load(std::string(PC_DATA_DIR) + "/vocabulary/names.json", *registry);
  return std::make_shared<names::NameParser>(registry, std::move(vocabulary), opsin);
}

// A stand-in for java that behaves badly, written to a temporary file.
std::string FakeJava(const std::string& name, const std::string& body) {
  auto path = std::filesystem::temp_directory_path() / ("pc-fake-java-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path.string();
}

TEST(Names, SystematicAndEverydayNamesResolveThroughTheScreenCommandsPath) {
  struct Case {
    const char* name;
    const char* source;
    bool controlled;
  };
  for (const Case& c : {Case{"1-phenylpropan-2-one", "registry", true},
                        Case{"(1R,2S)-2-(methylamino)-1-phenylpropan-1-ol", "registry", true},
                        Case{"paracetamol", "opsin", false},
                        Case{"benzyl 4-(phenylamino)piperidine-1-carboxylate", "opsin", false},
                        Case{"ethanol", "opsin", false},
                        Case{"caustic soda", "vocabulary", false},
                        Case{"acetaminophen", "vocabulary", false},
                        Case{"Boc-4-AP", "vocabulary", true}}) {
    SCOPED_TRACE(c.name);
    std::cerr << "screening " << c.name << "\n";
    auto r = ScreenName(NamedScreener(), c.name);
    ASSERT_EQ(r.status, Status::kOk) << r.error;
    EXPECT_EQ(r.input_type, "name");
    EXPECT_EQ(r.structure_source, c.source);
    auto j = rules::ToJson(r);
    EXPECT_EQ(j["structure"]["source"], c.source);
    if (c.controlled) {
      EXPECT_EQ(*r.verdict, Verdict::kControlled);
    }
  }
  // The everyday names read as the structures their systematic names give.
  EXPECT_EQ(ScreenName(NamedScreener(), "acetaminophen").components,
            ScreenName(NamedScreener(), "paracetamol").components);
  EXPECT_EQ(ScreenName(NamedScreener(), "paracetamol").components.front(), "CC(=O)Nc1ccc(O)cc1");
}

TEST(Names, BenzylCarbamateOf4APIsNotClear) {
  // Cbz-protected 4-anilinopiperidine: one deprotection from 4-AP, so the
  // engine must at least watch it.
  auto r = ScreenName(NamedScreener(), "benzyl 4-(phenylamino)piperidine-1-carboxylate");
  ASSERT_EQ(r.status, Status::kOk) << r.error;
  EXPECT_NE(*r.verdict, Verdict::kClear);
}

TEST(Names, ANameNoResolverReadsIsUnresolvedWithOpsinsReason) {
  auto r = ScreenName(NamedScreener(), "glorp fizzbang", screen::InputHint::kName);
  EXPECT_EQ(r.status, Status::kUnresolved);
  EXPECT_FALSE(r.verdict);
  EXPECT_NE(r.error.find("OPSIN could not read it"), std::string::npos) << r.error;
}

TEST(Names, JavaMissingGivesUnresolvedWithTheReason) {
  screen::Screener screener(testing::BundledRegistry());
  names::OpsinOptions opsin;
  opsin.java = "/nonexistent/bin/java";
  screener.set_name_resolver(ParserWith(opsin));
  auto r = ScreenName(screener, "benzyl 4-(phenylamino)piperidine-1-carboxylate");
  EXPECT_EQ(r.status, Status::kUnresolved);
  EXPECT_FALSE(r.verdict);
  EXPECT_NE(r.error.find("unavailable"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("/nonexistent/bin/java"), std::string::npos) << r.error;
  // The registry's synonyms and the vocabulary's entries still read.
  EXPECT_EQ(ScreenName(screener, "4-ANPP").status, Status::kOk);
  EXPECT_EQ(ScreenName(screener, "Boc-4-AP").status, Status::kOk) << ScreenName(screener, "Boc-4-AP").error;
}

TEST(Names, OpsinJarMissingGivesUnresolvedWithJavasComplaint) {
  screen::Screener screener(testing::BundledRegistry());
  names::OpsinOptions opsin;
  opsin.jar = "/nonexistent/opsin-cli.jar";
  screener.set_name_resolver(ParserWith(opsin));
  auto r = ScreenName(screener, "paracetamol");
  EXPECT_EQ(r.status, Status::kUnresolved);
  EXPECT_NE(r.error.find("unavailable"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("jarfile"), std::string::npos) << r.error;
}

TEST(Names, AHelperThatHangsIsStoppedRestartedOnceThenLeftDown) {
  names::OpsinOptions opsin;
  opsin.java = FakeJava("hang", "sleep 30");
  opsin.startup_timeout = std::chrono::milliseconds(500);
  auto parser = ParserWith(opsin);
  auto t0 = std::chrono::steady_clock::now();
  auto readings = parser->Resolve({"paracetamol"});
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_FALSE(readings[0].ok());
  EXPECT_TRUE(readings[0].unavailable);
  EXPECT_NE(readings[0].reason.find("did not answer"), std::string::npos) << readings[0].reason;
  EXPECT_EQ(parser->helper_starts(), 2);  // the first and one restart
  // Down for the rest of the run: answered at once, no third helper.
  auto again = parser->Resolve({"ethanol"});
  EXPECT_TRUE(again[0].unavailable);
  EXPECT_EQ(parser->helper_starts(), 2);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

TEST(Names, AHelperThatDiesAfterStartingIsReportedWithItsExitStatus) {
  names::OpsinOptions opsin;
  opsin.java = FakeJava("die", "read l; printf 'C\\tmethane\\n'; exit 3");
  auto parser = ParserWith(opsin);
  auto readings = parser->Resolve({"paracetamol", "ethanol"});
  ASSERT_EQ(readings.size(), 2u);
  for (const auto& r : readings) {
    EXPECT_TRUE(r.unavailable);
    EXPECT_NE(r.reason.find("exited with status 3"), std::string::npos) << r.reason;
  }
}

TEST(Names, AHelperThatRestartsAfterOneCrashKeepsReading) {
  // The first helper dies on its first name; the restarted one is real OPSIN.
  auto flag = std::filesystem::temp_directory_path() / ("pc-crashed-once-" + std::to_string(::getpid()));
  std::filesystem::remove(flag);
  names::OpsinOptions opsin;
  opsin.java = FakeJava("once", "if [ ! -e " + flag.string() + " ]; then touch " + flag.string() +
                                    "; read l; printf 'C\\tmethane\\n'; exit 1; fi; exec java \"$@\"");
  auto parser = ParserWith(opsin);
  auto readings = parser->Resolve({"paracetamol"});
  ASSERT_TRUE(readings[0].ok()) << readings[0].reason;
  EXPECT_EQ(readings[0].source, "opsin");
  EXPECT_EQ(parser->helper_starts(), 2);
  std::filesystem::remove(flag);
}

TEST(Names, NamesThatWouldBreakTheProtocolAreRefusedNotSent) {
  auto parser = ParserWith({});
  auto readings = parser->Resolve({"ethanol\nmethanol", "", std::string(2000, 'a')});
  for (const auto& r : readings) {
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.reason.empty());
  }
}

TEST(Names, OneHelperServesABatchInOrder) {
  auto parser = ParserWith({});
  std::vector<std::string> batch;
  for (int i = 0; i < 100; ++i) batch.push_back(i % 2 ? "ethanol" : "propan-2-ol");
  batch.push_back("not a chemical at all");
  auto readings = parser->Resolve(batch);
  ASSERT_EQ(readings.size(), batch.size());
  EXPECT_EQ(readings[1].smiles, "C(C)O");
  EXPECT_FALSE(readings.back().ok());
  EXPECT_EQ(parser->helper_starts(), 1);
}

TEST(Names, VocabularyRefusesATermForAnEntryTheRegistryLacks) {
  auto path = std::filesystem::temp_directory_path() / ("pc-vocab-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"terms":[{"term":"foo","entry":"no-such-entry","note":"x"}]})";
  EXPECT_THROW(names::NameVocabulary::Load(path, *testing::BundledRegistry()), registry::RegistryError);
  std::ofstream(path) << R"({"terms":[{"term":"4-ANPP","entry":"un1988-t1-anpp","note":"x"}]})";
  EXPECT_THROW(names::NameVocabulary::Load(path, *testing::BundledRegistry()), registry::RegistryError);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pc
