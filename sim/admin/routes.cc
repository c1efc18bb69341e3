// Route table of the /_sim/v1 admin API.
#include "admin/routes.h"

#include "admin/handlers.h"

namespace m365sim::admin {

void RegisterRoutes(http::Router& graph, Context& ctx) {
  auto add = [&](const char* method, const char* pattern, Handler handler) {
    graph.Add(method, pattern, Authenticated(ctx, std::move(handler)));
  };
  add("GET", "/_sim/v1/tenant", GetTenant);
  add("GET", "/_sim/v1/clock", GetClock);
  add("PUT", "/_sim/v1/clock", SetClock);
  add("GET", "/_sim/v1/counters", GetCounters);
  add("DELETE", "/_sim/v1/counters", ResetCounters);
}

}  // namespace m365sim::admin
