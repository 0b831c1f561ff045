// Instants and days for the licensing workflow. The domain never reads the
// clock: every operation is handed `now` by the edge (HTTP server, CLI), so
// tests can move time forward to a notification deadline or a list change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/date.h"

namespace pc::licensing {

// Seconds since 1970-01-01T00:00:00Z.
using Timestamp = std::int64_t;

std::string FormatTime(Timestamp t);  // "2026-11-28T11:30:00Z"
std::optional<Timestamp> ParseTime(std::string_view text);
Date DayOf(Timestamp t);              // the UTC calendar day
Timestamp StartOfDay(Date d);
int DaysBetween(Date from, Date to);  // to - from, in days
Timestamp NowUtc();                   // for the edges only

constexpr Timestamp kSecondsPerDay = 86400;

}  // namespace pc::licensing
