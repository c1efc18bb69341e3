#include "org/schedule.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <ctime>

namespace ark::org {
namespace {

std::string Canonical(std::string_view text) {
  Result<Schedule> s = ParseSchedule(text);
  return s.ok() ? FormatSchedule(*s) : "error: " + s.status().message();
}

TEST(ScheduleTest, EveryFormHasOneCanonicalSpelling) {
  EXPECT_EQ(Canonical("manual"), "manual");
  EXPECT_EQ(Canonical("hourly"), "every 1h");
  EXPECT_EQ(Canonical("every 90m"), "every 90m");
  EXPECT_EQ(Canonical("every 120m"), "every 2h");
  EXPECT_EQ(Canonical("Daily 07:05"), "daily 07:05");
  EXPECT_EQ(Canonical("weekly fri,mon 22:00"), "weekly mon,fri 22:00");
  EXPECT_EQ(Canonical(kDefaultSchedule), kDefaultSchedule);
}

TEST(ScheduleTest, MistakesAreExplained) {
  for (const char* bad : {"", "sometimes", "every 1m", "every 25h", "every h", "daily 24:00", "daily 7:00",
                          "weekly funday 10:00", "weekly mon"}) {
    Result<Schedule> s = ParseSchedule(bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.status().message().find("daily 22:00"), std::string::npos);
  }
}

class NextRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    saved_ = tz ? std::optional<std::string>(tz) : std::nullopt;
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  void TearDown() override {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  static SystemTime Utc(const char* text) { return *ParseRfc3339(text); }
  std::optional<std::string> saved_;
};

TEST_F(NextRunTest, DailyWeeklyIntervalAndManual) {
  SystemTime wed_noon = Utc("2026-03-04T12:00:00Z");  // a Wednesday
  EXPECT_EQ(NextRun(*ParseSchedule("daily 22:00"), wed_noon), Utc("2026-03-04T22:00:00Z"));
  EXPECT_EQ(NextRun(*ParseSchedule("daily 06:00"), wed_noon), Utc("2026-03-05T06:00:00Z"));
  EXPECT_EQ(NextRun(*ParseSchedule("weekly mon 01:00"), wed_noon), Utc("2026-03-09T01:00:00Z"));
  EXPECT_EQ(NextRun(*ParseSchedule("weekly wed 12:00"), wed_noon), Utc("2026-03-11T12:00:00Z"));
  EXPECT_EQ(NextRun(*ParseSchedule("every 4h"), wed_noon, Utc("2026-03-04T10:00:00Z")),
            Utc("2026-03-04T14:00:00Z"));
  EXPECT_EQ(NextRun(*ParseSchedule("every 4h"), wed_noon), wed_noon);
  EXPECT_FALSE(NextRun(*ParseSchedule("manual"), wed_noon));
}

}  // namespace
}  // namespace ark::org
