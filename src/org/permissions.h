// What Microsoft Graph permissions each service and workload needs, for backup and for restore.
//
// The one table behind docs/permissions.md (a test keeps the two equal) and
// behind the add-organization checks: step 3 compares the application
// permissions granted to the app's service principal with this table, and
// step 5 grants what is missing. Delegated scopes are what Hybrid sign-in
// and the grant step ask for.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "org/model.h"

namespace ark::org {

enum class Access { kBackup, kRestore };

// One row of the table: an area (a workload, or the directory discovery
// every service needs) and its permissions.
struct PermissionRow {
  std::string_view area;  // "directory" or a workload name
  std::string_view what;  // what the area covers, for the documentation
  ServiceSet services;    // the services that need this row
  // An optional row is not needed for the services to work: without its
  // permissions only that area is skipped (and reported).
  bool optional = false;
  std::vector<std::string_view> backup_application;
  std::vector<std::string_view> restore_application;
  std::vector<std::string_view> backup_delegated;
  std::vector<std::string_view> restore_delegated;
};

const std::vector<PermissionRow>& PermissionTable();

// The application permissions (app roles of Microsoft Graph) that `services`
// need, from the required rows, or from the optional ones.
std::set<std::string> RequiredApplicationPermissions(const ServiceSet& services, Access access);
std::set<std::string> OptionalApplicationPermissions(const ServiceSet& services, Access access);

// The delegated scopes a Hybrid sign-in asks for: the restore column, which
// covers backup too, of every row, so that one authorization serves every
// backup set of the account and its restores. Without the Graph resource
// prefix and without the OpenID scopes.
std::set<std::string> HybridDelegatedScopes();

// A permission that grants at least `permission` and that `offered` (the app
// roles the resource exposes) contains: `permission` itself if offered, else
// the narrowest broader one, else nullopt.
std::optional<std::string> GrantablePermission(const std::string& permission,
                                               const std::set<std::string>& offered);

// The delegated scopes the grant step and a Modern authorization need: read
// the signed-in account's roles and the application's service principal,
// and assign app roles to it.
std::set<std::string> GrantDelegatedScopes();

// Which required permissions `granted` lacks. A broader permission satisfies
// a narrower one (Mail.ReadWrite covers Mail.Read, Sites.FullControl.All
// covers Sites.Read.All, ...).
std::vector<std::string> MissingPermissions(const std::set<std::string>& required,
                                            const std::set<std::string>& granted);

// The services whose workloads a backup set may select.
Service ServiceOf(Workload workload);

// The Markdown table of docs/permissions.md, generated from PermissionTable().
std::string RenderPermissionsMarkdown();

}  // namespace ark::org
