// Tenant lookups and the derived views (granted permissions, group memberships).
#include "tenant/model.h"

#include <algorithm>
#include <sstream>

#include "common/text.h"
#include "tenant/graph_permissions.h"

namespace m365sim::tenant {
namespace {

template <typename Vec, typename Pred>
auto FindIf(Vec& v, Pred pred) -> decltype(&v[0]) {
  auto it = std::find_if(v.begin(), v.end(), pred);
  return it == v.end() ? nullptr : &*it;
}

}  // namespace

const std::string& Organization::InitialDomain() const {
  for (const auto& d : domains) {
    if (d.is_initial) return d.name;
  }
  static const std::string kNone;
  return domains.empty() ? kNone : domains.front().name;
}

const User* Tenant::FindUser(std::string_view key) const {
  return FindIf(users,
                [&](const User& u) { return u.id == key || EqualsIgnoreCase(u.user_principal_name, key); });
}
User* Tenant::FindUser(std::string_view key) {
  return FindIf(users,
                [&](const User& u) { return u.id == key || EqualsIgnoreCase(u.user_principal_name, key); });
}
const Group* Tenant::FindGroup(std::string_view id) const {
  return FindIf(groups, [&](const Group& g) { return g.id == id; });
}
const Application* Tenant::FindApplicationByAppId(std::string_view app_id) const {
  return FindIf(applications, [&](const Application& a) { return EqualsIgnoreCase(a.app_id, app_id); });
}
Application* Tenant::FindApplicationByAppId(std::string_view app_id) {
  return FindIf(applications, [&](const Application& a) { return EqualsIgnoreCase(a.app_id, app_id); });
}
const ServicePrincipal* Tenant::FindServicePrincipal(std::string_view id) const {
  return FindIf(service_principals, [&](const ServicePrincipal& s) { return s.id == id; });
}
const ServicePrincipal* Tenant::FindServicePrincipalByAppId(std::string_view app_id) const {
  return FindIf(service_principals,
                [&](const ServicePrincipal& s) { return EqualsIgnoreCase(s.app_id, app_id); });
}
const Domain* Tenant::FindDomain(std::string_view name) const {
  return FindIf(organization.domains, [&](const Domain& d) { return EqualsIgnoreCase(d.name, name); });
}

bool Tenant::Matches(std::string_view segment) const {
  return EqualsIgnoreCase(organization.id, segment) || FindDomain(segment) != nullptr;
}

std::vector<std::string> Tenant::GrantedGraphAppRoles(std::string_view sp_id) const {
  std::vector<std::string> out;
  const ServicePrincipal* graph = GraphServicePrincipal();
  if (graph == nullptr) return out;
  for (const auto& a : app_role_assignments) {
    if (a.principal_id != sp_id || a.resource_id != graph->id) continue;
    for (const auto& role : graph->app_roles) {
      if (role.id == a.app_role_id && std::find(out.begin(), out.end(), role.value) == out.end()) {
        out.push_back(role.value);
      }
    }
  }
  return out;
}

std::vector<std::string> Tenant::GrantedGraphScopes(std::string_view sp_id, std::string_view user_id) const {
  std::vector<std::string> out;
  const ServicePrincipal* graph = GraphServicePrincipal();
  if (graph == nullptr) return out;
  for (const auto& g : oauth2_permission_grants) {
    if (g.client_id != sp_id || g.resource_id != graph->id) continue;
    if (g.consent_type != "AllPrincipals" && g.principal_id != user_id) continue;
    std::istringstream in(g.scope);
    std::string scope;
    while (in >> scope) {
      if (std::find(out.begin(), out.end(), scope) == out.end()) out.push_back(scope);
    }
  }
  return out;
}

std::vector<const Group*> Tenant::GroupsOf(std::string_view user_id) const {
  std::vector<const Group*> out;
  for (const auto& g : groups) {
    if (std::find(g.member_ids.begin(), g.member_ids.end(), user_id) != g.member_ids.end()) out.push_back(&g);
  }
  return out;
}

}  // namespace m365sim::tenant
