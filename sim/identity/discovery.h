// OpenID Connect discovery, JWKS and MSAL's instance discovery.
#pragma once

#include "http/router.h"
#include "serve/context.h"

namespace m365sim::identity {

void RegisterDiscoveryRoutes(http::Router& login, Context& ctx);

}  // namespace m365sim::identity
