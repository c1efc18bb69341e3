// Route table of the /_sim/v1 admin API.
#include "admin/routes.h"

#include "admin/handlers.h"

namespace m365sim::admin {

void RegisterRoutes(http::Router& graph, Context& ctx) {
  auto add = [&](const char* method, const char* pattern, Handler handler) {
    graph.Add(method, pattern, Authenticated(ctx, std::move(handler)));
  };
  // Unauthenticated liveness probe; also the reference route of bench/sim (the cheapest answer the server
  // gives).
  graph.Add("GET", "/_sim/v1/ping", [](http::Request&) { return http::Response::Text(200, "pong"); });
  add("GET", "/_sim/v1/tenant", GetTenant);
  add("GET", "/_sim/v1/clock", GetClock);
  add("PUT", "/_sim/v1/clock", SetClock);
  add("GET", "/_sim/v1/counters", GetCounters);
  add("DELETE", "/_sim/v1/counters", ResetCounters);

  add("GET", "/_sim/v1/accounts", ListAccounts);
  add("POST", "/_sim/v1/accounts", CreateAccount);
  add("GET", "/_sim/v1/accounts/{account}", GetAccount);
  add("PATCH", "/_sim/v1/accounts/{account}", UpdateAccount);
  add("DELETE", "/_sim/v1/accounts/{account}", DeleteAccount);
  add("POST", "/_sim/v1/accounts/{account}/revoke-sessions", RevokeSessions);
  add("GET", "/_sim/v1/accounts/{account}/mfa", GetPendingMfa);
  add("GET", "/_sim/v1/devicecodes", ListDeviceCodes);
  add("POST", "/_sim/v1/devicecodes/{user_code}/approve", ApproveDeviceCode);
  add("POST", "/_sim/v1/devicecodes/{user_code}/decline", DeclineDeviceCode);

  add("GET", "/_sim/v1/apps", ListApps);
  add("POST", "/_sim/v1/apps", CreateApp);
  add("GET", "/_sim/v1/apps/{app}", GetApp);
  add("PATCH", "/_sim/v1/apps/{app}", UpdateApp);
  add("DELETE", "/_sim/v1/apps/{app}", DeleteApp);
  add("POST", "/_sim/v1/apps/{app}/secrets", AddSecret);
  add("POST", "/_sim/v1/apps/{app}/secrets/{key}/expire", ExpireSecret);
  add("POST", "/_sim/v1/apps/{app}/consent", GrantConsent);
  add("DELETE", "/_sim/v1/apps/{app}/consent", RevokeConsent);
}

}  // namespace m365sim::admin
