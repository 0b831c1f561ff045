#include "common/date.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace pc {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Date::Date(int year, int month, int day) {
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                     std::chrono::day{unsigned(day)}};
  if (!ymd.ok() || year < 1 || year > 9999)
    throw std::invalid_argument("not a calendar date: " + std::to_string(year) + "-" +
                                std::to_string(month) + "-" + std::to_string(day));
  year_ = year;
  month_ = month;
  day_ = day;
}

std::optional<Date> Date::ParseDay(std::string_view text) {
  DatePrecision precision;
  auto d = ParsePartial(text, &precision);
  if (!d || precision != DatePrecision::kDay) return std::nullopt;
  return d;
}

std::optional<Date> Date::ParsePartial(std::string_view text, DatePrecision* precision) {
  DatePrecision p;
  int y = 0, m = 1, d = 1;
  if (text.size() == 4 && AllDigits(text)) {
    p = DatePrecision::kYear;
    y = ToInt(text);
  } else if (text.size() == 7 && text[4] == '-' && AllDigits(text.substr(0, 4)) &&
             AllDigits(text.substr(5, 2))) {
    p = DatePrecision::kMonth;
    y = ToInt(text.substr(0, 4));
    m = ToInt(text.substr(5, 2));
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-' &&
             AllDigits(text.substr(0, 4)) && AllDigits(text.substr(5, 2)) &&
             AllDigits(text.substr(8, 2))) {
    p = DatePrecision::kDay;
    y = ToInt(text.substr(0, 4));
    m = ToInt(text.substr(5, 2));
    d = ToInt(text.substr(8, 2));
  } else {
    return std::nullopt;
  }
  try {
    Date date(y, m, d);
    if (precision) *precision = p;
    return date;
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

Date Date::Today() {
  using namespace std::chrono;
  year_month_day ymd{floor<days>(system_clock::now())};
  return Date(int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())));
}

int Date::DaysSinceEpoch() const {
  using namespace std::chrono;
  sys_days sd = year_month_day{std::chrono::year{year_}, std::chrono::month{unsigned(month_)},
                               std::chrono::day{unsigned(day_)}};
  return int(sd.time_since_epoch().count());
}

Date Date::FromDaysSinceEpoch(int days) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  return Date(int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())));
}

Date Date::AddDays(int days) const { return FromDaysSinceEpoch(DaysSinceEpoch() + days); }

std::string Date::ToString() const { return ToString(DatePrecision::kDay); }

std::string Date::ToString(DatePrecision precision) const {
  char buf[16];
  switch (precision) {
    case DatePrecision::kYear: std::snprintf(buf, sizeof buf, "%04d", year_); break;
    case DatePrecision::kMonth: std::snprintf(buf, sizeof buf, "%04d-%02d", year_, month_); break;
    case DatePrecision::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
      break;
  }
  return buf;
}

}  // namespace pc
