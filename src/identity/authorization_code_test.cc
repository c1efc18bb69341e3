#include "identity/authorization_code.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace ark::identity {
namespace {

TEST(PkceTest, ChallengeMatchesRfc7636Example) {
  EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(AuthorizationTest, UrlCarriesEveryParameter) {
  Authority authority{"https://login.example", "contoso.onmicrosoft.com"};
  AuthorizationOptions o;
  o.client_id = "cid";
  o.redirect_uri = "https://login.example/common/oauth2/nativeclient";
  o.scopes = {"https://graph.microsoft.com/.default", "offline_access"};
  o.login_hint = "adele@contoso.com";
  o.prompt = "select_account";
  AuthorizationRequest r = BeginAuthorization(authority, o);
  EXPECT_TRUE(r.url.starts_with(
      "https://login.example/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=cid&"));
  for (std::string part :
       {"response_type=code", "response_mode=query",
        "redirect_uri=https%3A%2F%2Flogin.example%2Fcommon%2Foauth2%2Fnativeclient",
        "scope=https%3A%2F%2Fgraph.microsoft.com%2F.default%20offline_access", "code_challenge_method=S256",
        "login_hint=adele%40contoso.com", "prompt=select_account"}) {
    EXPECT_NE(r.url.find(part), std::string::npos) << part << " in " << r.url;
  }
  EXPECT_NE(r.url.find("&state=" + r.state), std::string::npos);
  EXPECT_NE(r.url.find("&code_challenge=" + PkceChallenge(r.code_verifier.reveal())), std::string::npos);
  EXPECT_EQ(r.code_verifier.reveal().size(), 43u);
  EXPECT_EQ(r.url.find(std::string(r.code_verifier.reveal())), std::string::npos);  // only its hash travels
  AuthorizationRequest again = BeginAuthorization(authority, o);
  EXPECT_NE(again.state, r.state);
  EXPECT_FALSE(again.code_verifier == r.code_verifier);
}

TEST(PastedResponseTest, BareCodeIsAccepted) {
  Result<Secret> c = ReadPastedAuthorizationResponse("  0.AXoA-abc_DEF.123~xyz \n", "s1");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->reveal(), "0.AXoA-abc_DEF.123~xyz");
}

TEST(PastedResponseTest, WholeRedirectAddressWithMatchingState) {
  Result<Secret> c = ReadPastedAuthorizationResponse(
      "https://login.example/common/oauth2/nativeclient?code=0.AXo%2Bcode&state=s1&session_state=x", "s1");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->reveal(), "0.AXo+code");
  Result<Secret> local =
      ReadPastedAuthorizationResponse("http://localhost:8400/?state=s1&code=abcdefgh", "s1");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->reveal(), "abcdefgh");
  Result<Secret> fragment =
      ReadPastedAuthorizationResponse("https://app.example/cb#code=frag12345&state=s1", "s1");
  ASSERT_TRUE(fragment.ok()) << fragment.status().message();
  EXPECT_EQ(fragment->reveal(), "frag12345");
  EXPECT_TRUE(ReadPastedAuthorizationResponse("code=abcdefgh&state=s1", "s1").ok());
}

TEST(PastedResponseTest, StateMismatchOrMissingIsRefused) {
  for (const char* pasted :
       {"https://x.example/cb?code=abcdefgh&state=other", "https://x.example/cb?code=abcdefgh"}) {
    Result<Secret> c = ReadPastedAuthorizationResponse(pasted, "s1");
    ASSERT_FALSE(c.ok()) << pasted;
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(c.status().message().find("another sign-in"), std::string::npos);
  }
}

TEST(PastedResponseTest, ErrorsAndGarbageAreExplained) {
  Result<Secret> denied = ReadPastedAuthorizationResponse(
      "https://x.example/"
      "cb?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.&state=s1",
      "s1");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(denied.status().message().find("AADSTS65004: User declined to consent."), std::string::npos)
      << denied.status().message();
  EXPECT_EQ(ReadPastedAuthorizationResponse("", "s").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadPastedAuthorizationResponse("hello world", "s").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadPastedAuthorizationResponse("https://x.example/cb?state=s", "s").status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ark::identity
