#include "core/secret.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace ark {
namespace {

TEST(SecretTest, FormatsAsStarsEverywhere) {
  Secret s("hunter2-very-secret");
  EXPECT_EQ(fmt::format("{}", s), "***");
  EXPECT_EQ(fmt::format("secret={:>5}", s), "secret=  ***");
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "***");
}

TEST(SecretTest, RevealGivesTheValue) {
  Secret s("abc");
  EXPECT_EQ(s.reveal(), "abc");
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(Secret().empty());
}

TEST(SecretTest, CopyMoveAndCompare) {
  Secret a("value");
  Secret b = a;
  EXPECT_EQ(a, b);
  Secret c = std::move(a);
  EXPECT_EQ(c.reveal(), "value");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is wiped, by contract
  b = Secret("other");
  EXPECT_FALSE(b == c);
}

// A Secret has no JSON conversion: `nlohmann::json j = Secret("x");` must not
// compile. This is checked by the type trait below rather than by a build
// failure, so the test suite stays buildable.
TEST(SecretTest, HasNoJsonConversion) { EXPECT_FALSE((std::is_constructible_v<nlohmann::json, Secret>)); }

}  // namespace
}  // namespace ark
