// Built-in Entra directory roles the emulator assigns, with their real role template ids.
#pragma once

#include <string_view>
#include <vector>

namespace m365sim::tenant {

struct DirectoryRoleTemplate {
  std::string_view id;
  std::string_view display_name;
  std::string_view description;
};

inline constexpr std::string_view kGlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
inline constexpr std::string_view kPrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";
inline constexpr std::string_view kExchangeAdministrator = "29232cdf-9323-42fd-ade2-1d097af3e4de";
inline constexpr std::string_view kSharePointAdministrator = "f28a1f50-f6e7-4571-818b-6a12f2af6b6c";
inline constexpr std::string_view kTeamsAdministrator = "69091246-20e8-4a56-aa4d-066075b2a7a8";
inline constexpr std::string_view kApplicationAdministrator = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
inline constexpr std::string_view kCloudApplicationAdministrator = "158c047a-c907-4556-b7ef-446551a6b5f7";

const std::vector<DirectoryRoleTemplate>& DirectoryRoleTemplates();
// By id or (case-insensitive) display name; nullptr when unknown.
const DirectoryRoleTemplate* FindDirectoryRoleTemplate(std::string_view id_or_name);

// Roles allowed to consent for the whole organization and to grant application
// permissions of Microsoft Graph (app role assignments to Graph).
bool CanGrantGraphApplicationPermissions(const std::vector<std::string>& role_template_ids);
// Roles allowed to tick "Consent on behalf of your organization" for delegated scopes.
bool CanConsentForOrganization(const std::vector<std::string>& role_template_ids);

}  // namespace m365sim::tenant
