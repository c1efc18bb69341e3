#include "identity/token_provider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

namespace ark::identity {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::atomic<int64_t> seconds{1'000'000};
  Clock clock() {
    return [this] { return SystemTime(std::chrono::seconds(seconds.load())); };
  }
  SystemTime now() const { return SystemTime(std::chrono::seconds(seconds.load())); }
};

TokenSet Issue(SystemTime now, std::chrono::seconds lifetime, const std::string& value) {
  TokenSet t;
  t.access.value = Secret(value);
  t.access.obtained_at = now;
  t.access.expires_at = now + lifetime;
  return t;
}

TEST(TokenProviderTest, RenewalMarginIsFiveMinutesOrAFifth) {
  EXPECT_EQ(CachingTokenProvider::RenewalMargin(3600s), 300s);
  EXPECT_EQ(CachingTokenProvider::RenewalMargin(60s), 12s);
}

TEST(TokenProviderTest, CachesUntilTheRenewalWindowThenRenews) {
  FakeClock clock;
  int issued = 0;
  CachingTokenProvider p(
      [&]() -> Result<TokenSet> { return Issue(clock.now(), 3600s, "t" + std::to_string(++issued)); },
      clock.clock());
  EXPECT_EQ(p.Token()->value.reveal(), "t1");
  clock.seconds += 3000;
  EXPECT_EQ(p.Token()->value.reveal(), "t1");
  clock.seconds += 301;  // 299 s left: inside the 5-minute window
  EXPECT_EQ(p.Token()->value.reveal(), "t2");
  EXPECT_EQ(p.renewals(), 2);
}

TEST(TokenProviderTest, ManyThreadsCauseOneRenewal) {
  FakeClock clock;
  std::atomic<int> calls{0};
  std::latch started(1);
  std::latch release(1);
  CachingTokenProvider p(
      [&]() -> Result<TokenSet> {
        ++calls;
        started.count_down();
        release.wait();
        return Issue(clock.now(), 3600s, "shared");
      },
      clock.clock());
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      Result<AccessToken> t = p.Token();
      if (t.ok() && t->value.reveal() == "shared") ++good;
    });
  }
  started.wait();
  release.count_down();
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(good.load(), 16);
}

TEST(TokenProviderTest, ValidTokenServesOthersWhileOneRenews) {
  FakeClock clock;
  std::latch renewing(1);
  std::latch release(1);
  int issued = 0;
  CachingTokenProvider p(
      [&]() -> Result<TokenSet> {
        if (++issued == 2) {
          renewing.count_down();
          release.wait();
        }
        return Issue(clock.now(), 3600s, "t" + std::to_string(issued));
      },
      clock.clock());
  ASSERT_TRUE(p.Token().ok());
  clock.seconds += 3500;  // in the window, still valid
  std::thread renewer([&] { EXPECT_EQ(p.Token()->value.reveal(), "t2"); });
  renewing.wait();
  EXPECT_EQ(p.Token()->value.reveal(), "t1");  // not blocked behind the renewal
  release.count_down();
  renewer.join();
}

TEST(TokenProviderTest, InvalidateDropsOnlyTheRejectedToken) {
  FakeClock clock;
  int issued = 0;
  CachingTokenProvider p(
      [&]() -> Result<TokenSet> { return Issue(clock.now(), 3600s, "t" + std::to_string(++issued)); },
      clock.clock());
  AccessToken first = *p.Token();
  p.Invalidate(first);
  AccessToken second = *p.Token();
  EXPECT_EQ(second.value.reveal(), "t2");
  p.Invalidate(first);  // a late 401 for the old token must not cause another sign-in
  EXPECT_EQ(p.Token()->value.reveal(), "t2");
  EXPECT_EQ(issued, 2);
}

TEST(TokenProviderTest, FailureIsReturnedAndRetriedOnTheNextCall) {
  FakeClock clock;
  bool fail = true;
  CachingTokenProvider p(
      [&]() -> Result<TokenSet> {
        if (fail) return Unauthenticated("the application secret of Contoso expired");
        return Issue(clock.now(), 3600s, "ok");
      },
      clock.clock());
  Result<AccessToken> t = p.Token();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "the application secret of Contoso expired");
  fail = false;
  EXPECT_TRUE(p.Token().ok());
}

TEST(TokenProviderTest, FailedRenewalKeepsTheUnexpiredToken) {
  FakeClock clock;
  int calls = 0;
  CachingTokenProvider p(
      [&]() -> Result<TokenSet> {
        if (++calls > 1) return Unavailable("login host down");
        return Issue(clock.now(), 3600s, "old");
      },
      clock.clock());
  ASSERT_TRUE(p.Token().ok());
  clock.seconds += 3400;
  EXPECT_EQ(p.Token()->value.reveal(), "old");
  clock.seconds += 300;  // expired now
  EXPECT_FALSE(p.Token().ok());
}

TEST(TokenCacheTest, KeysNormaliseScopesAccountAndTenant) {
  auto a =
      TokenCache::MakeKey("Contoso.onmicrosoft.com", "cid",
                          {"offline_access", "https://graph.microsoft.com/Mail.Read"}, "Adele@Contoso.com");
  auto b = TokenCache::MakeKey("contoso.onmicrosoft.com", "cid",
                               {"https://graph.microsoft.com/mail.read", "OFFLINE_ACCESS", "offline_access"},
                               "adele@contoso.com");
  EXPECT_EQ(a, b);
  TokenCache cache;
  int made = 0;
  auto make = [&]() -> std::unique_ptr<TokenProvider> {
    ++made;
    return std::make_unique<CachingTokenProvider>([]() -> Result<TokenSet> { return Unavailable("x"); });
  };
  auto p1 = cache.Get(a, make);
  auto p2 = cache.Get(b, make);
  EXPECT_EQ(p1, p2);
  EXPECT_EQ(made, 1);
  cache.Erase(a);
  EXPECT_NE(cache.Get(a, make), p1);
}

}  // namespace
}  // namespace ark::identity
