// Directory: what the organization checks read and change in a tenant's directory through Microsoft Graph.
//
//   the tenant                      GET  /organization
//   the signed-in account's roles   GET  /me, /me/memberOf
//   an application's permissions    GET  /servicePrincipals?$filter=appId eq '…', …/appRoleAssignments
//   granting a permission           POST /servicePrincipals/{resource}/appRoleAssignedTo
//
// It sits on a GraphCall (the Graph client with a token provider), follows
// @odata.nextLink verbatim, and turns Graph's errors into messages that say
// which permission or role is missing.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "org/model.h"

namespace ark::org {

// One Graph request: `method` on `url` (absolute, or a path under the Graph
// base such as "/organization"), with a JSON body for POST. Returns the JSON
// body of a 2xx answer, or a Status made from Graph's error (its code and
// message, and the HTTP status as kPermissionDenied, kNotFound, ...).
using GraphCall = std::function<Result<nlohmann::json>(std::string_view method, const std::string& url,
                                                       const nlohmann::json* body)>;

// Microsoft Graph's application id, the same in every tenant and cloud.
inline constexpr std::string_view kGraphAppId = "00000003-0000-0000-c000-000000000000";

struct TenantDetails {
  std::string id;
  std::string display_name;
  std::string default_domain;
  std::vector<std::string> verified_domains;
};

struct ServicePrincipal {
  std::string id;
  std::string app_id;
  std::string display_name;
  // App roles the principal exposes as a resource: value ("Mail.Read") -> id.
  std::vector<std::pair<std::string, std::string>> app_roles;

  std::optional<std::string> AppRoleId(std::string_view value) const;
  std::optional<std::string> AppRoleValue(std::string_view role_id) const;
};

class Directory {
 public:
  explicit Directory(GraphCall call) : call_(std::move(call)) {}

  Result<TenantDetails> Organization();
  Result<ServicePrincipal> ServicePrincipalOf(std::string_view app_id);
  // The application permissions granted to `principal` on `resource` (by value).
  Result<std::set<std::string>> GrantedAppRoles(const ServicePrincipal& principal,
                                                const ServicePrincipal& resource);
  Status AssignAppRole(const ServicePrincipal& principal, const ServicePrincipal& resource,
                       std::string_view app_role_value);
  // The signed-in account's UPN and directory roles (delegated tokens only).
  Result<std::string> MyUpn();
  Result<std::vector<DirectoryRole>> MyDirectoryRoles();

 private:
  // Every item of a collection, following nextLinks.
  Result<std::vector<nlohmann::json>> All(const std::string& url);
  GraphCall call_;
};

}  // namespace ark::org
