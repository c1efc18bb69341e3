// The Microsoft identity platform's v2.0 endpoints on the login listener.
#pragma once

#include "http/router.h"
#include "serve/context.h"

namespace m365sim::identity {

// Registers discovery, JWKS, authorize (sign-in, MFA, consent pages), token,
// device code, admin consent and logout. `ctx` must outlive the router.
void RegisterRoutes(http::Router& login, Context& ctx);

}  // namespace m365sim::identity
