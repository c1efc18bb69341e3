// The Graph directory endpoints of part 1: /me, /me/memberOf, /organization, service principals, app roles.
#pragma once

#include "http/router.h"
#include "serve/context.h"

namespace m365sim::directory {

void RegisterRoutes(http::Router& graph, Context& ctx);

}  // namespace m365sim::directory
