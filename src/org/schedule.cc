// Parsing, formatting and next-run computation of backup schedules (see schedule.h).
#include "org/schedule.h"

#include <array>
#include <cctype>
#include <chrono>
#include <ctime>
#include <sstream>
#include <vector>

namespace ark::org {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr int kMinInterval = 5;
constexpr int kMaxInterval = 24 * 60;

Status Bad(std::string_view text, std::string_view why) {
  return InvalidArgument("the schedule '" + std::string(text) + "' is not valid (" + std::string(why) +
                         "); write manual, hourly, every 30m, every 4h, daily 22:00 or weekly mon,thu 22:00");
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) {
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(w);
  }
  return out;
}

std::optional<int> ParseClock(std::string_view hhmm) {
  if (hhmm.size() != 5 || hhmm[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4}) {
    if (std::isdigit(static_cast<unsigned char>(hhmm[i])) == 0) return std::nullopt;
  }
  int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
  int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string Clock(int minute_of_day) {
  int h = minute_of_day / 60;
  int m = minute_of_day % 60;
  return std::string{char('0' + h / 10), char('0' + h % 10), ':', char('0' + m / 10), char('0' + m % 10)};
}

// Local midnight of the day containing `t`, plus `days` days and `minutes` minutes.
SystemTime LocalTimeOnDay(SystemTime t, int days, int minutes) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  tm.tm_mday += days;
  tm.tm_hour = minutes / 60;
  tm.tm_min = minutes % 60;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;  // let mktime decide across daylight-saving changes
  return std::chrono::system_clock::from_time_t(std::mktime(&tm));
}

int LocalWeekday(SystemTime t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return tm.tm_wday;
}

}  // namespace

Result<Schedule> ParseSchedule(std::string_view text) {
  std::vector<std::string> w = Words(text);
  Schedule s;
  if (w.size() == 1 && w[0] == "manual") return s;
  if (w.size() == 1 && w[0] == "hourly") {
    s.kind = Schedule::Kind::kInterval;
    s.interval_minutes = 60;
    return s;
  }
  if (w.size() == 2 && w[0] == "every") {
    const std::string& n = w[1];
    size_t digits = 0;
    while (digits < n.size() && std::isdigit(static_cast<unsigned char>(n[digits])) != 0) ++digits;
    if (digits == 0 || digits > 4 || digits + 1 != n.size() || (n.back() != 'm' && n.back() != 'h')) {
      return Bad(text, "an interval is a number followed by m or h");
    }
    int value = std::stoi(n.substr(0, digits)) * (n.back() == 'h' ? 60 : 1);
    if (value < kMinInterval || value > kMaxInterval) return Bad(text, "the interval must be 5m to 24h");
    s.kind = Schedule::Kind::kInterval;
    s.interval_minutes = value;
    return s;
  }
  if (w.size() == 2 && w[0] == "daily") {
    std::optional<int> at = ParseClock(w[1]);
    if (!at) return Bad(text, "the time is HH:MM, 00:00 to 23:59");
    s.kind = Schedule::Kind::kDaily;
    s.minute_of_day = *at;
    return s;
  }
  if (w.size() == 3 && w[0] == "weekly") {
    std::string_view days = w[1];
    size_t start = 0;
    while (start <= days.size()) {
      size_t comma = days.find(',', start);
      if (comma == std::string_view::npos) comma = days.size();
      std::string_view day = days.substr(start, comma - start);
      bool found = false;
      for (size_t d = 0; d < kDays.size(); ++d) {
        if (kDays[d] == day) {
          s.weekdays |= 1U << d;
          found = true;
        }
      }
      if (!found) return Bad(text, "days are sun, mon, tue, wed, thu, fri, sat, separated by commas");
      start = comma + 1;
    }
    std::optional<int> at = ParseClock(w[2]);
    if (!at) return Bad(text, "the time is HH:MM, 00:00 to 23:59");
    s.kind = Schedule::Kind::kWeekly;
    s.minute_of_day = *at;
    return s;
  }
  return Bad(text, "unknown form");
}

std::string FormatSchedule(const Schedule& s) {
  switch (s.kind) {
    case Schedule::Kind::kManual:
      return "manual";
    case Schedule::Kind::kInterval:
      if (s.interval_minutes % 60 == 0) return "every " + std::to_string(s.interval_minutes / 60) + "h";
      return "every " + std::to_string(s.interval_minutes) + "m";
    case Schedule::Kind::kDaily:
      return "daily " + Clock(s.minute_of_day);
    case Schedule::Kind::kWeekly: {
      std::string days;
      for (size_t d = 0; d < kDays.size(); ++d) {
        if ((s.weekdays & (1U << d)) != 0) days += (days.empty() ? "" : ",") + std::string(kDays[d]);
      }
      return "weekly " + days + " " + Clock(s.minute_of_day);
    }
  }
  return "manual";
}

std::optional<SystemTime> NextRun(const Schedule& s, SystemTime after, std::optional<SystemTime> last_run) {
  switch (s.kind) {
    case Schedule::Kind::kManual:
      return std::nullopt;
    case Schedule::Kind::kInterval: {
      if (!last_run) return after;
      SystemTime next = *last_run + std::chrono::minutes(s.interval_minutes);
      return next > after ? next : after;
    }
    case Schedule::Kind::kDaily:
    case Schedule::Kind::kWeekly:
      // Eight days always contain the next matching day, even across a DST change.
      for (int day = 0; day <= 8; ++day) {
        SystemTime candidate = LocalTimeOnDay(after, day, s.minute_of_day);
        if (candidate <= after) continue;
        if (s.kind == Schedule::Kind::kDaily || (s.weekdays & (1U << LocalWeekday(candidate))) != 0) {
          return candidate;
        }
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace ark::org
