// Client authentication at the token endpoint: secrets (post and basic) and certificate assertions.
//
// Confidential apps must authenticate (AADSTS7000218 otherwise); public
// clients must not (AADSTS700025). A secret is compared with every secret of
// the app: a match with an expired one is AADSTS7000222, no match 7000215.
// An assertion (private_key_jwt) is checked as Entra does: RS256 with "x5t"
// (SHA-1 thumbprint) or PS256 with "x5t#S256" (SHA-256 thumbprint) naming a
// registered certificate (700027), a valid signature (700027), "aud" equal to
// this tenant's token endpoint — on our host or login.microsoftonline.com,
// with tenant id or domain (700027), "iss" = "sub" = client id (700021,
// 50048), "exp"/"nbf" with five minutes of skew (700024), and a "jti" never
// seen before (700027).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "http/request.h"
#include "identity/aad_errors.h"
#include "identity/state.h"
#include "tenant/model.h"

namespace m365sim::identity {

struct ClientAuthResult {
  // "appidacr" of the tokens: "0" public client, "1" secret, "2" certificate.
  std::string appidacr;
};

struct ClientAuthInput {
  const http::Request* request = nullptr;
  const http::Params* form = nullptr;
  const tenant::Application* app = nullptr;
  const tenant::Tenant* tenant = nullptr;
  TimePoint now;
  IdentityState* state = nullptr;
};

// The client id the request names: form "client_id", or the user of an HTTP
// Basic Authorization header (client_secret_basic). Empty when neither.
std::string RequestedClientId(const http::Request& request, const http::Params& form);

std::variant<ClientAuthResult, AadError> AuthenticateClient(const ClientAuthInput& input);

}  // namespace m365sim::identity
