#include "http/retry.h"

#include <gtest/gtest.h>

namespace ark::http {
namespace {

using std::chrono::milliseconds;

TEST(RetryAfterTest, IntegerFractionalAndDateForms) {
  SystemTime now = *ParseHttpDate("Wed, 21 Oct 2026 07:28:00 GMT");
  EXPECT_EQ(ParseRetryAfter("5", now), milliseconds(5000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("2.128", now), milliseconds(2128));
  EXPECT_EQ(ParseRetryAfter("0.5", now), milliseconds(500));
  EXPECT_EQ(ParseRetryAfter("1.0001", now), milliseconds(1001));  // rounded up: never early
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2026 07:28:07 GMT", now), milliseconds(7000));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2026 07:27:00 GMT", now), milliseconds(0));
}

TEST(RetryAfterTest, MalformedValuesAreRejected) {
  SystemTime now{};
  for (const char* bad : {"", "soon", "1.2.3", "-1", "5s", "1e3", "99999999999"}) {
    EXPECT_FALSE(ParseRetryAfter(bad, now).has_value()) << bad;
  }
}

TEST(BackoffTest, GrowsExponentiallyWithJitterAndCap) {
  BackoffPolicy p;
  p.initial_delay = milliseconds(1000);
  p.max_delay = milliseconds(10000);
  EXPECT_EQ(BackoffDelay(p, 1, 0.0), milliseconds(500));
  EXPECT_EQ(BackoffDelay(p, 1, 1.0), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(p, 2, 0.0), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(p, 3, 1.0), milliseconds(4000));
  EXPECT_EQ(BackoffDelay(p, 10, 1.0), milliseconds(10000));
  EXPECT_EQ(BackoffDelay(p, 10, 0.0), milliseconds(5000));
}

TEST(BackoffTest, RandomUnitIsInRangeAndVaries) {
  double lo = 1, hi = 0;
  for (int i = 0; i < 1000; ++i) {
    double r = RandomUnit();
    ASSERT_GE(r, 0.0);
    ASSERT_LT(r, 1.0);
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  EXPECT_LT(lo, 0.1);
  EXPECT_GT(hi, 0.9);
}

}  // namespace
}  // namespace ark::http
