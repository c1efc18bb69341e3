#include "identity/aadsts.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace ark::identity {
namespace {

const char* kExpiredSecret =
    R"({"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app '1b2c' are expired.\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: 2026-01-01 10:00:00Z","error_codes":[7000222],"timestamp":"2026-01-01 10:00:00Z","trace_id":"t-1","correlation_id":"c-1","error_uri":"https://login.microsoftonline.com/error?code=7000222"})";

ErrorSubject Contoso() {
  return {{"Contoso", "ark365-backup", "adele@contoso.com"}, "1b2c", "contoso.onmicrosoft.com"};
}

TEST(AadstsTest, ParsesEntraErrorDocument) {
  std::optional<TokenEndpointError> e = ParseTokenEndpointError(401, kExpiredSecret);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->error, "invalid_client");
  EXPECT_EQ(e->code(), 7000222);
  EXPECT_EQ(e->trace_id, "t-1");
  EXPECT_EQ(e->correlation_id, "c-1");
  EXPECT_EQ(e->FirstLine(), "AADSTS7000222: The provided client secret keys for app '1b2c' are expired.");
  EXPECT_FALSE(ParseTokenEndpointError(500, "<html>oops</html>").has_value());
  EXPECT_FALSE(ParseTokenEndpointError(400, R"({"error":{"code":"x"}})").has_value());
}

TEST(AadstsTest, CodeFromDescriptionWhenErrorCodesAreMissing) {
  auto e = ParseTokenEndpointError(
      400, R"({"error":"invalid_grant","error_description":"AADSTS50126: Error validating credentials"})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code(), 50126);
}

TEST(AadstsTest, ExpiredSecretBecomesTheIssueMessage) {
  Status s = ToStatus(*ParseTokenEndpointError(401, kExpiredSecret), Contoso());
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(
      s.message(),
      "the application secret of Contoso expired; create a new secret in Entra ID → App registrations → "
      "ark365-backup → Certificates & secrets and run `ark365 org set-credentials` (AADSTS7000222)");
  ASSERT_NE(s.cause(), nullptr);
  EXPECT_NE(s.cause()->message().find("trace id t-1, correlation id c-1"), std::string::npos);
  EXPECT_NE(s.cause()->message().find("HTTP 401 invalid_client: AADSTS7000222:"), std::string::npos);
  EXPECT_EQ(AadstsCodeOf(s), 7000222);
}

TEST(AadstsTest, MfaMessageNamesTheAccountAndTheWayOut) {
  auto e = ParseTokenEndpointError(
      400,
      R"({"error":"interaction_required","error_description":"AADSTS50076: Due to a configuration change...","error_codes":[50076],"suberror":"basic_action"})");
  Status s = ToStatus(*e, Contoso());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "adele@contoso.com requires MFA, which the password sign-in cannot do; use Hybrid or Modern "
            "authentication (`ark365 set migrate-auth`) (AADSTS50076)");
}

TEST(AadstsTest, UnknownCodeFallsBackOnTheErrorValueWithEntrasLine) {
  auto e = ParseTokenEndpointError(
      400,
      R"({"error":"invalid_grant","error_description":"AADSTS99999: Something new.\r\nTrace ID: x","error_codes":[99999]})");
  Status s = ToStatus(*e, Contoso());
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(
      s.message(),
      "the sign-in for Contoso is no longer valid; sign in again; Entra ID says: AADSTS99999: Something new. "
      "(AADSTS99999)");
  auto odd = ParseTokenEndpointError(400, R"({"error":"brand_new_error","error_description":"AADSTS1: x"})");
  EXPECT_EQ(ToStatus(*odd, Contoso()).message(),
            "Entra ID refused the sign-in for Contoso: AADSTS1: x (AADSTS1)");
}

TEST(AadstsTest, PlaceholdersHaveFallbacksAndNoBracesRemain) {
  ErrorSubject bare{{}, "cid", "t"};
  for (const AadstsRule& r : AadstsRules()) {
    TokenEndpointError e;
    e.http_status = 400;
    e.error = std::string(r.error);
    if (r.code) e.codes = {r.code};
    std::string m = ToStatus(e, bare).message();
    EXPECT_EQ(m.find('{'), std::string::npos) << m;
    EXPECT_EQ(ToStatus(e, bare).code(), r.status) << r.code;
  }
}

TEST(AadstsTest, EveryEmulatedAndIssueCodeHasARow) {
  std::set<int64_t> codes;
  for (const AadstsRule& r : AadstsRules()) codes.insert(r.code);
  for (int64_t c : {7000215, 7000222, 700016, 700027, 700024,  90002, 50126,   50076, 50079, 50057,
                    65001,   54005,   501481, 700082, 9001023, 70011, 1002012, 70016, 70019, 70018}) {
    EXPECT_TRUE(codes.contains(c)) << c;
  }
}

// docs/errors.md is the documentation of this table: same codes, same messages.
TEST(AadstsTest, DocumentationMatchesTheTable) {
  std::ifstream in(ARK_SOURCE_DIR "/docs/errors.md");
  ASSERT_TRUE(in) << "docs/errors.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  int rows = 0;
  for (const AadstsRule& r : AadstsRules()) {
    std::string row = r.code ? "| " + std::to_string(r.code) + " | `" + std::string(r.error) + "` | "
                             : "| `" + std::string(r.error) + "` | ";
    row += std::string(StatusCodeName(r.status)) + " | " + std::string(r.message) + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/errors.md lacks the row:\n" << row;
    ++rows;
  }
  size_t doc_rows = 0;
  for (size_t at = doc.find("\n| "); at != std::string::npos; at = doc.find("\n| ", at + 1)) ++doc_rows;
  EXPECT_EQ(doc_rows, static_cast<size_t>(rows) + 2)
      << "docs/errors.md has rows the table does not (2 headers)";
}

}  // namespace
}  // namespace ark::identity
