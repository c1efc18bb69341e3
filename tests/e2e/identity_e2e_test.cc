// Every sign-in flow of src/identity against m365sim's identity platform, with success and each refusal.
#include <gtest/gtest.h>

#include <atomic>

#include "core/file.h"
#include "e2e/sign_in_pages.h"
#include "e2e/sim_fixture.h"
#include "identity/aadsts.h"
#include "identity/authorization_code.h"
#include "identity/token_client.h"
#include "identity/token_provider.h"

namespace ark::testing {
namespace {

using identity::AadstsCodeOf;
using identity::AppCredentials;
using identity::Authority;
using identity::CertificateCredential;
using identity::ClientCertificate;
using identity::SignatureAlgorithm;
using identity::TokenClient;
using identity::TokenSet;

const std::vector<std::string> kDelegated = {"https://graph.microsoft.com/User.Read", "offline_access",
                                             "openid", "profile"};

class IdentityE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = new Sim(); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }

  static std::unique_ptr<TokenClient> Client(const std::string& app_case,
                                             identity::ClientCredential credential, std::string tenant = "",
                                             std::string upn = "") {
    identity::TokenClientOptions o;
    o.sleep = [](std::chrono::milliseconds) {};  // retries and polling without waiting: the emulator is local
    Authority authority{sim_->authority_host(), tenant.empty() ? sim_->tenant_id() : tenant};
    return std::make_unique<TokenClient>(
        sim_->http(), authority, AppCredentials{sim_->App(app_case).at("client_id"), std::move(credential)},
        identity::SignInContext{"Contoso", app_case, std::move(upn)}, o);
  }
  static Secret AppSecret(const std::string& app_case) {
    return Secret(sim_->App(app_case).at("client_secret"));
  }
  static std::shared_ptr<const ClientCertificate> PemCertificate(const std::string& app_case) {
    const auto& app = sim_->App(app_case);
    auto cert = ClientCertificate::FromPem(*ReadFile(app.at("certificate_pem")),
                                           Secret(*ReadFile(app.at("private_key_pem"))));
    EXPECT_TRUE(cert.ok()) << cert.status().message();
    return std::make_shared<const ClientCertificate>(std::move(cert).value());
  }
  static const nlohmann::json& User(const std::string& c) { return sim_->Account(c); }

  // The token works on Graph: GET /organization answers 200.
  static void ExpectGraphAccepts(const TokenSet& t) {
    http::HttpRequest r;
    r.url = sim_->graph_base() + "/organization";
    r.headers.Set("Authorization", "Bearer " + std::string(t.access.value.reveal()));
    auto response = sim_->http().Send(r);
    ASSERT_TRUE(response.ok()) << response.status().message();
    EXPECT_EQ(response->status, 200) << response->body;
  }
  static void ExpectAadsts(const Result<TokenSet>& r, int64_t code, StatusCode status) {
    ASSERT_FALSE(r.ok()) << "expected AADSTS" << code;
    EXPECT_EQ(AadstsCodeOf(r.status()), code) << r.status().ToString();
    EXPECT_EQ(r.status().code(), status) << r.status().ToString();
  }

  // Signs in through the pages with a public client; returns the pasted address and the request.
  static std::pair<std::string, identity::AuthorizationRequest> BrowserCode(const std::string& account_case,
                                                                            bool accept = true) {
    const auto& app = sim_->App("ark365-public-client");
    identity::AuthorizationOptions o;
    o.client_id = app.at("client_id");
    o.redirect_uri = app.at("redirect_uri");  // the native-client page that shows the code
    o.scopes = kDelegated;
    o.login_hint = User(account_case).at("upn");
    identity::AuthorizationRequest request =
        identity::BeginAuthorization(Authority{sim_->authority_host(), sim_->tenant_id()}, o);
    auto address = SignInWithBrowser(
        *sim_, request.url, {User(account_case).at("upn"), User(account_case).at("password"), accept});
    EXPECT_TRUE(address.ok()) << address.status().message();
    return {address.value_or(""), request};
  }

  static Sim* sim_;
};
Sim* IdentityE2eTest::sim_ = nullptr;

// --- client credentials -------------------------------------------------------------------------------

TEST_F(IdentityE2eTest, AppOnlyWithSecret) {
  auto t = Client("ark365-backup", AppSecret("ark365-backup"))->AcquireForApp();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_GT(t->access.expires_at, std::chrono::system_clock::now() + std::chrono::minutes(30));
  EXPECT_FALSE(t->refresh_token.has_value());
  ExpectGraphAccepts(*t);
}

TEST_F(IdentityE2eTest, AppOnlyWithCertificateRs256AndPs256) {
  for (auto alg : {SignatureAlgorithm::kRs256, SignatureAlgorithm::kPs256}) {
    for (bool x5c : {false, true}) {
      CertificateCredential cred{PemCertificate("ark365-certificate-only"), {alg, x5c}};
      auto t = Client("ark365-certificate-only", cred)->AcquireForApp();
      ASSERT_TRUE(t.ok()) << t.status().ToString();
      ExpectGraphAccepts(*t);
    }
  }
}

TEST_F(IdentityE2eTest, AppOnlyWithCertificateFromPfx) {
  const auto& app = sim_->App("ark365-backup");
  auto cert = ClientCertificate::FromPfx(*ReadFile(app.at("pfx")), Secret(app.at("pfx_password")));
  ASSERT_TRUE(cert.ok()) << cert.status().message();
  CertificateCredential cred{std::make_shared<const ClientCertificate>(std::move(cert).value()), {}};
  auto t = Client("ark365-backup", cred)->AcquireForApp();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
}

TEST_F(IdentityE2eTest, WrongSecret7000215) {
  auto r = Client("ark365-backup", Secret("not-the-secret"))->AcquireForApp();
  ExpectAadsts(r, 7000215, StatusCode::kUnauthenticated);
  EXPECT_TRUE(r.status().message().starts_with(
      "the application secret of Contoso is not valid for app ark365-backup"));
  EXPECT_EQ(r.status().ToString().find("not-the-secret"), std::string::npos);
}

TEST_F(IdentityE2eTest, ExpiredSecret7000222) {
  auto r = Client("ark365-expired-secret", AppSecret("ark365-expired-secret"))->AcquireForApp();
  ExpectAadsts(r, 7000222, StatusCode::kUnauthenticated);
  EXPECT_EQ(
      r.status().message(),
      "the application secret of Contoso expired; create a new secret in Entra ID → App registrations → "
      "ark365-expired-secret → Certificates & secrets and run `ark365 org set-credentials` (AADSTS7000222)");
}

TEST_F(IdentityE2eTest, UnknownApp700016) {
  identity::TokenClientOptions o;
  TokenClient client(sim_->http(), Authority{sim_->authority_host(), sim_->tenant_id()},
                     AppCredentials{"00000000-1111-2222-3333-444444444444", Secret("x")}, {"Contoso", "", ""},
                     o);
  ExpectAadsts(client.AcquireForApp(), 700016, StatusCode::kNotFound);
}

TEST_F(IdentityE2eTest, UnregisteredCertificate700027) {
  // ark365-backup's own certificate is not registered on the certificate-only app.
  CertificateCredential cred{PemCertificate("ark365-backup"), {}};
  ExpectAadsts(Client("ark365-certificate-only", cred)->AcquireForApp(), 700027,
               StatusCode::kUnauthenticated);
}

TEST_F(IdentityE2eTest, AssertionOutsideTimeRange700024) {
  CertificateCredential cred{PemCertificate("ark365-certificate-only"), {}};
  identity::TokenClientOptions o;
  o.clock = [] {
    return std::chrono::system_clock::now() - std::chrono::hours(2);
  };  // this machine's clock is off
  TokenClient client(sim_->http(), Authority{sim_->authority_host(), sim_->tenant_id()},
                     AppCredentials{sim_->App("ark365-certificate-only").at("client_id"), cred},
                     {"Contoso", "", ""}, o);
  auto r = client.AcquireForApp();
  ExpectAadsts(r, 700024, StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("clock is wrong"), std::string::npos);
}

TEST_F(IdentityE2eTest, UnknownTenant90002) {
  auto r =
      Client("ark365-backup", AppSecret("ark365-backup"), "no-such-tenant.onmicrosoft.com")->AcquireForApp();
  ExpectAadsts(r, 90002, StatusCode::kNotFound);
}

TEST_F(IdentityE2eTest, AppOnlyScopeWithoutDefault1002012OrInvalid70011) {
  auto r = Client("ark365-backup", AppSecret("ark365-backup"))
               ->AcquireForApp("https://graph.microsoft.com/User.Read.All");
  ASSERT_FALSE(r.ok());
  auto code = AadstsCodeOf(r.status());
  EXPECT_TRUE(code == 1002012 || code == 70011) << r.status().ToString();
}

// --- password grant (legacy Basic mode) ------------------------------------------------------------------

TEST_F(IdentityE2eTest, PasswordGrantForNonMfaAccount) {
  const auto& u = User("user");
  auto t = Client("ark365-public-client", std::monostate{})
               ->AcquireByPassword(u.at("upn"), Secret(u.at("password")), kDelegated);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_TRUE(t->refresh_token.has_value());
  ASSERT_TRUE(t->id_token.has_value());
  auto claims = identity::ReadIdTokenClaims(*t->id_token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->preferred_username, u.at("upn"));
  EXPECT_EQ(claims->tid, sim_->tenant_id());
}

TEST_F(IdentityE2eTest, PasswordGrantRefusals) {
  auto client = Client("ark365-public-client", std::monostate{});
  auto with = [&](const std::string& c, const std::string& pw) {
    return client->AcquireByPassword(User(c).at("upn"), Secret(pw), kDelegated);
  };
  ExpectAadsts(with("user", "wrong-password"), 50126, StatusCode::kUnauthenticated);
  auto mfa = with("user-mfa", User("user-mfa").at("password"));
  ExpectAadsts(mfa, 50076, StatusCode::kFailedPrecondition);
  EXPECT_EQ(mfa.status().message(),
            User("user-mfa").at("upn").get<std::string>() +
                " requires MFA, which the password sign-in cannot do; use Hybrid or Modern "
                "authentication (`ark365 set migrate-auth`) (AADSTS50076)");
  ExpectAadsts(with("user-mfa-registration-required", User("user-mfa-registration-required").at("password")),
               50079, StatusCode::kFailedPrecondition);
  ExpectAadsts(with("disabled", User("disabled").at("password")), 50057, StatusCode::kPermissionDenied);
  auto federated = with("federated", User("federated").at("password"));
  ASSERT_FALSE(federated.ok());
  EXPECT_TRUE(AadstsCodeOf(federated.status()).has_value());
  // The seed's "non-MFA ADFS account" works.
  EXPECT_TRUE(with("federated-adfs-no-mfa", User("federated-adfs-no-mfa").at("password")).ok());
}

TEST_F(IdentityE2eTest, PasswordGrantOnCommon9001023) {
  const auto& u = User("user");
  auto r = Client("ark365-public-client", std::monostate{}, "common")
               ->AcquireByPassword(u.at("upn"), Secret(u.at("password")), kDelegated);
  ExpectAadsts(r, 9001023, StatusCode::kInvalidArgument);
}

TEST_F(IdentityE2eTest, PasswordGrantAppAndAccountRefusals) {
  const auto& u = User("user");
  // No consent for the app in this tenant: 65001.
  auto unconsented = Client("ark365-unconsented", AppSecret("ark365-unconsented"))
                         ->AcquireByPassword(u.at("upn"), Secret(u.at("password")), kDelegated);
  ExpectAadsts(unconsented, 65001, StatusCode::kPermissionDenied);
  // An account that does not exist: 50034.
  auto nobody = Client("ark365-public-client", std::monostate{})
                    ->AcquireByPassword("nobody@" + sim_->Get("tenant_domain"), Secret("x"), kDelegated);
  ExpectAadsts(nobody, 50034, StatusCode::kNotFound);
  // A confidential app that sends no credential (7000218), a public one that sends a secret (700025).
  ExpectAadsts(Client("ark365-backup", std::monostate{})
                   ->AcquireByPassword(u.at("upn"), Secret(u.at("password")), kDelegated),
               7000218, StatusCode::kUnauthenticated);
  ExpectAadsts(Client("ark365-public-client", Secret("a-secret"))
                   ->AcquireByPassword(u.at("upn"), Secret(u.at("password")), kDelegated),
               700025, StatusCode::kInvalidArgument);
}

TEST_F(IdentityE2eTest, PasswordTokenProviderAsksForThePasswordWhenItSignsIn) {
  const auto& u = User("user");
  int asked = 0;
  auto provider = identity::MakePasswordTokenProvider(
      std::shared_ptr<TokenClient>(Client("ark365-public-client", std::monostate{})), u.at("upn"),
      [&]() -> Result<Secret> {
        ++asked;
        return Secret(u.at("password"));
      },
      kDelegated);
  ASSERT_TRUE(provider->Token().ok());
  ASSERT_TRUE(provider->Token().ok());
  EXPECT_EQ(asked, 1);
}

// --- authorization code + PKCE (Hybrid / Modern migration) ----------------------------------------------

TEST_F(IdentityE2eTest, AuthorizationCodePastedAsWholeAddressOrBareCode) {
  auto [address, request] = BrowserCode("user");
  ASSERT_NE(address.find("code="), std::string::npos) << address;
  auto code = identity::ReadPastedAuthorizationResponse(address, request.state);
  ASSERT_TRUE(code.ok()) << code.status().message();
  auto client = Client("ark365-public-client", std::monostate{});
  auto t = client->RedeemCode(*code, request, kDelegated);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(t->refresh_token.has_value());
  ExpectGraphAccepts(*t);
  // The same code again: 54005.
  ExpectAadsts(client->RedeemCode(*code, request, kDelegated), 54005, StatusCode::kFailedPrecondition);

  auto [address2, request2] = BrowserCode("user");
  auto bare = identity::ReadPastedAuthorizationResponse(address2, request2.state);
  ASSERT_TRUE(bare.ok());
  EXPECT_TRUE(client->RedeemCode(Secret(std::string(bare->reveal())), request2, kDelegated).ok());
}

TEST_F(IdentityE2eTest, AuthorizationCodeWithMfaStep) {
  auto [address, request] = BrowserCode("user-mfa");
  auto code = identity::ReadPastedAuthorizationResponse(address, request.state);
  ASSERT_TRUE(code.ok()) << address;
  auto t = Client("ark365-public-client", std::monostate{})->RedeemCode(*code, request, kDelegated);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
}

TEST_F(IdentityE2eTest, AuthorizationCodeStateAndPkceChecks) {
  auto [address, request] = BrowserCode("user");
  // A pasted address from another sign-in is refused before redeeming.
  EXPECT_EQ(identity::ReadPastedAuthorizationResponse(address, "another-state").status().code(),
            StatusCode::kInvalidArgument);
  auto code = identity::ReadPastedAuthorizationResponse(address, request.state);
  ASSERT_TRUE(code.ok());
  identity::AuthorizationRequest forged = request;
  forged.code_verifier = Secret("a-verifier-that-does-not-match-the-challenge-at-all");
  ExpectAadsts(Client("ark365-public-client", std::monostate{})->RedeemCode(*code, forged, kDelegated),
               501481, StatusCode::kInvalidArgument);
}

TEST_F(IdentityE2eTest, DeclinedConsentIsReportedFromThePastedAddress) {
  // A new app that nobody has consented to yet: the consent page appears, and the user cancels it.
  auto app = sim_->Admin(
      "POST", "/apps",
      {{"name", "decline-test"}, {"public_client", true}, {"redirect_uris", {"http://localhost"}}});
  ASSERT_TRUE(app.ok()) << app.status().message();
  identity::AuthorizationOptions o;
  o.client_id = app->value("client_id", app->value("appId", ""));
  ASSERT_FALSE(o.client_id.empty()) << app->dump();
  o.redirect_uri = "http://localhost";
  o.scopes = kDelegated;
  auto request = identity::BeginAuthorization(Authority{sim_->authority_host(), sim_->tenant_id()}, o);
  const auto& u = User("sharepoint-admin");
  auto address =
      SignInWithBrowser(*sim_, request.url, {u.at("upn"), u.at("password"), /*accept_consent=*/false});
  ASSERT_TRUE(address.ok()) << address.status().message();
  auto code = identity::ReadPastedAuthorizationResponse(*address, request.state);
  ASSERT_FALSE(code.ok()) << *address;
  EXPECT_EQ(code.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(code.status().message().find("AADSTS65004"), std::string::npos) << code.status().message();
}

// --- refresh tokens -------------------------------------------------------------------------------------

TEST_F(IdentityE2eTest, RefreshRotatesAndPersistsThroughTheCallback) {
  const auto& u = User("user");
  auto client = std::shared_ptr<TokenClient>(Client("ark365-public-client", std::monostate{}));
  auto first = client->AcquireByPassword(u.at("upn"), Secret(u.at("password")), kDelegated);
  ASSERT_TRUE(first.ok());
  std::vector<std::string> stored;
  auto provider = identity::MakeRefreshTokenProvider(client, *first->refresh_token, kDelegated, u.at("upn"),
                                                     [&](const Secret& rt) {
                                                       stored.emplace_back(rt.reveal());
                                                       return Status::Ok();
                                                     });
  auto token = provider->Token();
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_NE(stored[0], first->refresh_token->reveal());
  provider->Invalidate(*token);  // as after a 401
  ASSERT_TRUE(provider->Token().ok());
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_NE(stored[1], stored[0]);
}

TEST_F(IdentityE2eTest, RefreshAfterNinetyDaysIdle700082) {
  const auto& u = User("user");
  auto client = Client("ark365-public-client", std::monostate{}, "", u.at("upn"));
  auto first = client->AcquireByPassword(u.at("upn"), Secret(u.at("password")), kDelegated);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(sim_->Admin("PUT", "/clock", {{"offset_seconds", 91 * 24 * 3600}}).ok());
  auto r = client->Refresh(*first->refresh_token, kDelegated, u.at("upn").get<std::string>());
  ASSERT_TRUE(sim_->Admin("PUT", "/clock", {{"offset_seconds", 0}}).ok());
  ExpectAadsts(r, 700082, StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find(u.at("upn").get<std::string>()), std::string::npos);
}

TEST_F(IdentityE2eTest, ExpiredAuthorizationCode70008) {
  auto [address, request] = BrowserCode("user");
  auto code = identity::ReadPastedAuthorizationResponse(address, request.state);
  ASSERT_TRUE(code.ok());
  auto client = Client("ark365-public-client", std::monostate{});
  ASSERT_TRUE(sim_->Admin("PUT", "/clock", {{"offset_seconds", 3600}}).ok());
  auto late = client->RedeemCode(*code, request, kDelegated);
  ASSERT_TRUE(sim_->Admin("PUT", "/clock", {{"offset_seconds", 0}}).ok());
  ExpectAadsts(late, 70008, StatusCode::kUnauthenticated);
}

// --- device code ----------------------------------------------------------------------------------------

TEST_F(IdentityE2eTest, DeviceCodeApprovedDeclinedAndUnknown) {
  auto client = Client("ark365-public-client", std::monostate{});
  auto code = client->StartDeviceCode(kDelegated);
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_FALSE(code->message.empty());
  auto pending = client->PollDeviceCode(*code);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_FALSE(pending->has_value());  // authorization_pending: keep polling
  ASSERT_TRUE(
      sim_->Admin("POST", "/devicecodes/" + code->user_code + "/approve", {{"upn", User("user").at("upn")}})
          .ok());
  auto t = client->WaitForDeviceCode(*code);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ExpectGraphAccepts(*t);

  auto declined = client->StartDeviceCode(kDelegated);
  ASSERT_TRUE(declined.ok());
  ASSERT_TRUE(sim_->Admin("POST", "/devicecodes/" + declined->user_code + "/decline").ok());
  ExpectAadsts(client->WaitForDeviceCode(*declined), 70000, StatusCode::kPermissionDenied);

  identity::DeviceCode bogus = *declined;
  bogus.device_code = Secret("no-such-device-code");
  auto unknown = client->PollDeviceCode(bogus);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(AadstsCodeOf(unknown.status()), 70018);
}

TEST_F(IdentityE2eTest, DeviceCodeExpired70019) {
  auto client = Client("ark365-public-client", std::monostate{});
  auto code = client->StartDeviceCode(kDelegated);
  ASSERT_TRUE(code.ok());
  ASSERT_TRUE(sim_->Admin("PUT", "/clock", {{"offset_seconds", 3600}}).ok());
  auto r = client->PollDeviceCode(*code);
  ASSERT_TRUE(sim_->Admin("PUT", "/clock", {{"offset_seconds", 0}}).ok());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(AadstsCodeOf(r.status()), 70019);
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
}

// --- token cache under load -----------------------------------------------------------------------------

TEST_F(IdentityE2eTest, SixteenWorkersShareOneSignIn) {
  std::shared_ptr<TokenClient> client = Client("ark365-backup", AppSecret("ark365-backup"));
  auto before = sim_->Admin("GET", "/counters");
  ASSERT_TRUE(before.ok());
  auto provider = identity::MakeAppTokenProvider(client);
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) good += provider->Token().ok() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), 80);
  EXPECT_EQ(static_cast<identity::CachingTokenProvider*>(provider.get())->renewals(), 1);
}

}  // namespace
}  // namespace ark::testing
