// The directory role table and the consent rules that depend on roles.
#include "tenant/roles.h"

#include <algorithm>
#include <string>

#include "common/text.h"

namespace m365sim::tenant {
namespace {

bool HoldsAny(const std::vector<std::string>& held, std::initializer_list<std::string_view> wanted) {
  return std::any_of(held.begin(), held.end(), [&](const std::string& r) {
    return std::find(wanted.begin(), wanted.end(), r) != wanted.end();
  });
}

}  // namespace

const std::vector<DirectoryRoleTemplate>& DirectoryRoleTemplates() {
  static const std::vector<DirectoryRoleTemplate> table = {
      {kGlobalAdministrator, "Global Administrator",
       "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra "
       "identities."},
      {kPrivilegedRoleAdministrator, "Privileged Role Administrator",
       "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity "
       "Management."},
      {kExchangeAdministrator, "Exchange Administrator", "Can manage all aspects of the Exchange product."},
      {kSharePointAdministrator, "SharePoint Administrator",
       "Can manage all aspects of the SharePoint service."},
      {kTeamsAdministrator, "Teams Administrator", "Can manage the Microsoft Teams service."},
      {kApplicationAdministrator, "Application Administrator",
       "Can create and manage all aspects of app registrations and enterprise apps."},
      {kCloudApplicationAdministrator, "Cloud Application Administrator",
       "Can create and manage all aspects of app registrations and enterprise apps except App Proxy."},
  };
  return table;
}

const DirectoryRoleTemplate* FindDirectoryRoleTemplate(std::string_view id_or_name) {
  for (const auto& t : DirectoryRoleTemplates()) {
    if (t.id == id_or_name || EqualsIgnoreCase(t.display_name, id_or_name)) return &t;
  }
  return nullptr;
}

bool CanGrantGraphApplicationPermissions(const std::vector<std::string>& role_template_ids) {
  return HoldsAny(role_template_ids, {kGlobalAdministrator, kPrivilegedRoleAdministrator});
}

bool CanConsentForOrganization(const std::vector<std::string>& role_template_ids) {
  return HoldsAny(role_template_ids, {kGlobalAdministrator, kPrivilegedRoleAdministrator,
                                      kApplicationAdministrator, kCloudApplicationAdministrator});
}

}  // namespace m365sim::tenant
