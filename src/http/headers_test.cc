#include "http/headers.h"

#include <gtest/gtest.h>

namespace ark::http {
namespace {

TEST(HeadersTest, LookupIgnoresCaseAndKeepsOrder) {
  Headers h;
  h.Add("Content-Type", "application/json");
  h.Add("Set-Cookie", "a=1");
  h.Add("set-cookie", "b=2");
  EXPECT_EQ(h.Get("content-type"), "application/json");
  EXPECT_EQ(h.GetAll("SET-COOKIE"), (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_FALSE(h.Get("Retry-After").has_value());
  EXPECT_EQ(h.GetOr("Retry-After", "none"), "none");
}

TEST(HeadersTest, SetReplacesEveryFieldOfTheName) {
  Headers h{{"Accept", "a"}, {"accept", "b"}, {"X", "1"}};
  h.Set("ACCEPT", "c");
  EXPECT_EQ(h.GetAll("Accept"), (std::vector<std::string>{"c"}));
  h.Remove("x");
  EXPECT_FALSE(h.Has("X"));
  EXPECT_EQ(h.fields().size(), 1u);
}

}  // namespace
}  // namespace ark::http
