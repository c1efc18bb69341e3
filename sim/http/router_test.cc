// Tests of Router (matching, parameters, 404/405, middleware order) and of query/form parsing.
#include "http/router.h"

#include <gtest/gtest.h>

namespace m365sim::http {
namespace {

Request Make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  auto [path, query] = SplitTarget(r.target);
  r.path = *DecodePath(path);
  r.query = Params::Parse(query);
  return r;
}

Handler Echo(std::string name) {
  return [name](Request& r) {
    std::string body = name;
    for (const auto& [k, v] : r.params) body += " " + k + "=" + v;
    return Response::Text(200, body);
  };
}

TEST(RouterTest, MatchesLiteralSegmentsIgnoringCase) {
  Router router;
  router.Add("GET", "/v1.0/users/{id}/mailFolders", Echo("folders"));
  Request r = Make("GET", "/V1.0/USERS/abc/MAILFOLDERS");
  Response res = router.Dispatch(r);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "folders id=abc");
}

TEST(RouterTest, ParametersArePercentDecodedPerSegment) {
  Router router;
  router.Add("GET", "/items/{id}", Echo("item"));
  Request r = Make("GET", "/items/a%2Fb%20c");
  EXPECT_EQ(router.Dispatch(r).body, "item id=a/b c");
}

TEST(RouterTest, RestParameterTakesTheRemainingPath) {
  Router router;
  router.Add("GET", "/dl/{path*}", Echo("dl"));
  Request r = Make("GET", "/dl/a/b/c");
  EXPECT_EQ(router.Dispatch(r).body, "dl path=a/b/c");
}

TEST(RouterTest, MostLiteralPatternWins) {
  Router router;
  router.Add("GET", "/users/{id}", Echo("user"));
  router.Add("GET", "/users/delta", Echo("delta"));
  Request r = Make("GET", "/users/delta");
  EXPECT_EQ(router.Dispatch(r).body, "delta");
  Request r2 = Make("GET", "/users/42");
  EXPECT_EQ(router.Dispatch(r2).body, "user id=42");
}

TEST(RouterTest, UnknownPathIs404AndWrongMethodIs405) {
  Router router;
  router.Add("POST", "/token", Echo("token"));
  Request a = Make("GET", "/token");
  EXPECT_EQ(router.Dispatch(a).status, 405);
  Request b = Make("GET", "/nothing");
  EXPECT_EQ(router.Dispatch(b).status, 404);
}

TEST(RouterTest, MiddlewareRunsOutermostFirstAndSeesNotFound) {
  Router router;
  router.Add("GET", "/x", Echo("x"));
  router.Use([](Request& r, const Handler& next) {
    Response res = next(r);
    res.headers.Add("order", "outer");
    return res;
  });
  router.Use([](Request& r, const Handler& next) {
    Response res = next(r);
    res.headers.Add("order", "inner");
    return res;
  });
  Request r = Make("GET", "/x");
  Response res = router.Dispatch(r);
  ASSERT_EQ(res.headers.fields().size(), 3u);  // Content-Type, inner, outer
  EXPECT_EQ(res.headers.fields()[1].second, "inner");
  EXPECT_EQ(res.headers.fields()[2].second, "outer");
  Request missing = Make("GET", "/y");
  EXPECT_TRUE(router.Dispatch(missing).headers.Has("ORDER"));
}

TEST(ParamsTest, ParsesFormBodiesInOrderWithPlusAsSpace) {
  Params p = Params::Parse("scope=User.Read+openid&grant_type=password&x=%7E&scope=again&empty=");
  EXPECT_EQ(p.GetOr("scope"), "User.Read openid");
  EXPECT_EQ(p.Count("scope"), 2u);
  EXPECT_EQ(p.GetOr("x"), "~");
  EXPECT_TRUE(p.Has("empty"));
  EXPECT_FALSE(p.Has("missing"));
  EXPECT_EQ(Params::Parse(p.Encode()).GetOr("scope"), "User.Read openid");
}

TEST(UrlTest, AppendQueryAndHtmlEscape) {
  Params p;
  p.Add("code", "a b&c");
  EXPECT_EQ(AppendQuery("http://localhost/cb", p), "http://localhost/cb?code=a%20b%26c");
  EXPECT_EQ(AppendQuery("http://localhost/cb?x=1", p), "http://localhost/cb?x=1&code=a%20b%26c");
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace
}  // namespace m365sim::http
