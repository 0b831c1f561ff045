// Names to structures: the registry's synonyms, the vocabulary of everyday
// names, and OPSIN as one helper process; and what happens when the helper
// is missing, hangs or dies (unresolved with a reason, never clear).
#include <signal.h>
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

TEST(Names, AHelperThatHangsIsStoppedRestartedOnceThenLeftDownForItsBackOff) {
  names::OpsinOptions opsin;
  opsin.java = FakeJava("hang", "sleep 30");
  opsin.startup_timeout = std::chrono::milliseconds(500);
  opsin.retry_after = std::chrono::hours(1);  // no retry within this test
  auto parser = ParserWith(opsin);
  auto t0 = std::chrono::steady_clock::now();
  auto readings = parser->Resolve({"paracetamol"});
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_FALSE(readings[0].ok());
  EXPECT_TRUE(readings[0].unavailable);
  EXPECT_NE(readings[0].reason.find("did not answer"), std::string::npos) << readings[0].reason;
  EXPECT_EQ(parser->helper_starts(), 2);  // the first and one restart
  // Down for its back-off: answered at once, no third helper.
  auto again = parser->Resolve({"ethanol"});
  EXPECT_TRUE(again[0].unavailable);
  EXPECT_NE(again[0].reason.find("tried again in"), std::string::npos) << again[0].reason;
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

TEST(Names, AKilledHelperIsReplacedAtOnce) {
  auto parser = ParserWith({});
  ASSERT_TRUE(parser->Resolve({"ethanol"})[0].ok());
  pid_t first = parser->helper_pid();
  ASSERT_GT(first, 0);
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  // The dead helper is noticed on the next name and a fresh one answers it.
  auto r = parser->Resolve({"propan-1-ol"});
  ASSERT_TRUE(r[0].ok()) << r[0].reason;
  EXPECT_EQ(r[0].smiles, "C(CC)O");
  EXPECT_EQ(parser->helper_starts(), 2);
  EXPECT_NE(parser->helper_pid(), first);
  EXPECT_EQ(parser->retry_delay().count(), 0);
}

// A server's OPSIN broken for a while (a jar being replaced, a JVM that
// cannot start) is retried after a delay that doubles up to a cap, and
// reads names again once it works; meanwhile every name is unresolved with
// the reason. A clock of the test's own makes the back-off deterministic.
TEST(Names, ABrokenHelperIsRetriedWithBackOffAndRecovers) {
  auto broken = std::filesystem::temp_directory_path() / ("pc-opsin-broken-" + std::to_string(::getpid()));
  std::ofstream(broken) << "x";
  names::OpsinOptions opsin;
  opsin.java = FakeJava("broken", "if [ -e " + broken.string() + " ]; then echo 'Error: Unable to access jarfile' >&2; "
                                  "exit 1; fi; exec java \"$@\"");
  opsin.retry_after = std::chrono::seconds(10);
  opsin.max_retry_after = std::chrono::seconds(40);
  auto now = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::time_point{});
  auto registry = testing::BundledRegistry();
  auto parser = std::make_shared<names::NameParser>(
      registry, names::NameVocabulary::Load(std::string(PC_DATA_DIR) + "/vocabulary/names.json", *registry), opsin,
      [now] { return *now; });
  screen::Screener screener(registry);
  screener.set_name_resolver(parser);
  using std::chrono::seconds;

  // Down: a start and one immediate restart, then the first delay.
  auto r = ScreenName(screener, "paracetamol");
  EXPECT_EQ(r.status, Status::kUnresolved);
  EXPECT_FALSE(r.verdict);
  EXPECT_NE(r.error.find("unavailable"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("jarfile"), std::string::npos) << r.error;
  EXPECT_EQ(parser->helper_starts(), 2);
  EXPECT_EQ(parser->retry_delay(), seconds(10));
  // Within the delay nothing is started; the name says when OPSIN is tried.
  auto failed_at = *now;
  *now = failed_at + seconds(9);
  auto waiting = parser->Resolve({"ethanol"});
  EXPECT_TRUE(waiting[0].unavailable);
  EXPECT_NE(waiting[0].reason.find("tried again in 1 s"), std::string::npos) << waiting[0].reason;
  EXPECT_EQ(parser->helper_starts(), 2);
  // Due: one try, which fails, and the delay doubles (10, 20, 40, 40: capped).
  using Step = std::pair<seconds, seconds>;  // the delay waited, the next one
  for (auto [wait, next] : {Step{seconds(10), seconds(20)}, Step{seconds(20), seconds(40)}, Step{seconds(40), seconds(40)}}) {
    int starts = parser->helper_starts();
    *now = failed_at + wait - seconds(1);
    EXPECT_TRUE(parser->Resolve({"ethanol"})[0].unavailable);
    EXPECT_EQ(parser->helper_starts(), starts) << "no try before the delay is over";
    *now = failed_at + wait;
    EXPECT_TRUE(parser->Resolve({"ethanol"})[0].unavailable);
    EXPECT_EQ(parser->helper_starts(), starts + 1) << "one try when it is";
    EXPECT_EQ(parser->retry_delay(), next);
    failed_at = *now;
  }
  // Repaired: the next try after the delay reads names again, and the
  // back-off is forgotten.
  std::filesystem::remove(broken);
  EXPECT_TRUE(parser->Resolve({"ethanol"})[0].unavailable);  // still within the delay
  *now = failed_at + seconds(40);
  auto back = ScreenName(screener, "paracetamol");
  ASSERT_EQ(back.status, Status::kOk) << back.error;
  EXPECT_EQ(back.structure_source, "opsin");
  EXPECT_EQ(*back.verdict, Verdict::kClear);
  EXPECT_EQ(parser->retry_delay().count(), 0);
  // Killed while up: replaced at once, no waiting.
  int starts = parser->helper_starts();
  ASSERT_EQ(::kill(parser->helper_pid(), SIGKILL), 0);
  auto again = parser->Resolve({"propan-2-ol"});
  ASSERT_TRUE(again[0].ok()) << again[0].reason;
  EXPECT_EQ(parser->helper_starts(), starts + 1);
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

TEST(Names, ChineseSaltWordsJoinedToANameAreReadAsItsSalt) {
  const auto& names = testing::BundledRegistry()->names();
  auto base = names.Normalize("4-哌啶酮");
  auto salt = names.Normalize("4-哌啶酮二盐酸盐一水合物");
  EXPECT_EQ(salt.key, base.key);
  EXPECT_EQ(salt.salt_words, (std::vector<std::string>{"dihydrochloride", "monohydrate"}));
  EXPECT_EQ(names.Normalize("4-哌啶酮 盐酸盐").salt_words, std::vector<std::string>{"hydrochloride"});
  // A joined word alone is no name with a salt.
  EXPECT_TRUE(names.Normalize("盐酸盐").salt_words.empty());
  // Screened as the salt: the named counter-ion is a removed fragment (so
  // the listing's "salts" clause must apply); a hydrate is water.
  using Case = std::pair<std::string, std::string>;  // the name, a fragment it removes
  for (auto [name, fragment] : {Case{"4-哌啶酮硫酸盐", "sulfate (named)"}, Case{"4-哌啶酮柠檬酸盐", "citrate (named)"},
                                Case{"4-哌啶酮一水合物", "O"}}) {
    SCOPED_TRACE(name);
    auto r = ScreenName(NamedScreener(), name);
    ASSERT_EQ(r.status, Status::kOk) << r.error;
    EXPECT_EQ(r.structure_source, "registry");
    EXPECT_EQ(*r.verdict, Verdict::kControlled);
    EXPECT_NE(std::find(r.removed_fragments.begin(), r.removed_fragments.end(), fragment), r.removed_fragments.end())
        << ::testing::PrintToString(r.removed_fragments);
  }
  // The file says what each joined word means, or it is refused.
  auto path = std::filesystem::temp_directory_path() / ("pc-salt-words-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(path) << "hydrochloride\n盐酸盐\n";
  EXPECT_THROW(chem::NameNormalizer::FromFile(path.string()), Error);
  std::ofstream(path) << "hydrochloride\n盐酸盐 chlorhydrate\n";
  EXPECT_THROW(chem::NameNormalizer::FromFile(path.string()), Error);
  std::ofstream(path) << "hydrochloride\n盐酸盐 hydrochloride\n";
  EXPECT_EQ(chem::NameNormalizer::FromFile(path.string()).joined_salt_words().size(), 1u);
  std::filesystem::remove(path);
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
