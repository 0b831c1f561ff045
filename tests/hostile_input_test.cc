// No input trick gives a false clear, and no input costs without bound:
// text after a structure, control characters, over-long lines and molfiles
// whose counts line lies are read by a documented rule or refused with a
// reason, in the parser, the readers and the screener; an input beyond the
// screening budget (rings, the early-warning search) is an error with its
// reason, never clear (issue 20, items 2 and 3).
#include <sstream>

#include "test_support.h"

namespace pc::testing {
namespace {

const std::string kFentanyl = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1";

std::vector<screen::InputRecord> ReadText(const std::string& text, screen::InputFormat format,
                                          const std::string& name) {
  std::istringstream in(text);
  auto reader = screen::OpenReader(in, format, name);
  std::vector<screen::InputRecord> out;
  screen::InputRecord r;
  while (reader->Next(r)) out.push_back(r);
  return out;
}

TEST(SmilesText, TextAfterWhiteSpaceIsRefusedNotReadAsAName) {
  // RDKit alone reads "C <fentanyl>" as methane named "<fentanyl>".
  for (const std::string sep : {" ", "\t", "  "}) {
    auto parsed = chem::ParseSmiles("C" + sep + kFentanyl);
    EXPECT_FALSE(parsed) << "separator '" << sep << "'";
    EXPECT_NE(parsed.error.find("text after the SMILES 'C'"), std::string::npos) << parsed.error;
  }
  EXPECT_EQ(chem::ParseSmilesRaw("C " + kFentanyl), nullptr);
}

TEST(SmilesText, ACxSmilesExtensionIsStillRead) {
  auto parsed = chem::ParseSmiles("CC(C)O |$;;label;$|");
  ASSERT_TRUE(parsed) << parsed.error;
  EXPECT_EQ(parsed.mol->getNumAtoms(), 4u);
}

TEST(SmilesText, AnExtensionRDKitCannotReadIsRefusedNotDropped) {
  // Read leniently, "C |<fentanyl>|" is methane with an ignored extension.
  EXPECT_FALSE(chem::ParseSmiles("C |" + kFentanyl + "|"));
  EXPECT_FALSE(chem::ParseSmiles("CC |foo|"));
  auto r = Screen("C |" + kFentanyl + "|", "2026-01-01");
  EXPECT_EQ(r.status, rules::Status::kError) << r.error;
  EXPECT_FALSE(r.verdict.has_value());
}

TEST(SmilesText, ControlCharactersAreRefusedWithTheirPosition) {
  auto parsed = chem::ParseSmiles(std::string("C\0", 2) + kFentanyl);
  EXPECT_FALSE(parsed);
  EXPECT_NE(parsed.error.find("U+0000 at position 2"), std::string::npos) << parsed.error;
  EXPECT_FALSE(chem::ParseSmiles("CC\x01O"));
}

TEST(Screen, AStructureWithTextAfterItIsAnErrorNeverClear) {
  for (const std::string& input :
       {"C " + kFentanyl, "C\t" + kFentanyl, std::string("C\0", 2) + kFentanyl, "CCO\x7f" + kFentanyl}) {
    auto r = Screen(input, "2026-01-01");
    EXPECT_EQ(r.status, rules::Status::kError) << input;
    EXPECT_FALSE(r.verdict.has_value()) << input;
    EXPECT_FALSE(r.error.empty());
  }
  // The same structure alone is controlled, and a name with spaces is still a name.
  EXPECT_EQ(*Screen(kFentanyl, "2026-01-01").verdict, rules::Verdict::kControlled);
  auto named = Screen("blue widget compound", "2026-01-01");
  EXPECT_NE(named.status, rules::Status::kOk) << "unknown spaced name: unresolved, not clear";
}

TEST(Readers, ALineIsAStructureAndAnIdAfterATabNothingElse) {
  auto records = ReadText(kFentanyl + "\tF1\nC " + kFentanyl + "\tF2\n", screen::InputFormat::kLines, "a.smi");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, "F1");
  EXPECT_EQ(*BundledScreener().Screen(records[0], {{}, *Date::ParseDay("2026-01-01"), -1}).verdict,
            rules::Verdict::kControlled);
  auto second = BundledScreener().Screen(records[1], {{}, *Date::ParseDay("2026-01-01"), -1});
  EXPECT_EQ(second.status, rules::Status::kError);
  EXPECT_NE(second.error.find("text after the SMILES"), std::string::npos) << second.error;
}

TEST(Readers, AnOverlongLineIsReportedWithoutStoppingTheFile) {
  std::string huge(6u << 20, 'C');  // beyond the 4 MiB record limit
  auto records = ReadText("CCO\tbefore\n" + huge + "\tbig\nCCN\tafter\n", screen::InputFormat::kLines, "a.smi");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_TRUE(records[0].read_error.empty());
  EXPECT_NE(records[1].read_error.find("longer than"), std::string::npos);
  EXPECT_LE(records[1].text.size(), 4u << 20) << "the line is not kept whole";
  EXPECT_EQ(records[2].id, "after");
  EXPECT_EQ(records[2].text, "CCN");
}

TEST(Molfile, ACountsLineBeyondTheLinesPresentIsRefusedUnread) {
  // 172 bytes claiming 20 million atoms: RDKit would reserve for all of them.
  const std::string v3000 =
      "\n  fake\n\n  0  0  0  0  0  0            999 V3000\nM  V30 BEGIN CTAB\n"
      "M  V30 COUNTS 20000000 0 0 0 0\nM  V30 END CTAB\nM  END\n";
  auto parsed = chem::ParseMolBlock(v3000);
  EXPECT_FALSE(parsed);
  EXPECT_NE(parsed.error.find("claims 20000000 atoms"), std::string::npos) << parsed.error;
  const std::string v2000 = "\n  fake\n\n999999999  0  0  0  0  0            999 V2000\nM  END\n";
  auto v2 = chem::ParseMolBlock(v2000);
  EXPECT_FALSE(v2);
  // Counts whose sum wraps around 2^64 are still refused.
  EXPECT_FALSE(chem::ParseMolBlock(
      "\n  fake\n\n  0  0  0  0  0  0            999 V3000\nM  V30 BEGIN CTAB\n"
      "M  V30 COUNTS 18446744073709551615 2 0 0 0\nM  V30 END CTAB\nM  END\n"));
  // A counts line too short for its columns is RDKit's to report, not a crash.
  for (const std::string shortline : {"", "1", "12", "12345"}) {
    auto cut = chem::ParseMolBlock("\n  fake\n\n" + shortline + "\nM  END\n");
    EXPECT_FALSE(cut) << "'" << shortline << "'";
  }
  // An honest molfile still reads.
  auto ok = chem::ParseMolBlock(
      "\n  RDKit\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n"
      "    0.0000    0.0000    0.0000 C   0  0\n    1.5000    0.0000    0.0000 O   0  0\n"
      "  1  2  1  0\nM  END\n");
  EXPECT_TRUE(ok) << ok.error;
}

TEST(Budget, ALargeInputWhoseSearchCannotSettleIsAnErrorNotClear) {
  // 40 Boc-protected 4-anilinopiperidine units in a chain (801 heavy atoms,
  // under the atom limit): every step's product is as large as the input.
  std::string chain;
  for (int i = 0; i < 40; ++i) chain += "CC(C)(C)OC(=O)N1CCC(CC1)Nc1ccc(cc1)";
  chain += "C";
  auto r = Screen(chain, "2026-01-01");
  EXPECT_EQ(r.status, rules::Status::kError);
  EXPECT_FALSE(r.verdict.has_value());
  EXPECT_NE(r.error.find("screening budget exceeded"), std::string::npos) << r.error;
  EXPECT_TRUE(r.jurisdictions.empty());
  // One unit is as it was: a step from a listed substance.
  EXPECT_EQ(*Screen("CC(C)(C)OC(=O)N1CCC(CC1)Nc1ccccc1", "2026-01-01").verdict, rules::Verdict::kControlled);
}

TEST(Budget, RingsAreCountedBeforeRingPerception) {
  std::string many;
  for (int i = 0; i < 130; ++i) many += (i ? "." : "") + std::string("C1CC1");
  auto parsed = chem::ParseSmiles(many);
  EXPECT_FALSE(parsed);
  EXPECT_NE(parsed.error.find("130 rings (limit 128)"), std::string::npos) << parsed.error;
  EXPECT_TRUE(chem::ParseSmiles("C12=C3C4=C5C6=C1C7=C8C9=C1C%10=C%11C(=C29)C2=C3C3=C4C4=C5C5=C9C6=C7C6=C7C8=C1C1=C8C%10=C%10C%11=C2C2=C3C3=C4C4=C5C5=C%11C%12=C(C6=C95)C7=C1C1=C%12C5=C%11C4=C3C3=C5C(=C81)C%10=C23"))
      << "C60 is within the bound";
}

}  // namespace
}  // namespace pc::testing
