// Route table of the directory endpoints on the graph listener.
#include "directory/routes.h"

#include "directory/handlers.h"

namespace m365sim::directory {

void RegisterRoutes(http::Router& graph, Context& ctx) {
  const auto& auth = *ctx.graph_auth;
  graph.Add("GET", "/v1.0/organization", auth.Protect([&ctx](http::Request& r, const graphapi::Caller& c) {
    return GetOrganization(ctx, r, c);
  }));
}

}  // namespace m365sim::directory
