#include "licensing/time.h"

#include <chrono>
#include <cstdio>

namespace pc::licensing {
namespace {

std::int64_t EpochDays(Date d) {
  using namespace std::chrono;
  sys_days sd = year_month_day{year{d.year()}, month{unsigned(d.month())}, day{unsigned(d.day())}};
  return sd.time_since_epoch().count();
}

}  // namespace

Date DayOf(Timestamp t) {
  using namespace std::chrono;
  std::int64_t days = t >= 0 ? t / kSecondsPerDay : -((-t + kSecondsPerDay - 1) / kSecondsPerDay);
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  return Date(int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())));
}

Timestamp StartOfDay(Date d) { return EpochDays(d) * kSecondsPerDay; }

int DaysBetween(Date from, Date to) { return int(EpochDays(to) - EpochDays(from)); }

std::string FormatTime(Timestamp t) {
  Date d = DayOf(t);
  std::int64_t secs = t - StartOfDay(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.ToString().c_str(), int(secs / 3600),
                int(secs / 60 % 60), int(secs % 60));
  return buf;
}

std::optional<Timestamp> ParseTime(std::string_view text) {
  // "YYYY-MM-DD" (midnight) or "YYYY-MM-DDTHH:MM:SSZ".
  auto day = Date::ParseDay(text.substr(0, 10));
  if (!day) return std::nullopt;
  if (text.size() == 10) return StartOfDay(*day);
  int h, m, s;
  char z = 0;
  std::string rest(text.substr(10));
  if (std::sscanf(rest.c_str(), "T%2d:%2d:%2d%c", &h, &m, &s, &z) != 4 || z != 'Z' ||
      rest.size() != 10 || h > 23 || m > 59 || s > 59)
    return std::nullopt;
  return StartOfDay(*day) + h * 3600 + m * 60 + s;
}

Timestamp NowUtc() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace pc::licensing
