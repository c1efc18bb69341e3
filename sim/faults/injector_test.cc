// Tests of fault rules: parsing, path patterns, exact counts, skips and seeded rates.
#include "faults/injector.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace m365sim::faults {
namespace {

TEST(Faults, PathPatterns) {
  EXPECT_TRUE(PathMatches("*", "/v1.0/users"));
  EXPECT_TRUE(PathMatches("/v1.0/users/*/messages*", "/v1.0/users/abc/MESSAGES/delta"));
  EXPECT_FALSE(PathMatches("/v1.0/users/*/messages", "/v1.0/users/abc/mailFolders"));
  EXPECT_TRUE(PathMatches("*/content", "/v1.0/drives/b!x/items/01AB/content"));
}

TEST(Faults, ExactCountAfterSkip) {
  Injector injector(1);
  auto rule = ParseFaultRule({{"route", "/v1.0/users*"}, {"fault", 503}, {"count", 2}, {"skip", 1}});
  ASSERT_TRUE(rule.ok()) << rule.status().message();
  injector.Add(*rule);
  EXPECT_FALSE(injector.Decide("graph", "GET", "/v1.0/users").has_value());
  EXPECT_TRUE(injector.Decide("graph", "GET", "/v1.0/users").has_value());
  EXPECT_TRUE(injector.Decide("graph", "GET", "/v1.0/users").has_value());
  EXPECT_FALSE(injector.Decide("graph", "GET", "/v1.0/users").has_value());
  EXPECT_FALSE(injector.Decide("graph", "GET", "/v1.0/groups").has_value());
  EXPECT_EQ(injector.List()[0]["fired"], 2);
}

TEST(Faults, RatesAreSeededAndRepeatable) {
  auto count_fired = [](uint64_t seed) {
    Injector injector(seed);
    injector.Add(*ParseFaultRule({{"fault", "reset-mid-body"}, {"rate", 0.3}}));
    std::string pattern;
    for (int i = 0; i < 200; ++i) pattern += injector.Decide("files", "GET", "/x") ? '1' : '0';
    return pattern;
  };
  std::string a = count_fired(5);
  EXPECT_EQ(a, count_fired(5));
  size_t ones = std::count(a.begin(), a.end(), '1');
  EXPECT_GT(ones, 30u);
  EXPECT_LT(ones, 90u);
}

TEST(Faults, BadRulesAreRefusedWithTheirReason) {
  EXPECT_FALSE(ParseFaultRule({{"fault", "explode"}, {"count", 1}}).ok());
  EXPECT_FALSE(ParseFaultRule({{"fault", 503}}).ok());
  EXPECT_FALSE(ParseFaultRule({{"fault", 503}, {"rate", 2}}).ok());
  auto bad = ParseFaultRule({{"fault", 503}, {"count", 1}, {"listener", "login"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("listener"), std::string::npos);
}

}  // namespace
}  // namespace m365sim::faults
