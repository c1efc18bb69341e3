// TokenClient: the token and device-code endpoints of the Microsoft identity platform, every grant Ark365
// uses.
//
//   client credentials   app-only tokens with a secret or a certificate assertion (Modern authentication)
//   authorization code   + PKCE, the code pasted back by the user (Hybrid/Modern migration, seed 002)
//   refresh token        renews a delegated sign-in; the response carries a new refresh token to store
//   device code          sign-in from another device, for consoles without a browser
//   password (ROPC)      the seed's username + app password for non-MFA accounts (legacy Basic mode)
//
// Transient failures (connection errors, 429 and 5xx, with Retry-After
// honoured) are retried a bounded number of times; every other failure is an
// actionable Status from the AADSTS table (aadsts.h). Nothing is stored here:
// callers keep refresh tokens (encrypted) through their own callbacks.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/secret.h"
#include "core/status.h"
#include "http/http_client.h"
#include "http/retry.h"
#include "identity/authority.h"
#include "identity/authorization_code.h"
#include "identity/token.h"

namespace ark::identity {

// The scope of an app-only Graph token.
inline constexpr std::string_view kGraphDefaultScope = "https://graph.microsoft.com/.default";

struct DeviceCode {
  Secret device_code;
  std::string user_code;
  std::string verification_uri;
  // Entra's text for the user ("To sign in, use a web browser to open ...").
  std::string message;
  std::chrono::seconds interval{5};
  SystemTime expires_at{};
};

struct TokenClientOptions {
  http::BackoffPolicy retry{.max_attempts = 4,
                            .initial_delay = std::chrono::milliseconds(1000),
                            .multiplier = 2.0,
                            .max_delay = std::chrono::seconds(30),
                            .max_retry_after = std::chrono::minutes(2)};
  Clock clock = SystemClock();
  // How waiting is done (retries, device-code polling); tests pass their own.
  std::function<void(std::chrono::milliseconds)> sleep;
};

class TokenClient {
 public:
  TokenClient(http::HttpClient& http, Authority authority, AppCredentials app, SignInContext context,
              TokenClientOptions options = {});

  const Authority& authority() const { return authority_; }
  const AppCredentials& app() const { return app_; }
  const Clock& clock() const { return options_.clock; }

  // Client credentials: `scope` is "<resource>/.default".
  Result<TokenSet> AcquireForApp(std::string_view scope = kGraphDefaultScope);

  // Redeems a code from ReadPastedAuthorizationResponse() with the verifier
  // of the same AuthorizationRequest.
  Result<TokenSet> RedeemCode(const Secret& code, const AuthorizationRequest& request,
                              const std::vector<std::string>& scopes);

  Result<TokenSet> Refresh(const Secret& refresh_token, const std::vector<std::string>& scopes,
                           std::string_view upn = {});

  // ROPC. Fails with AADSTS50076/50079 for accounts that need MFA.
  Result<TokenSet> AcquireByPassword(const std::string& upn, const Secret& password,
                                     const std::vector<std::string>& scopes);

  Result<DeviceCode> StartDeviceCode(const std::vector<std::string>& scopes);
  // One poll: the tokens, nullopt while the user has not finished (the
  // interval grows by 5 s on slow_down), or the error that ends the flow.
  Result<std::optional<TokenSet>> PollDeviceCode(DeviceCode& code);
  // Polls at the server's interval until done, refused or expired.
  Result<TokenSet> WaitForDeviceCode(DeviceCode& code);

 private:
  struct Reply {
    int status = 0;
    Secret body;  // token responses carry tokens
  };
  // POSTs a form (plus the app's credential when `authenticate`), retrying
  // transient failures; any other HTTP status is returned as a Reply.
  Result<Reply> Post(const std::string& url, const Secret& form, bool authenticate);
  Result<TokenSet> ParseTokens(const Secret& body) const;
  // A grant at the token endpoint: tokens, or the actionable error.
  Result<TokenSet> Exchange(const Secret& form, std::string_view upn);
  Status ErrorOf(const Reply& reply, std::string_view upn) const;
  void Sleep(std::chrono::milliseconds d) const;

  http::HttpClient& http_;
  Authority authority_;
  AppCredentials app_;
  SignInContext context_;
  TokenClientOptions options_;
};

}  // namespace ark::identity
