// cli/args: options as the commands declare them, and a usage error naming
// the option for anything else.
#include "cli/args.h"

#include <gtest/gtest.h>

namespace pc::cli {
namespace {

std::string UsageMessage(const std::vector<std::string>& argv) {
  try {
    Args(argv, {"as-of", "jurisdiction"}, {"structures"});
  } catch (const UsageError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.what();
  }
  return "";
}

TEST(Args, ValuesFlagsAndPositionalsInAnyOrder) {
  Args a({"in.smi", "--as-of", "2024-01-01", "--structures", "--jurisdiction=US,CN", "-"},
         {"as-of", "jurisdiction"}, {"structures"});
  EXPECT_EQ(a.Get("as-of"), "2024-01-01");
  EXPECT_EQ(a.Get("jurisdiction"), "US,CN");
  EXPECT_TRUE(a.Flag("structures"));
  EXPECT_FALSE(a.Get("depth").has_value());
  EXPECT_EQ(a.positional(), (std::vector<std::string>{"in.smi", "-"}));
}

TEST(Args, AValueMayLookLikeAnything) {
  // "--as-of --structures": the value is taken as given, and the date
  // check that follows refuses it with the option's name.
  Args a({"--as-of", "--structures"}, {"as-of"}, {"structures"});
  EXPECT_EQ(a.Get("as-of"), "--structures");
  EXPECT_FALSE(a.Flag("structures"));
  Args empty({"--as-of="}, {"as-of"});
  EXPECT_EQ(empty.Get("as-of"), "");
}

TEST(Args, EveryMistakeNamesTheOption) {
  EXPECT_EQ(UsageMessage({"--bogus"}), "unknown option --bogus");
  EXPECT_EQ(UsageMessage({"--as-of"}), "option --as-of needs a value");
  EXPECT_EQ(UsageMessage({"--structures=yes"}), "option --structures takes no value");
}

TEST(Args, DescribeGivesFieldReasonAndOperatorDetail) {
  Error e = Invalid("unit", "a quantity needs its unit");
  EXPECT_EQ(Describe(e), "unit: a quantity needs its unit");
  e.WithDetail("SQLite: disk I/O error");
  EXPECT_EQ(Describe(e), "unit: a quantity needs its unit (SQLite: disk I/O error)");
}

}  // namespace
}  // namespace pc::cli
