#include "core/time.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(TimeTest, Rfc3339RoundTripAndGraphFractions) {
  auto t = ParseRfc3339("2026-11-23T14:06:00Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatRfc3339(*t), "2026-11-23T14:06:00Z");
  auto graph = ParseRfc3339("2026-11-23T14:06:00.1234567Z");
  ASSERT_TRUE(graph.has_value());
  EXPECT_EQ(FormatRfc3339(*graph, true), "2026-11-23T14:06:00.123Z");
  auto offset = ParseRfc3339("2026-11-23T15:06:00+01:00");
  ASSERT_TRUE(offset.has_value());
  EXPECT_EQ(*offset, *t);
}

TEST(TimeTest, Rfc3339RejectsGarbage) {
  for (const char* bad : {"", "2026-11-23", "2026-13-01T00:00:00Z", "2026-11-23T14:06:00",
                          "2026-11-23T14:06:00Zx", "2026-11-23T14:06:00.Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

TEST(TimeTest, HttpDate) {
  auto t = ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatRfc3339(*t), "1994-11-06T08:49:37Z");
  EXPECT_EQ(FormatHttpDate(*t), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT").has_value());
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT").has_value());
}

}  // namespace
}  // namespace ark
