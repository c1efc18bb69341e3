#include "core/redact.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

TEST(RedactTest, FormBodyOfATokenRequest) {
  std::string body =
      "client_id=535fb089&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
      "&client_secret=Zx8Q~s3cr3t.value&grant_type=client_credentials";
  EXPECT_EQ(Redact(body),
            "client_id=535fb089&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            "&client_secret=***&grant_type=client_credentials");
}

TEST(RedactTest, EveryCredentialKeyInAForm) {
  std::string body =
      "password=pw1&refresh_token=rt1&code=c1&client_assertion=eyJa.b.c&device_code=dc1"
      "&code_verifier=cv1&username=alice";
  EXPECT_EQ(Redact(body),
            "password=***&refresh_token=***&code=***&client_assertion=***&device_code=***"
            "&code_verifier=***&username=alice");
}

TEST(RedactTest, QueryStringOfARedirectUrl) {
  EXPECT_EQ(Redact("GET https://localhost/cb?code=OAQABAAIAAAD--x&state=abc HTTP/1.1"),
            "GET https://localhost/cb?code=***&state=abc HTTP/1.1");
  EXPECT_EQ(Redact("https://files/dl?tempauth=v1.eyJhbGc&x=1"), "https://files/dl?tempauth=***&x=1");
}

TEST(RedactTest, AuthorizationHeaderAndBearerTokens) {
  EXPECT_EQ(Redact("Authorization: Bearer eyJ0eXAiOiJKV1Qi.abc.def\r\nHost: x"),
            "Authorization: ***\r\nHost: x");
  EXPECT_EQ(Redact("authorization:Basic dXNlcjpwYXNz"), "authorization:***");
  EXPECT_EQ(Redact("{\"Authorization\":\"Bearer eyJabc.def\"}"), "{\"Authorization\":\"Bearer ***\"}");
  EXPECT_EQ(Redact("Proxy-Authorization: Basic abc"), "Proxy-Authorization: ***");
}

TEST(RedactTest, JsonMembers) {
  EXPECT_EQ(Redact(R"({"access_token":"eyJ0.a.b","token_type":"Bearer","refresh_token" : "0.AR8"})"),
            R"({"access_token":"***","token_type":"Bearer","refresh_token" : "***"})");
  EXPECT_EQ(Redact(R"({"password":"p\"w","user":"bob"})"), R"({"password":"***","user":"bob"})");
}

TEST(RedactTest, GraphErrorCodeInJsonIsKept) {
  std::string body = R"({"error":{"code":"itemNotFound","message":"The resource could not be found."}})";
  EXPECT_EQ(Redact(body), body);
}

TEST(RedactTest, KeysMatchOnlyWholeWords) {
  EXPECT_EQ(Redact("error_codes=[7000215]&zipcode=12345&passwords_expire=no"),
            "error_codes=[7000215]&zipcode=12345&passwords_expire=no");
  EXPECT_EQ(Redact("CLIENT_SECRET=abc"), "CLIENT_SECRET=***");
}

TEST(RedactTest, TextWithoutCredentialsIsUnchanged) {
  std::string text = "GET /v1.0/users?$top=999&$select=id,displayName 200 12ms";
  EXPECT_EQ(Redact(text), text);
  EXPECT_EQ(Redact(""), "");
  EXPECT_EQ(Redact("code="), "code=");
}

}  // namespace
}  // namespace ark
