#include "org/token_claims.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace ark::org {
namespace {

Secret Jwt(const std::string& payload) {
  return Secret(Base64UrlEncode(R"({"alg":"RS256","typ":"JWT"})") + "." + Base64UrlEncode(payload) + ".sig");
}

TEST(TokenClaimsTest, ReadsRolesWidsAndAccount) {
  std::optional<TokenClaims> c = ReadTokenClaims(
      Jwt(R"({"wids":["62e90394-69f5-4237-9190-012177145e10"],"upn":"admin@contoso.com","tid":"t-1"})"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->wids, std::vector<std::string>{"62e90394-69f5-4237-9190-012177145e10"});
  EXPECT_FALSE(c->roles);
  EXPECT_EQ(c->upn, "admin@contoso.com");
  EXPECT_EQ(c->tenant_id, "t-1");
  std::optional<TokenClaims> app = ReadTokenClaims(Jwt(R"({"roles":["Mail.Read","Sites.Read.All"]})"));
  ASSERT_TRUE(app && app->roles);
  EXPECT_EQ(app->roles->size(), 2u);
  EXPECT_EQ(ReadTokenClaims(Jwt(R"({"preferred_username":"u@c.com"})"))->upn, "u@c.com");
}

TEST(TokenClaimsTest, OpaqueTokensGiveNothing) {
  EXPECT_FALSE(ReadTokenClaims(Secret("EwBwA8l6BAAU...opaque")));
  EXPECT_FALSE(ReadTokenClaims(Secret("a.b")));
  EXPECT_FALSE(ReadTokenClaims(Jwt("not json")));
}

}  // namespace
}  // namespace ark::org
