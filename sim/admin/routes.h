// The /_sim/v1 admin API on the graph listener (docs/m365sim.md), authenticated by the sim token.
#pragma once

#include "http/router.h"
#include "serve/context.h"

namespace m365sim::admin {

void RegisterRoutes(http::Router& graph, Context& ctx);

}  // namespace m365sim::admin
