// Minting of access, ID and refresh tokens with Entra's claims, and the token response JSON.
//
// Access tokens for Graph are v1.0-shaped RS256 JWTs (aud
// https://graph.microsoft.com, iss https://sts.windows.net/{tid}/) as Entra
// issues for Graph: app-only tokens carry "roles", delegated ones "scp",
// "wids" (the user's directory role template ids), "upn" and "amr". ID tokens
// are v2.0 (aud = client id, iss = {authority host}/{tid}/v2.0). Lifetimes:
// the --token-lifetime option, else Entra's random 60-90 minutes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "identity/state.h"
#include "serve/context.h"

namespace m365sim::identity {

struct AppOnlyGrant {
  const tenant::Application* app = nullptr;
  const tenant::ServicePrincipal* sp = nullptr;
  std::vector<std::string> roles;
  std::string appidacr;
};

struct DelegatedGrant {
  const tenant::Application* app = nullptr;
  const tenant::User* user = nullptr;
  const tenant::Tenant* tenant = nullptr;
  ScopeRequest request;
  std::vector<std::string> graph_scopes;  // what the token carries
  std::vector<std::string> amr;
  std::string appidacr;
  std::string nonce;
  bool client_info = false;  // the client asked for client_info=1
};

class TokenIssuer {
 public:
  explicit TokenIssuer(Context& ctx) : ctx_(ctx) {}

  // {"token_type":"Bearer","expires_in":…,"ext_expires_in":…,"access_token":…}
  ark::Result<nlohmann::ordered_json> AppOnly(const AppOnlyGrant& grant, const std::string& tenant_id) const;
  // Adds "scope", "refresh_token" (with offline_access), "id_token" (with
  // openid) and "client_info"; the refresh token is recorded in `state`.
  ark::Result<nlohmann::ordered_json> Delegated(const DelegatedGrant& grant, const std::string& origin,
                                                IdentityState& state) const;

 private:
  int Lifetime() const;
  Context& ctx_;
};

}  // namespace m365sim::identity
