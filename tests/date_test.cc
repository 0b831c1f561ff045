// common/date: the days the law's dates stand for.
#include "common/date.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace pc {
namespace {

TEST(Date, ParsesOnlyRealDaysInTheUsersForm) {
  EXPECT_EQ(Date::ParseDay("2024-02-29")->ToString(), "2024-02-29");  // a leap year
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "24-01-01",
                          "2024-01-01 ", "2024/01/01", "", "2024-01", "+2024-01-01"})
    EXPECT_FALSE(Date::ParseDay(bad).has_value()) << bad;
  EXPECT_THROW(Date(2023, 2, 30), std::invalid_argument);
}

TEST(Date, APartialDateIsTheFirstDayOfItsPeriodAndKeepsItsPrecision) {
  DatePrecision p;
  EXPECT_EQ(Date::ParsePartial("1964", &p)->ToString(), "1964-01-01");
  EXPECT_EQ(p, DatePrecision::kYear);
  EXPECT_EQ(Date::ParsePartial("2022-03", &p)->ToString(), "2022-03-01");
  EXPECT_EQ(p, DatePrecision::kMonth);
  EXPECT_EQ(Date::ParsePartial("2020-05-15", &p)->ToString(), "2020-05-15");
  EXPECT_EQ(p, DatePrecision::kDay);
  EXPECT_EQ(Date::ParsePartial("2022-03")->ToString(DatePrecision::kMonth), "2022-03");
  EXPECT_EQ(Date::ParsePartial("1964")->ToString(DatePrecision::kYear), "1964");
  for (const char* bad : {"2022-13", "196", "2022-3", "2022-03-", "abcd"})
    EXPECT_FALSE(Date::ParsePartial(bad).has_value()) << bad;
}

TEST(Date, ArithmeticCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(Date::ParseDay("2024-02-28")->AddDays(1).ToString(), "2024-02-29");
  EXPECT_EQ(Date::ParseDay("2023-02-28")->AddDays(1).ToString(), "2023-03-01");
  EXPECT_EQ(Date::ParseDay("2024-12-31")->AddDays(1).ToString(), "2025-01-01");
  EXPECT_EQ(Date::ParseDay("2025-01-01")->AddDays(-1).ToString(), "2024-12-31");
  EXPECT_EQ(Date::ParseDay("2000-03-01")->AddDays(-1).ToString(), "2000-02-29");  // divisible by 400
  EXPECT_EQ(Date::ParseDay("1900-03-01")->AddDays(-1).ToString(), "1900-02-28");  // by 100, not 400
  EXPECT_EQ(Date::ParseDay("1970-01-01")->AddDays(-1).ToString(), "1969-12-31");
  EXPECT_LT(*Date::ParseDay("2024-01-31"), *Date::ParseDay("2024-02-01"));
}

}  // namespace
}  // namespace pc
