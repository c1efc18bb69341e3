#include "org/retention.h"

#include <gtest/gtest.h>

namespace ark::org {
namespace {

TEST(RetentionTest, ParsesAndFormatsCanonically) {
  Result<RetentionPolicy> p = ParseRetention("monthly=12, daily=30,last=3,weekly=8");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->daily, 30);
  EXPECT_EQ(FormatRetention(*p), kDefaultRetention);
  EXPECT_EQ(FormatRetention(*ParseRetention("yearly=7,hourly=24")), "hourly=24,yearly=7");
}

TEST(RetentionTest, RefusesPoliciesThatWouldDeleteEverythingOrCannotBeRead) {
  for (const char* bad :
       {"", "last=0", "forever", "daily=x", "daily=", "weekly=-1", "decade=1", "last=1000001"}) {
    Result<RetentionPolicy> p = ParseRetention(bad);
    EXPECT_FALSE(p.ok()) << bad;
    EXPECT_NE(p.status().message().find("last=3,daily=30"), std::string::npos);
  }
  EXPECT_NE(ParseRetention("last=0").status().message().find("every snapshot would be deleted"),
            std::string::npos);
}

}  // namespace
}  // namespace ark::org
