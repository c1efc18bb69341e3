// Tests of scope parsing and of the AADSTS error body.
#include "identity/scopes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace m365sim::identity {
namespace {

TEST(ScopesTest, BareAndResourceQualifiedGraphScopes) {
  ScopeRequest r;
  EXPECT_FALSE(
      ParseDelegatedScopes("user.read https://graph.microsoft.com/Mail.Read openid offline_access", "T", &r));
  EXPECT_EQ(r.graph, (std::vector<std::string>{"User.Read", "Mail.Read"}));
  EXPECT_TRUE(r.openid);
  EXPECT_TRUE(r.offline_access);
  EXPECT_FALSE(r.profile);
}

TEST(ScopesTest, DefaultScopeAndErrors) {
  ScopeRequest r;
  EXPECT_FALSE(ParseDelegatedScopes("https://graph.microsoft.com/.default", "T", &r));
  EXPECT_TRUE(r.graph_default);
  EXPECT_EQ(ParseDelegatedScopes("Nonsense.Scope", "T", &r)->code, 70011);
  EXPECT_EQ(ParseDelegatedScopes("https://other.example/x", "T", &r)->code, 500011);
  EXPECT_EQ(ParseDelegatedScopes("", "T", &r)->code, 900144);
  EXPECT_FALSE(CheckAppOnlyScope("https://graph.microsoft.com/.default", "T"));
  EXPECT_FALSE(CheckAppOnlyScope("00000003-0000-0000-c000-000000000000/.default", "T"));
  EXPECT_EQ(CheckAppOnlyScope("User.Read", "T")->code, 1002012);
}

TEST(ScopesTest, GrantedScopesReportTheMissingOnes) {
  ScopeRequest r;
  ASSERT_FALSE(ParseDelegatedScopes("User.Read Mail.Read openid", "T", &r));
  std::vector<std::string> missing;
  auto granted = GrantedScopes(r, {"User.Read", "Files.Read.All", "openid"}, &missing);
  EXPECT_EQ(missing, std::vector<std::string>{"Mail.Read"});
  EXPECT_EQ(granted, (std::vector<std::string>{"User.Read", "Files.Read.All"}));
  EXPECT_EQ(ResponseScope(granted, r),
            "https://graph.microsoft.com/User.Read https://graph.microsoft.com/Files.Read.All openid");
  EXPECT_EQ(ScpClaim(granted, r), "openid User.Read Files.Read.All");
}

TEST(AadErrorTest, BodyAndStatusAsEntra) {
  http::Request request;
  request.origin = "https://localhost:1";
  request.query.Add("client-request-id", "0c5a1e1e-1111-4222-8333-944444444444");
  tenant::SimClock clock;
  http::Response r = AadErrorResponse(request, aad::InvalidClientSecret("app"), clock);
  EXPECT_EQ(r.status, 401);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"], "invalid_client");
  EXPECT_EQ(j["error_codes"], nlohmann::json::array({7000215}));
  EXPECT_EQ(j["correlation_id"], "0c5a1e1e-1111-4222-8333-944444444444");
  EXPECT_EQ(j["error_uri"], "https://localhost:1/error?code=7000215");
  EXPECT_EQ(AadErrorResponse(request, aad::BadPassword(), clock).status, 400);
}

}  // namespace
}  // namespace m365sim::identity
