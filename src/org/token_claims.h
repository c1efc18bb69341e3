// The few claims Ark365 reads from tokens it received: directory roles (wids), app roles (roles), the
// account.
//
// Microsoft asks clients to treat Graph access tokens as opaque, so these
// are only hints with a fallback: when a token is not a readable JWT (or a
// claim is absent), the callers ask Graph instead (/me/memberOf, the service
// principal's app role assignments). Nothing here verifies a signature: the
// tokens came straight from the token endpoint over TLS.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/secret.h"

namespace ark::org {

struct TokenClaims {
  std::optional<std::vector<std::string>> wids;   // directory role template ids (delegated tokens)
  std::optional<std::vector<std::string>> roles;  // application permissions (app-only tokens)
  std::string upn;                                // upn, else preferred_username, else unique_name
  std::string tenant_id;                          // tid
};

// nullopt when `token` is not a JWT with a JSON payload.
std::optional<TokenClaims> ReadTokenClaims(const Secret& token);

}  // namespace ark::org
