// Directory handlers: permission checks as Graph makes them, then the JSON of graph_json.h.
#include "directory/handlers.h"

#include <algorithm>
#include <cctype>

#include "common/text.h"
#include "directory/graph_json.h"
#include "graphapi/auth.h"
#include "graphapi/errors.h"
#include "tenant/ids.h"
#include "tenant/roles.h"

namespace m365sim::directory {
namespace {

using graphapi::Caller;
using graphapi::GraphError;
using graphapi::GraphJson;

// Application permissions and delegated scopes that may read directory objects.
const std::vector<std::string_view> kReadAppRoles = {"Application.Read.All", "Application.ReadWrite.All",
                                                     "Directory.Read.All", "Directory.ReadWrite.All",
                                                     "AppRoleAssignment.ReadWrite.All"};
const std::vector<std::string_view> kReadScopes = {"Application.Read.All", "Directory.Read.All",
                                                   "Directory.AccessAsUser.All",
                                                   "AppRoleAssignment.ReadWrite.All"};

http::Response NotFound(http::Request& request, std::string_view id) {
  return GraphError(request, 404, "Request_ResourceNotFound",
                    "Resource '" + std::string(id) +
                        "' does not exist or one of its queried reference-property objects are not present.");
}

http::Response Collection(http::Request& request, std::string_view context, nlohmann::ordered_json values) {
  nlohmann::ordered_json body = {
      {"@odata.context", request.origin + "/v1.0/$metadata#" + std::string(context)},
      {"value", std::move(values)}};
  return GraphJson(request, body);
}

// The one $filter form the directory endpoints accept: "<property> eq '<value>'".
struct EqFilter {
  std::string property;
  std::string value;
};
std::optional<EqFilter> ParseEqFilter(const std::string& filter) {
  std::string_view f(filter);
  auto trim = [](std::string_view v) {
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return v;
  };
  f = trim(f);
  size_t space = f.find(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  std::string_view property = f.substr(0, space);
  std::string_view rest = trim(f.substr(space));
  if (rest.size() < 4 || !EqualsIgnoreCase(rest.substr(0, 3), "eq ")) return std::nullopt;
  std::string_view literal = trim(rest.substr(3));
  if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return std::nullopt;
  // OData escapes a quote inside a string literal by doubling it.
  std::string value;
  std::string_view body = literal.substr(1, literal.size() - 2);
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\'') {
      if (i + 1 >= body.size() || body[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    value += body[i];
  }
  for (char c : property) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return std::nullopt;
  }
  return EqFilter{std::string(property), value};
}

// `head` followed by every member of `object` (e.g. "@odata.context" or "@odata.type" first).
nlohmann::ordered_json Prepend(nlohmann::ordered_json head, const nlohmann::ordered_json& object) {
  for (const auto& [k, v] : object.items()) head[k] = v;
  return head;
}

}  // namespace

http::Response GetOrganization(Context& ctx, http::Request& request, const Caller& caller) {
  if (auto denied = graphapi::RequirePermission(
          request, caller,
          {"Organization.Read.All", "Directory.Read.All", "User.Read.All", "Directory.ReadWrite.All"},
          {"User.Read", "Organization.Read.All", "Directory.Read.All", "Directory.AccessAsUser.All"})) {
    return *denied;
  }
  auto org = ctx.store->Read([](const tenant::Tenant& t) { return OrganizationJson(t.organization); });
  return Collection(request, "organization", {SelectProperties(org, request.query.GetOr("$select"))});
}

http::Response GetMe(Context& ctx, http::Request& request, const Caller& caller) {
  if (caller.app_only) {
    return GraphError(request, 400, "BadRequest",
                      "/me request is only valid with delegated authentication flow.");
  }
  if (auto denied = graphapi::RequirePermission(
          request, caller, {},
          {"User.Read", "User.ReadBasic.All", "User.Read.All", "Directory.Read.All",
           "Directory.AccessAsUser.All", "User.ReadWrite.All"})) {
    return *denied;
  }
  auto user = ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<nlohmann::ordered_json> {
    const auto* u = t.FindUser(caller.object_id);
    return u ? std::optional(UserJson(*u)) : std::nullopt;
  });
  if (!user) return NotFound(request, caller.object_id);
  return GraphJson(request, Prepend({{"@odata.context", request.origin + "/v1.0/$metadata#users/$entity"}},
                                    SelectProperties(*user, request.query.GetOr("$select"))));
}

http::Response ListMemberOf(Context& ctx, http::Request& request, const Caller& caller) {
  std::string user_id(request.Param("id"));
  if (user_id.empty()) {
    if (caller.app_only) {
      return GraphError(request, 400, "BadRequest",
                        "/me request is only valid with delegated authentication flow.");
    }
    user_id = caller.object_id;
  }
  if (auto denied = graphapi::RequirePermission(
          request, caller, {"Directory.Read.All", "GroupMember.Read.All", "Group.Read.All", "User.Read.All"},
          {"User.Read", "User.ReadBasic.All", "User.Read.All", "GroupMember.Read.All", "Group.Read.All",
           "Directory.Read.All", "Directory.AccessAsUser.All"})) {
    return *denied;
  }
  auto values = ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<nlohmann::ordered_json> {
    const auto* u = t.FindUser(user_id);
    if (u == nullptr) return std::nullopt;
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto* g : t.GroupsOf(u->id)) {
      out.push_back(Prepend({{"@odata.type", "#microsoft.graph.group"}}, GroupJson(*g)));
    }
    for (const auto& role : t.directory_roles) {
      if (std::find(u->role_template_ids.begin(), u->role_template_ids.end(), role.role_template_id) ==
          u->role_template_ids.end()) {
        continue;
      }
      out.push_back(Prepend({{"@odata.type", "#microsoft.graph.directoryRole"}}, DirectoryRoleJson(role)));
    }
    return out;
  });
  if (!values) return NotFound(request, user_id);
  std::string select = request.query.GetOr("$select");
  for (auto& v : *values) v = SelectProperties(v, select);
  return Collection(request, "directoryObjects", std::move(*values));
}

http::Response ListServicePrincipals(Context& ctx, http::Request& request, const Caller& caller) {
  if (auto denied = graphapi::RequirePermission(request, caller, kReadAppRoles, kReadScopes)) return *denied;
  std::optional<EqFilter> filter;
  if (request.query.Has("$filter")) {
    filter = ParseEqFilter(request.query.GetOr("$filter"));
    if (!filter || (!EqualsIgnoreCase(filter->property, "appId") &&
                    !EqualsIgnoreCase(filter->property, "displayName"))) {
      return GraphError(request, 400, "Request_UnsupportedQuery",
                        "Unsupported or invalid query filter clause specified for property '" +
                            (filter ? filter->property : std::string("(unparsed)")) +
                            "' of resource 'ServicePrincipal'.");
    }
  }
  std::string select = request.query.GetOr("$select");
  auto values = ctx.store->Read([&](const tenant::Tenant& t) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& sp : t.service_principals) {
      if (filter) {
        const std::string& field = EqualsIgnoreCase(filter->property, "appId") ? sp.app_id : sp.display_name;
        if (!EqualsIgnoreCase(field, filter->value)) continue;
      }
      out.push_back(SelectProperties(ServicePrincipalJson(sp), select));
    }
    return out;
  });
  return Collection(request, "servicePrincipals", std::move(values));
}

http::Response GetServicePrincipal(Context& ctx, http::Request& request, const Caller& caller) {
  if (auto denied = graphapi::RequirePermission(request, caller, kReadAppRoles, kReadScopes)) return *denied;
  std::string id(request.Param("id"));
  auto sp = ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<nlohmann::ordered_json> {
    const auto* s = t.FindServicePrincipal(id);
    return s ? std::optional(ServicePrincipalJson(*s)) : std::nullopt;
  });
  if (!sp) return NotFound(request, id);
  return GraphJson(request,
                   Prepend({{"@odata.context", request.origin + "/v1.0/$metadata#servicePrincipals/$entity"}},
                           SelectProperties(*sp, request.query.GetOr("$select"))));
}

http::Response ListAppRoleAssignments(Context& ctx, http::Request& request, const Caller& caller,
                                      bool assigned_to) {
  if (auto denied = graphapi::RequirePermission(request, caller, kReadAppRoles, kReadScopes)) return *denied;
  std::string id(request.Param("id"));
  auto values = ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<nlohmann::ordered_json> {
    if (t.FindServicePrincipal(id) == nullptr) return std::nullopt;
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& a : t.app_role_assignments) {
      if ((assigned_to ? a.resource_id : a.principal_id) == id) out.push_back(AppRoleAssignmentJson(a));
    }
    return out;
  });
  if (!values) return NotFound(request, id);
  return Collection(
      request,
      "servicePrincipals('" + id + "')/" + (assigned_to ? "appRoleAssignedTo" : "appRoleAssignments"),
      std::move(*values));
}

// Granting an application permission: app-only callers need
// AppRoleAssignment.ReadWrite.All; delegated callers need that scope and, for
// Microsoft Graph's roles, a Global or Privileged Role Administrator.
std::optional<http::Response> CheckCanAssign(http::Request& request, const Caller& caller) {
  if (auto denied =
          graphapi::RequirePermission(request, caller, {"AppRoleAssignment.ReadWrite.All"},
                                      {"AppRoleAssignment.ReadWrite.All", "Directory.AccessAsUser.All"})) {
    return denied;
  }
  if (!caller.app_only && !caller.HasDirectoryRole(tenant::kGlobalAdministrator) &&
      !caller.HasDirectoryRole(tenant::kPrivilegedRoleAdministrator)) {
    return GraphError(request, 403, "Authorization_RequestDenied",
                      "Insufficient privileges to complete the operation.");
  }
  return std::nullopt;
}

http::Response CreateAppRoleAssignment(Context& ctx, http::Request& request, const Caller& caller) {
  if (auto denied = CheckCanAssign(request, caller)) return *denied;
  std::string resource_id(request.Param("id"));
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.value("principalId", nlohmann::json()).is_string() ||
      !body.value("appRoleId", nlohmann::json()).is_string()) {
    return GraphError(request, 400, "Request_BadRequest",
                      "Invalid request body: principalId, resourceId and appRoleId are required.");
  }
  std::string principal_id = body["principalId"], app_role_id = body["appRoleId"];
  if (body.contains("resourceId") && body["resourceId"] != resource_id) {
    return GraphError(request, 400, "Request_BadRequest",
                      "The resourceId of the body must be the service principal of the request URL.");
  }
  struct Outcome {
    int status;
    std::string message;
    nlohmann::ordered_json json;
  };
  Outcome outcome = ctx.store->Write([&](tenant::Tenant& t) -> Outcome {
    const auto* resource = t.FindServicePrincipal(resource_id);
    const auto* principal = t.FindServicePrincipal(principal_id);
    if (resource == nullptr) return {404, resource_id, {}};
    if (principal == nullptr) return {404, principal_id, {}};
    bool role_exists = std::any_of(resource->app_roles.begin(), resource->app_roles.end(),
                                   [&](const tenant::AppRole& r) { return r.id == app_role_id; });
    if (!role_exists) {
      return {400, "Permission being assigned was not found on application '" + resource->app_id + "'.", {}};
    }
    for (const auto& a : t.app_role_assignments) {
      if (a.principal_id == principal_id && a.resource_id == resource_id && a.app_role_id == app_role_id) {
        return {400, "Permission being assigned already exists on the object.", {}};
      }
    }
    tenant::AppRoleAssignment a{
        tenant::RandomBase64UrlId(32), app_role_id, principal_id,           "ServicePrincipal",
        principal->display_name,       resource_id, resource->display_name, ctx.clock->Now()};
    t.app_role_assignments.push_back(a);
    return {201, "", AppRoleAssignmentJson(a)};
  });
  if (outcome.status == 404) return NotFound(request, outcome.message);
  if (outcome.status == 400) return GraphError(request, 400, "Request_BadRequest", outcome.message);
  ctx.counters->Increment("graph/appRoleAssignedTo/create");
  return GraphJson(request,
                   Prepend({{"@odata.context", request.origin + "/v1.0/$metadata#servicePrincipals('" +
                                                   resource_id + "')/appRoleAssignedTo/$entity"}},
                           outcome.json),
                   201);
}

http::Response DeleteAppRoleAssignment(Context& ctx, http::Request& request, const Caller& caller) {
  if (auto denied = CheckCanAssign(request, caller)) return *denied;
  std::string resource_id(request.Param("id")), assignment_id(request.Param("assignment"));
  bool removed = ctx.store->Write([&](tenant::Tenant& t) {
    return std::erase_if(t.app_role_assignments, [&](const tenant::AppRoleAssignment& a) {
             return a.id == assignment_id && a.resource_id == resource_id;
           }) > 0;
  });
  if (!removed) return NotFound(request, assignment_id);
  return http::Response::Empty(204);
}

}  // namespace m365sim::directory
