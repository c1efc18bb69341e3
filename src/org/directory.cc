// Directory reads and app role grants over Microsoft Graph (see directory.h).
#include "org/directory.h"

#include "core/encoding.h"

namespace ark::org {

std::optional<std::string> ServicePrincipal::AppRoleId(std::string_view value) const {
  for (const auto& [role_value, role_id] : app_roles) {
    if (role_value == value) return role_id;
  }
  return std::nullopt;
}

std::optional<std::string> ServicePrincipal::AppRoleValue(std::string_view role_id) const {
  for (const auto& [value, id_of_role] : app_roles) {
    if (id_of_role == role_id) return value;
  }
  return std::nullopt;
}

Result<std::vector<nlohmann::json>> Directory::All(const std::string& url) {
  std::vector<nlohmann::json> items;
  std::string next = url;
  // A bound on pages keeps a misbehaving server from looping us forever.
  for (int page = 0; page < 10000 && !next.empty(); ++page) {
    ARK_ASSIGN_OR_RETURN(nlohmann::json body, call_("GET", next, nullptr));
    if (body.contains("value") && body["value"].is_array()) {
      for (auto& v : body["value"]) items.push_back(std::move(v));
    }
    next = body.value("@odata.nextLink", "");
  }
  return items;
}

Result<TenantDetails> Directory::Organization() {
  ARK_ASSIGN_OR_RETURN(std::vector<nlohmann::json> orgs, All("/organization"));
  if (orgs.empty() || !orgs.front().is_object()) {
    return Unavailable("Microsoft Graph returned no organization for this tenant; try again later");
  }
  const nlohmann::json& o = orgs.front();
  TenantDetails t;
  t.id = o.value("id", "");
  t.display_name = o.value("displayName", "");
  if (o.contains("verifiedDomains") && o["verifiedDomains"].is_array()) {
    for (const auto& d : o["verifiedDomains"]) {
      std::string name = d.value("name", "");
      if (name.empty()) continue;
      t.verified_domains.push_back(name);
      if (d.value("isDefault", false)) t.default_domain = name;
    }
  }
  if (t.default_domain.empty() && !t.verified_domains.empty()) t.default_domain = t.verified_domains.front();
  return t;
}

Result<ServicePrincipal> Directory::ServicePrincipalOf(std::string_view app_id) {
  std::string filter = "appId eq '" + std::string(app_id) + "'";
  ARK_ASSIGN_OR_RETURN(
      std::vector<nlohmann::json> found,
      All("/servicePrincipals?$filter=" + PercentEncode(filter) + "&$select=id,appId,displayName,appRoles"));
  if (found.empty()) {
    return NotFound(app_id == kGraphAppId
                        ? std::string("Microsoft Graph has no service principal in this tenant")
                        : "the application " + std::string(app_id) +
                              " has no service principal (enterprise application) in this tenant; check the "
                              "Application ID, or have an administrator consent to the application once");
  }
  const nlohmann::json& sp = found.front();
  ServicePrincipal out;
  out.id = sp.value("id", "");
  out.app_id = sp.value("appId", "");
  out.display_name = sp.value("displayName", "");
  if (sp.contains("appRoles") && sp["appRoles"].is_array()) {
    for (const auto& role : sp["appRoles"]) {
      out.app_roles.emplace_back(role.value("value", ""), role.value("id", ""));
    }
  }
  return out;
}

Result<std::set<std::string>> Directory::GrantedAppRoles(const ServicePrincipal& principal,
                                                         const ServicePrincipal& resource) {
  ARK_ASSIGN_OR_RETURN(std::vector<nlohmann::json> assignments,
                       All("/servicePrincipals/" + principal.id + "/appRoleAssignments"));
  std::set<std::string> out;
  for (const auto& a : assignments) {
    if (a.value("resourceId", "") != resource.id) continue;
    if (std::optional<std::string> v = resource.AppRoleValue(a.value("appRoleId", ""))) out.insert(*v);
  }
  return out;
}

Status Directory::AssignAppRole(const ServicePrincipal& principal, const ServicePrincipal& resource,
                                std::string_view app_role_value) {
  std::optional<std::string> role = resource.AppRoleId(app_role_value);
  if (!role) {
    return NotFound(resource.display_name + " offers no application permission named " +
                    std::string(app_role_value));
  }
  nlohmann::json body = {{"principalId", principal.id}, {"resourceId", resource.id}, {"appRoleId", *role}};
  Result<nlohmann::json> r = call_("POST", "/servicePrincipals/" + resource.id + "/appRoleAssignedTo", &body);
  return r.status();
}

Result<std::string> Directory::MyUpn() {
  ARK_ASSIGN_OR_RETURN(nlohmann::json me, call_("GET", "/me?$select=id,userPrincipalName", nullptr));
  return me.value("userPrincipalName", "");
}

Result<std::vector<DirectoryRole>> Directory::MyDirectoryRoles() {
  ARK_ASSIGN_OR_RETURN(std::vector<nlohmann::json> groups, All("/me/memberOf"));
  std::vector<DirectoryRole> roles;
  for (const auto& g : groups) {
    if (g.value("@odata.type", "") != "#microsoft.graph.directoryRole") continue;
    roles.push_back({g.value("roleTemplateId", ""), g.value("displayName", "")});
  }
  return roles;
}

}  // namespace ark::org
