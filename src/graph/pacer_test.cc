#include "graph/pacer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace ark::graph {
namespace {

using namespace std::chrono_literals;

// Virtual time: sleeping advances the clock, so rates are checked exactly and instantly.
struct VirtualTime {
  std::mutex mu;
  Pacer::TimePoint now{};
  Pacer::Clock clock() {
    return [this] {
      std::lock_guard lock(mu);
      return now;
    };
  }
  Pacer::Sleep sleep() {
    return [this](std::chrono::steady_clock::duration d) {
      std::lock_guard lock(mu);
      now += d;
    };
  }
  double seconds() {
    std::lock_guard lock(mu);
    return std::chrono::duration<double>(now.time_since_epoch()).count();
  }
};

ThrottleScope Mailbox(const char* id) { return {Workload::kOutlook, std::string("outlook:") + id, 1}; }

PacingOptions SmallMailboxLimit() {
  PacingOptions o;
  o.mailbox_requests = 100;
  o.mailbox_window = 10s;  // 10 requests per second
  o.target = 1.0;
  return o;
}

TEST(PacerTest, SpendsTheWindowThenRunsAtTheLimitRate) {
  VirtualTime t;
  Pacer pacer(SmallMailboxLimit(), t.clock(), t.sleep());
  for (int i = 0; i < 100; ++i) pacer.Admit(Mailbox("a"));
  EXPECT_EQ(t.seconds(), 0);  // the window's budget at once
  for (int i = 0; i < 50; ++i) pacer.Admit(Mailbox("a"));
  EXPECT_NEAR(t.seconds(), 5.0, 1e-6);  // then 10 per second
}

TEST(PacerTest, TargetKeepsTheRateJustUnderTheLimit) {
  VirtualTime t;
  PacingOptions o = SmallMailboxLimit();
  o.target = 0.97;
  Pacer pacer(o, t.clock(), t.sleep());
  for (int i = 0; i < 97 + 970; ++i) pacer.Admit(Mailbox("a"));
  EXPECT_NEAR(t.seconds(), 100.0, 0.01);  // 970 more at 9.7/s
}

TEST(PacerTest, ScopesAreIndependent) {
  VirtualTime t;
  Pacer pacer(SmallMailboxLimit(), t.clock(), t.sleep());
  for (int i = 0; i < 100; ++i) pacer.Admit(Mailbox("a"));
  for (int i = 0; i < 100; ++i) pacer.Admit(Mailbox("b"));
  EXPECT_EQ(t.seconds(), 0);
  pacer.Admit(ThrottleScope{});  // unpaced
  EXPECT_EQ(t.seconds(), 0);
}

TEST(PacerTest, ThrottlingPausesTheScopeAndLowersItsRate) {
  VirtualTime t;
  Pacer pacer(SmallMailboxLimit(), t.clock(), t.sleep());
  pacer.Admit(Mailbox("a"));
  pacer.OnThrottled(Mailbox("a"), 3000ms);
  pacer.Admit(Mailbox("a"));
  EXPECT_GE(t.seconds(), 3.0);  // nobody goes before Retry-After
  auto stats = pacer.Stats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].throttled, 1u);
  EXPECT_NEAR(stats[0].rate_factor, 0.85, 1e-9);
  for (int i = 0; i < 1000; ++i) pacer.OnSuccess(Mailbox("a"));
  EXPECT_EQ(pacer.Stats()[0].rate_factor, 1.0);
}

TEST(PacerTest, AtMostFourRequestsInFlightPerMailbox) {
  PacingOptions o;
  o.mailbox_concurrency = 4;
  Pacer pacer(o);  // real clock: only concurrency matters here, no rate is reached
  std::atomic<int> in_flight{0};
  std::atomic<int> worst{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 50; ++j) {
        Pacer::Permit p = pacer.Admit(Mailbox("a"));
        int now = ++in_flight;
        int w = worst.load();
        while (now > w && !worst.compare_exchange_weak(w, now)) {
        }
        std::this_thread::yield();
        --in_flight;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(worst.load(), 4);
  EXPECT_EQ(pacer.Stats()[0].max_in_flight, worst.load());
  EXPECT_EQ(pacer.Stats()[0].in_flight, 0);
}

TEST(PacerTest, BatchTakesSeveralSlotsAtMostTheLimit) {
  Pacer pacer(PacingOptions{});
  std::vector<Pacer::Demand> batch;
  for (int i = 0; i < 20; ++i) batch.push_back({Mailbox("a"), 1});
  Pacer::Permit p = pacer.Admit(batch);
  EXPECT_EQ(pacer.Stats()[0].in_flight, 4);
  p.Release();
  EXPECT_EQ(pacer.Stats()[0].in_flight, 0);
}

TEST(PacerTest, FromConfigScalesWindows) {
  Config::Throttling t;
  t.time_scale = 60;
  t.target_percent = 90;
  PacingOptions o = PacingOptions::FromConfig(t);
  EXPECT_DOUBLE_EQ(o.mailbox_window.count(), 10.0);
  EXPECT_DOUBLE_EQ(o.sharepoint_window.count(), 1.0);
  EXPECT_DOUBLE_EQ(o.target, 0.9);
  EXPECT_EQ(o.mailbox_concurrency, 4);
}

}  // namespace
}  // namespace ark::graph
