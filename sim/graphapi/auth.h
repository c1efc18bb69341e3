// Bearer-token validation for the Graph listener, and the permission checks handlers use.
//
// Validation follows Graph: a missing, malformed, badly signed, expired or
// not-yet-valid token, or one for another audience or tenant, gets 401
// InvalidAuthenticationToken with
//   WWW-Authenticate: Bearer realm="",
//   authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize",
//   client_id="00000003-0000-0000-c000-000000000000"
// Times are judged on the SimClock with five minutes of skew on nbf only.
// Verified tokens are cached (signature and claims are checked once per token;
// the times on every request), so that a Graph request costs no RSA
// verification or JWT parsing after the first.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "graphapi/caller.h"
#include "http/router.h"
#include "tenant/clock.h"
#include "tokens/token_signer.h"

namespace m365sim::graphapi {

using ProtectedHandler = std::function<http::Response(http::Request&, const Caller&)>;

class GraphAuth {
 public:
  GraphAuth(const tokens::TokenSigner& signer, const tenant::SimClock& clock, std::string tenant_id)
      : signer_(signer), clock_(clock), tenant_id_(std::move(tenant_id)) {}

  // The caller, or the 401 response to send.
  std::variant<Caller, http::Response> Authenticate(http::Request& request) const;

  // Wraps `handler` so that it runs only with a valid token.
  http::Handler Protect(ProtectedHandler handler) const;

 private:
  struct Verified {
    std::shared_ptr<const Caller> caller;
    int64_t not_before = 0;
    int64_t expires = 0;
  };
  // The caller of a token whose signature, audience and tenant are valid, or
  // the 401; times are checked by the caller of this function.
  std::variant<Verified, http::Response> Verify(http::Request& request, std::string_view token) const;
  std::variant<std::shared_ptr<const Caller>, http::Response> Check(http::Request& request) const;

  const tokens::TokenSigner& signer_;
  const tenant::SimClock& clock_;
  std::string tenant_id_;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, Verified> cache_;
};

// The 401 Graph returns for a bad token, with its WWW-Authenticate header.
http::Response InvalidToken(http::Request& request, std::string_view message);

// nullopt when the caller holds one of `roles` (app-only) or `scopes`
// (delegated); otherwise the 403 to return, with `code` and `message`
// (directory default: Authorization_RequestDenied, "Insufficient privileges
// to complete the operation.").
std::optional<http::Response> RequirePermission(
    http::Request& request, const Caller& caller, const std::vector<std::string_view>& roles,
    const std::vector<std::string_view>& scopes, std::string_view code = "Authorization_RequestDenied",
    std::string_view message = "Insufficient privileges to complete the operation.");

}  // namespace m365sim::graphapi
