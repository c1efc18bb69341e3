// Handlers of the directory endpoints (part 1): /me, memberOf, /organization, service principals, app roles.
#pragma once

#include "graphapi/caller.h"
#include "http/request.h"
#include "http/response.h"
#include "serve/context.h"

namespace m365sim::directory {

http::Response GetOrganization(Context& ctx, http::Request& request, const graphapi::Caller& caller);
http::Response GetMe(Context& ctx, http::Request& request, const graphapi::Caller& caller);
// /me/memberOf and /users/{id}/memberOf: groups and directory roles.
http::Response ListMemberOf(Context& ctx, http::Request& request, const graphapi::Caller& caller);
http::Response ListServicePrincipals(Context& ctx, http::Request& request, const graphapi::Caller& caller);
http::Response GetServicePrincipal(Context& ctx, http::Request& request, const graphapi::Caller& caller);
// /servicePrincipals/{id}/appRoleAssignments (granted to it) and /appRoleAssignedTo (granted on it).
http::Response ListAppRoleAssignments(Context& ctx, http::Request& request, const graphapi::Caller& caller,
                                      bool assigned_to);
http::Response CreateAppRoleAssignment(Context& ctx, http::Request& request, const graphapi::Caller& caller);
http::Response DeleteAppRoleAssignment(Context& ctx, http::Request& request, const graphapi::Caller& caller);

}  // namespace m365sim::directory
