// Tests of the Throttler: Microsoft's scopes, charge-on-reject, concurrency, headers, accounting.
#include "throttle/throttler.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace m365sim::throttle {
namespace {

struct FakeClock {
  double now = 1000;
  Throttler::Clock fn() {
    return [this] { return now; };
  }
};

Charge Outlook(const std::string& mailbox) {
  Charge c;
  c.app_id = "app";
  c.workload = Workload::kOutlook;
  c.resource = mailbox;
  return c;
}

TEST(Throttler, OutlookRequestsPerAppAndMailbox) {
  FakeClock clock;
  Limits limits;
  limits.outlook_requests = 5;
  limits.outlook_window_s = 10;
  Throttler t(limits, 3, "tenant", clock.fn());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(t.Admit(Outlook("m1")).allowed) << i;
  Decision refused = t.Admit(Outlook("m1"));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.code, "ApplicationThrottled");
  EXPECT_NEAR(refused.retry_after_s, 2 * 2.0, 1e-9) << "refused requests count: two units short";
  EXPECT_TRUE(t.Admit(Outlook("m2")).allowed) << "another mailbox has its own bucket";
  clock.now += refused.retry_after_s;
  EXPECT_TRUE(t.Admit(Outlook("m1")).allowed);
}

TEST(Throttler, TimeScaleShrinksWindows) {
  FakeClock clock;
  Limits limits;
  limits.outlook_requests = 10;
  limits.outlook_window_s = 600;
  limits.time_scale = 60;
  Throttler t(limits, 3, "tenant", clock.fn());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(t.Admit(Outlook("m")).allowed);
  Decision refused = t.Admit(Outlook("m"));
  ASSERT_FALSE(refused.allowed);
  EXPECT_NEAR(refused.retry_after_s, 2.0, 1e-9) << "10 per 10 s after scaling: 1 s per unit, 2 units short";
}

TEST(Throttler, OutlookConcurrencyLimitIsFourActiveRequests) {
  FakeClock clock;
  Throttler t(Limits{}, 3, "tenant", clock.fn());
  std::vector<Decision> active;
  for (int i = 0; i < 4; ++i) active.push_back(t.Admit(Outlook("m")));
  Decision fifth = t.Admit(Outlook("m"));
  EXPECT_FALSE(fifth.allowed);
  EXPECT_EQ(fifth.message, "Application is over its MailboxConcurrency limit.");
  active.pop_back();  // one request finished
  EXPECT_TRUE(t.Admit(Outlook("m")).allowed);
}

TEST(Throttler, SharePointResourceUnitsAndRateLimitHeaders) {
  FakeClock clock;
  Limits limits;
  limits.sharepoint_ru_per_minute = 100;
  Throttler t(limits, 3, "tenant", clock.fn());
  Charge c;
  c.app_id = "app";
  c.workload = Workload::kSharePoint;
  c.cost = 2;
  for (int i = 0; i < 39; ++i) EXPECT_TRUE(t.Admit(c).allowed);
  Decision near = t.Admit(c);  // 80 of 100 used
  ASSERT_TRUE(near.allowed);
  ASSERT_EQ(near.headers.size(), 3u);
  EXPECT_EQ(near.headers[0].first, "RateLimit-Limit");
  EXPECT_EQ(near.headers[0].second, "100");
  EXPECT_EQ(near.headers[1].second, "20");
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(t.Admit(c).allowed);
  Decision refused = t.Admit(c);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.code, "activityLimitReached");
  EXPECT_NEAR(refused.retry_after_s, 2.4, 1e-9);  // 2 units at 100/60 per second, after charging 2
}

TEST(Throttler, IdentityAndTeamsScopes) {
  FakeClock clock;
  Limits limits;
  limits.identity_ru_per_10s = 4;
  limits.teams_get_channel_message_rps = 2;
  Throttler t(limits, 3, "tid", clock.fn());
  Charge id;
  id.app_id = "app";
  id.workload = Workload::kIdentity;
  id.cost = 2;
  EXPECT_TRUE(t.Admit(id).allowed);
  EXPECT_TRUE(t.Admit(id).allowed);
  Decision refused = t.Admit(id);
  EXPECT_FALSE(refused.allowed);
  bool scope_header = false;
  for (auto& [k, v] : refused.headers) scope_header |= k == "x-ms-throttle-scope" && v == "Tenant_Application/ReadWrite/app/tid";
  EXPECT_TRUE(scope_header);
  Charge teams;
  teams.app_id = "app";
  teams.workload = Workload::kTeams;
  teams.teams_call = TeamsCall::kGetChannelMessage;
  EXPECT_TRUE(t.Admit(teams).allowed);
  EXPECT_TRUE(t.Admit(teams).allowed);
  EXPECT_FALSE(t.Admit(teams).allowed);
}

TEST(Throttler, StatsGiveTheMinimalTimeOfAPerfectClient) {
  FakeClock clock;
  Limits limits;
  limits.outlook_requests = 10;
  limits.outlook_window_s = 10;  // 1 request per second after the first 10
  Throttler t(limits, 3, "tenant", clock.fn());
  // A client that waits exactly Retry-After each time it is refused.
  for (int i = 0; i < 30; ++i) {
    for (Decision d = t.Admit(Outlook("m")); !d.allowed; d = t.Admit(Outlook("m"))) clock.now += d.retry_after_s;
  }
  auto stats = t.Stats();
  EXPECT_NEAR(stats["minimal_seconds"].get<double>(), 20.0, 1e-9);
  bool found = false;
  for (const auto& s : stats["scopes"]) {
    if (s["scope"] == "outlook.app-mailbox") {
      found = true;
      EXPECT_EQ(s["units"].get<double>(), 30.0);
      EXPECT_GT(s["throttled"].get<uint64_t>(), 0u);
    }
  }
  EXPECT_TRUE(found);
}

TEST(Throttler, RetryAfterForms) {
  EXPECT_EQ(Throttler::FormatRetryAfter(2.1, RetryAfterFormat::kInteger), "3");
  EXPECT_EQ(Throttler::FormatRetryAfter(0.2, RetryAfterFormat::kInteger), "1");
  EXPECT_EQ(Throttler::FormatRetryAfter(2.128, RetryAfterFormat::kFractional), "2.128");
  auto date = ark::ParseHttpDate(Throttler::FormatRetryAfter(3, RetryAfterFormat::kHttpDate));
  ASSERT_TRUE(date.has_value());
  EXPECT_GT(*date, std::chrono::system_clock::now() + std::chrono::seconds(2));
}

}  // namespace
}  // namespace m365sim::throttle
