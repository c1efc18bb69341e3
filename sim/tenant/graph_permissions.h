// Microsoft Graph's permissions: application roles and delegated scopes, with their real ids.
//
// The Microsoft Graph service principal of every generated tenant publishes
// these (Graph `appRoles` and `oauth2PermissionScopes`), consent pages list
// them, and tokens carry their values (`roles`, `scp`). The ids are
// Microsoft's published ones for the permissions Ark365 and its tests use;
// clients should still look permissions up by value, as Ark365 does.
#pragma once

#include <string_view>
#include <vector>

namespace m365sim::tenant {

struct GraphPermission {
  std::string_view value;  // "Mail.Read"
  std::string_view id;
  std::string_view display_name;
  std::string_view description;
  // Delegated scopes only: whether an administrator must consent.
  bool admin_consent_required = true;
};

const std::vector<GraphPermission>& GraphApplicationPermissions();
const std::vector<GraphPermission>& GraphDelegatedPermissions();

// Lookups by value (case-insensitive) or id; nullptr when unknown.
const GraphPermission* FindGraphApplicationPermission(std::string_view value_or_id);
const GraphPermission* FindGraphDelegatedPermission(std::string_view value_or_id);

// Application permissions Ark365 needs to back up and restore every workload
// (read and write), in the order the consent page lists them.
const std::vector<std::string_view>& BackupAndRestoreApplicationPermissions();
// The read-only subset: enough for a backup, not for a restore.
const std::vector<std::string_view>& BackupOnlyApplicationPermissions();

// OpenID Connect scopes: never sent to Graph, always allowed after sign-in.
bool IsOpenIdScope(std::string_view scope);

}  // namespace m365sim::tenant
