// Tests of the keep policy.
#include "repo/forget.h"

#include <gtest/gtest.h>

namespace ark::repo {
namespace {

Snapshot At(const std::string& time, std::string host = "h", std::vector<std::string> tags = {}) {
  Snapshot s;
  s.id = Id::Random();
  s.time = *ParseRfc3339(time);
  s.hostname = std::move(host);
  s.source = "src";
  s.tags = std::move(tags);
  return s;
}

std::vector<std::string> Kept(const std::vector<ForgetGroup>& groups) {
  std::vector<std::string> out;
  for (const auto& g : groups) {
    for (const auto& d : g.decisions) {
      if (d.keep) out.push_back(FormatRfc3339(d.snapshot->time));
    }
  }
  return out;
}

TEST(ForgetTest, DailyWeeklyAndLast) {
  std::vector<Snapshot> all = {At("2026-01-01T10:00:00Z"), At("2026-01-01T20:00:00Z"),
                               At("2026-01-02T10:00:00Z"), At("2026-01-05T10:00:00Z"),
                               At("2026-01-12T10:00:00Z"), At("2026-01-13T10:00:00Z")};
  KeepPolicy daily;
  daily.daily = 3;
  auto g = ApplyKeepPolicy(all, {}, daily);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Kept(*g), (std::vector<std::string>{"2026-01-13T10:00:00Z", "2026-01-12T10:00:00Z",
                                                "2026-01-05T10:00:00Z"}));
  KeepPolicy weekly;
  weekly.weekly = 2;
  weekly.last = 1;
  g = ApplyKeepPolicy(all, {}, weekly);
  // 2026-01-12/13 are ISO week 3, 2026-01-05 week 2.
  EXPECT_EQ(Kept(*g), (std::vector<std::string>{"2026-01-13T10:00:00Z", "2026-01-05T10:00:00Z"}));
}

TEST(ForgetTest, GroupsFiltersAndTags) {
  std::vector<Snapshot> all = {At("2026-01-01T10:00:00Z", "a"), At("2026-01-02T10:00:00Z", "a", {"keep"}),
                               At("2026-01-03T10:00:00Z", "a"), At("2026-01-01T10:00:00Z", "b")};
  KeepPolicy p;
  p.last = 1;
  p.keep_tags = {"keep"};
  auto g = ApplyKeepPolicy(all, {}, p);
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->size(), 2u);
  EXPECT_EQ(Kept(*g).size(), 3u);  // a's newest, a's tagged, b's only
  SnapshotFilter only_b{{"b"}, {}, {}};
  g = ApplyKeepPolicy(all, only_b, p);
  ASSERT_EQ(g->size(), 1u);
  EXPECT_EQ(g->front().hostname, "b");
  EXPECT_EQ(ApplyKeepPolicy(all, {}, KeepPolicy{}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ark::repo
