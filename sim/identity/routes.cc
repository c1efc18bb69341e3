// Route table of the login listener.
#include "identity/routes.h"

#include "identity/discovery.h"

namespace m365sim::identity {

void RegisterRoutes(http::Router& login, Context& ctx) { RegisterDiscoveryRoutes(login, ctx); }

}  // namespace m365sim::identity
