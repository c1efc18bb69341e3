// Route table of the directory endpoints on the graph listener.
#include "directory/routes.h"

#include "directory/handlers.h"

namespace m365sim::directory {

void RegisterRoutes(http::Router& graph, Context& ctx) {
  const auto& auth = *ctx.graph_auth;
  using Fn = http::Response (*)(Context&, http::Request&, const graphapi::Caller&);
  auto add = [&](const char* method, const char* pattern, Fn fn) {
    graph.Add(method, pattern, auth.Protect([&ctx, fn](http::Request& r, const graphapi::Caller& c) {
      return fn(ctx, r, c);
    }));
  };
  add("GET", "/v1.0/organization", GetOrganization);
  add("GET", "/v1.0/me", GetMe);
  add("GET", "/v1.0/me/memberOf", ListMemberOf);
  add("GET", "/v1.0/users/{id}/memberOf", ListMemberOf);
  add("GET", "/v1.0/servicePrincipals", ListServicePrincipals);
  add("GET", "/v1.0/servicePrincipals/{id}", GetServicePrincipal);
  add("GET", "/v1.0/servicePrincipals/{id}/appRoleAssignments",
      [](Context& c, http::Request& r, const graphapi::Caller& caller) {
        return ListAppRoleAssignments(c, r, caller, false);
      });
  add("GET", "/v1.0/servicePrincipals/{id}/appRoleAssignedTo",
      [](Context& c, http::Request& r, const graphapi::Caller& caller) {
        return ListAppRoleAssignments(c, r, caller, true);
      });
  add("POST", "/v1.0/servicePrincipals/{id}/appRoleAssignedTo", CreateAppRoleAssignment);
  add("DELETE", "/v1.0/servicePrincipals/{id}/appRoleAssignedTo/{assignment}", DeleteAppRoleAssignment);
}

}  // namespace m365sim::directory
