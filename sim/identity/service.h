// IdentityService: the handlers of the identity platform, sharing the context, state and token issuer.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "http/request.h"
#include "http/response.h"
#include "identity/aad_errors.h"
#include "identity/state.h"
#include "identity/tenant_segment.h"
#include "identity/token_issuer.h"
#include "serve/context.h"

namespace m365sim::identity {

// A client that passed authentication at the token endpoint (copied out of the store).
struct AuthenticatedClient {
  tenant::Application app;
  tenant::ServicePrincipal sp;
  std::string tenant_name;  // the directory's display name, as AADSTS texts name it
  std::string appidacr;     // "0" public, "1" secret, "2" certificate
};

class IdentityService {
 public:
  explicit IdentityService(Context& ctx) : ctx_(ctx), state_(*ctx.identity), issuer_(ctx) {}

  // Token endpoint (token_endpoint.cc).
  http::Response Token(http::Request& request);
  http::Response DeviceCodeRequest(http::Request& request);

  // Browser pages (authorize.cc, device_login.cc, admin_consent.cc).
  http::Response Authorize(http::Request& request);
  http::Response SignInPost(http::Request& request);
  http::Response MfaPost(http::Request& request);
  http::Response ConsentPost(http::Request& request);
  http::Response NativeClient(http::Request& request);
  http::Response DeviceLoginPage(http::Request& request);
  http::Response DeviceLoginPost(http::Request& request);
  http::Response AdminConsent(http::Request& request, bool v2);
  http::Response Logout(http::Request& request);

 private:
  http::Response Error(http::Request& request, const AadError& error) const {
    return AadErrorResponse(request, error, *ctx_.clock);
  }
  // Grants (token_endpoint.cc).
  std::variant<AuthenticatedClient, http::Response> AuthenticateRequestClient(http::Request& request,
                                                                              const http::Params& form);
  http::Response ClientCredentials(http::Request& request, const http::Params& form,
                                   const ResolvedTenant& tenant);
  http::Response AuthorizationCode(http::Request& request, const http::Params& form,
                                   const ResolvedTenant& tenant);
  http::Response RefreshTokenGrant(http::Request& request, const http::Params& form,
                                   const ResolvedTenant& tenant);
  http::Response DeviceCodeGrant(http::Request& request, const http::Params& form,
                                 const ResolvedTenant& tenant);
  http::Response Password(http::Request& request, const http::Params& form, const ResolvedTenant& tenant);
  // Issues delegated tokens for `user_id` after checking the account and consent.
  http::Response IssueDelegated(http::Request& request, const http::Params& form,
                                const std::string& client_id, const std::string& user_id,
                                const ScopeRequest& scopes, const std::vector<std::string>& amr,
                                const std::string& appidacr, const std::string& nonce);

  // Sign-in flow steps (authorize.cc).
  http::Response ContinueFlow(http::Request& request, SignInFlow flow);
  http::Response FinishAuthorize(http::Request& request, SignInFlow& flow);
  http::Response FinishDevice(http::Request& request, SignInFlow& flow);
  http::Response FinishAdminConsent(http::Request& request, SignInFlow& flow, bool accepted);
  http::Response WithSession(http::Response response, const SignInFlow& flow);
  std::optional<BrowserSession> SessionOf(const http::Request& request);

  Context& ctx_;
  IdentityState& state_;
  TokenIssuer issuer_;
};

}  // namespace m365sim::identity
