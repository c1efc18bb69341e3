// TokenClient's wire behaviour on a scripted peer: form fields, retries, polling. The grants themselves
// are tested end to end against m365sim (tests/e2e/identity_e2e_test.cc).
#include "identity/token_client.h"

#include <gtest/gtest.h>

#include <map>

#include "core/encoding.h"
#include "http/scripted_server.h"

namespace ark::identity {
namespace {

using http::testing::ScriptedReply;
using http::testing::ScriptedRequest;
using http::testing::ScriptedServer;
using namespace std::chrono_literals;

std::map<std::string, std::string> Form(const std::string& body) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t amp = body.find('&', pos);
    std::string pair = body.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = pair.find('=');
    out[pair.substr(0, eq)] = *PercentDecode(pair.substr(eq + 1));
    pos = amp == std::string::npos ? body.size() : amp + 1;
  }
  return out;
}

class TokenClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<TokenClient> Client(ScriptedServer& server, ClientCredential credential) {
    http_ = std::move(http::HttpClient::Create({}).value());
    TokenClientOptions o;
    o.sleep = [this](std::chrono::milliseconds d) { slept_.push_back(d); };
    o.clock = [] { return SystemTime(std::chrono::seconds(1'800'000'000)); };
    return std::make_unique<TokenClient>(*http_, Authority{server.Url(""), "contoso.onmicrosoft.com"},
                                         AppCredentials{"cid", std::move(credential)},
                                         SignInContext{"Contoso", "ark365-backup", ""}, o);
  }
  std::unique_ptr<http::HttpClient> http_;
  std::vector<std::chrono::milliseconds> slept_;
};

const char* kToken =
    R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0.a.b"})";

TEST_F(TokenClientTest, ClientCredentialsWithSecretPostsTheForm) {
  ScriptedServer server([](const ScriptedRequest&) { return ScriptedServer::Reply(200, kToken); });
  auto client = Client(server, Secret("s3cr&t="));
  Result<TokenSet> t = client->AcquireForApp();
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->access.value.reveal(), "eyJ0.a.b");
  EXPECT_EQ(t->access.expires_at - t->access.obtained_at, 3599s);
  EXPECT_FALSE(t->refresh_token.has_value());
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/contoso.onmicrosoft.com/oauth2/v2.0/token");
  EXPECT_EQ(requests[0].headers.GetOr("Content-Type"), "application/x-www-form-urlencoded;charset=utf-8");
  auto form = Form(requests[0].body);
  EXPECT_EQ(form["grant_type"], "client_credentials");
  EXPECT_EQ(form["client_id"], "cid");
  EXPECT_EQ(form["scope"], "https://graph.microsoft.com/.default");
  EXPECT_EQ(form["client_secret"], "s3cr&t=");
}

TEST_F(TokenClientTest, PublicClientCannotAskForAppOnlyTokens) {
  ScriptedServer server([](const ScriptedRequest&) { return ScriptedServer::Reply(200, kToken); });
  auto client = Client(server, std::monostate{});
  Result<TokenSet> t = client->AcquireForApp();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(TokenClientTest, ThrottlingAndServerErrorsAreRetriedHonouringRetryAfter) {
  int n = 0;
  ScriptedServer server([&](const ScriptedRequest&) {
    ++n;
    if (n == 1) return ScriptedServer::Reply(429, "", {{"Retry-After", "7"}});
    if (n == 2) return ScriptedServer::Reply(503, "");
    return ScriptedServer::Reply(200, kToken);
  });
  auto client = Client(server, Secret("s"));
  ASSERT_TRUE(client->AcquireForApp().ok());
  EXPECT_EQ(n, 3);
  ASSERT_EQ(slept_.size(), 2u);
  EXPECT_EQ(slept_[0], 7000ms);
  EXPECT_GE(slept_[1], 1000ms);  // second retry: half to all of twice the initial delay
  EXPECT_LE(slept_[1], 2000ms);
}

TEST_F(TokenClientTest, RetriesAreBounded) {
  ScriptedServer server([](const ScriptedRequest&) { return ScriptedServer::Reply(500, ""); });
  auto client = Client(server, Secret("s"));
  Result<TokenSet> t = client->AcquireForApp();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(server.requests().size(), 4u);
  EXPECT_NE(t.status().message().find("after 4 attempts"), std::string::npos) << t.status().message();
}

TEST_F(TokenClientTest, RefusalsAreNotRetriedAndBecomeActionable) {
  ScriptedServer server([](const ScriptedRequest&) {
    return ScriptedServer::Reply(
        401,
        R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215],"trace_id":"t"})");
  });
  auto client = Client(server, Secret("wrong"));
  Result<TokenSet> t = client->AcquireForApp();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(t.status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(t.status().message().starts_with(
      "the application secret of Contoso is not valid for app ark365-backup"));
  EXPECT_EQ(t.status().ToString().find("wrong"), std::string::npos);
}

TEST_F(TokenClientTest, DevicePollingWaitsWhilePendingAndSlowsDown) {
  int polls = 0;
  ScriptedServer server([&](const ScriptedRequest& r) {
    if (r.target.ends_with("/devicecode")) {
      return ScriptedServer::Reply(
          200,
          R"({"device_code":"DC","user_code":"ABCD-EFGH","verification_uri":"https://login.example/device","expires_in":900,"interval":5,"message":"To sign in, ..."})");
    }
    ++polls;
    if (polls == 1)
      return ScriptedServer::Reply(400, R"({"error":"authorization_pending","error_codes":[70016]})");
    if (polls == 2) return ScriptedServer::Reply(400, R"({"error":"slow_down"})");
    return ScriptedServer::Reply(
        200,
        R"({"token_type":"Bearer","expires_in":3599,"access_token":"at","refresh_token":"rt","scope":"Mail.Read"})");
  });
  auto client = Client(server, std::monostate{});
  Result<DeviceCode> code =
      client->StartDeviceCode({"https://graph.microsoft.com/Mail.Read", "offline_access"});
  ASSERT_TRUE(code.ok()) << code.status().message();
  EXPECT_EQ(code->user_code, "ABCD-EFGH");
  Result<TokenSet> t = client->WaitForDeviceCode(*code);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->refresh_token->reveal(), "rt");
  EXPECT_EQ(slept_, (std::vector<std::chrono::milliseconds>{5000ms, 10000ms}));
  auto form = Form(server.requests().back().body);
  EXPECT_EQ(form["grant_type"], "urn:ietf:params:oauth:grant-type:device_code");
  EXPECT_EQ(form["device_code"], "DC");
  EXPECT_FALSE(form.contains("client_secret"));
}

}  // namespace
}  // namespace ark::identity
