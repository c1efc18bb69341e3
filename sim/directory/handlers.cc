// Directory handlers: permission checks as Graph makes them, then the JSON of graph_json.h.
#include "directory/handlers.h"

#include "directory/graph_json.h"
#include "graphapi/auth.h"
#include "graphapi/errors.h"

namespace m365sim::directory {

http::Response GetOrganization(Context& ctx, http::Request& request, const graphapi::Caller& caller) {
  // Any authenticated caller may read the organization's basic properties with
  // User.Read; app-only callers need a directory read permission.
  if (auto denied = graphapi::RequirePermission(
          request, caller,
          {"Organization.Read.All", "Directory.Read.All", "User.Read.All", "Directory.ReadWrite.All"},
          {"User.Read", "Organization.Read.All", "Directory.Read.All", "Directory.AccessAsUser.All"})) {
    return *denied;
  }
  auto org = ctx.store->Read([](const tenant::Tenant& t) { return OrganizationJson(t.organization); });
  nlohmann::ordered_json body = {{"@odata.context", request.origin + "/v1.0/$metadata#organization"},
                                 {"value", {SelectProperties(org, request.query.GetOr("$select"))}}};
  return graphapi::GraphJson(request, body);
}

}  // namespace m365sim::directory
