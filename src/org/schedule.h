// When a backup set runs: a small schedule language with one canonical spelling.
//
//   manual                      only when started by hand (or by a script)
//   every 30m | every 4h        at a fixed interval (5 minutes to 24 hours); "hourly" = every 1h
//   daily 22:00                 every day at a local time
//   weekly mon,thu 22:00        on some days of the week at a local time
//
// Times are the machine's local time, like cron's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace ark::org {

struct Schedule {
  enum class Kind { kManual, kInterval, kDaily, kWeekly };
  Kind kind = Kind::kManual;
  int interval_minutes = 0;  // kInterval
  int minute_of_day = 0;     // kDaily, kWeekly: hours * 60 + minutes
  unsigned weekdays = 0;     // kWeekly: bit 0 = Sunday ... bit 6 = Saturday
};

inline constexpr std::string_view kDefaultSchedule = "daily 22:00";

Result<Schedule> ParseSchedule(std::string_view text);
// The canonical text: ParseSchedule(FormatSchedule(s)) == s.
std::string FormatSchedule(const Schedule& schedule);

// The first run strictly after `after`, or nullopt for a manual schedule.
// Interval schedules count from `last_run` (or run at `after` if never run).
std::optional<SystemTime> NextRun(const Schedule& schedule, SystemTime after,
                                  std::optional<SystemTime> last_run = std::nullopt);

}  // namespace ark::org
