// Calendar dates as the law uses them: a day, with the precision the source
// gives ("1964", "2022-03", "2020-05-15"). Every evaluation in the product
// takes an explicit as-of Date; nothing below the CLI/API edges reads a clock.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace pc {

enum class DatePrecision { kYear, kMonth, kDay };

class Date {
 public:
  Date() = default;
  // Throws std::invalid_argument for an impossible day (2023-02-30).
  Date(int year, int month, int day);

  // Parses "YYYY-MM-DD" only; the form users type for --as-of.
  static std::optional<Date> ParseDay(std::string_view text);
  // Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD"; a partial date stands for the
  // first day of its period (the earliest day the source allows).
  static std::optional<Date> ParsePartial(std::string_view text,
                                          DatePrecision* precision = nullptr);
  static Date Today();  // UTC; for the CLI/API edges only.

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }

  Date AddDays(int days) const;
  std::string ToString() const;  // "YYYY-MM-DD"
  std::string ToString(DatePrecision precision) const;

  auto operator<=>(const Date&) const = default;

 private:
  int DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(int days);

  int year_ = 1970;
  int month_ = 1;
  int day_ = 1;
};

}  // namespace pc
