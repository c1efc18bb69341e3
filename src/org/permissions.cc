// The permission table (docs/permissions.md) and the checks built on it.
#include "org/permissions.h"

#include <map>

namespace ark::org {
namespace {

constexpr Service kEx = Service::kExchange;
constexpr Service kSp = Service::kSharePoint;
constexpr Service kOd = Service::kOneDrive;
constexpr Service kTm = Service::kTeams;

// Permissions that include others: the key is covered by any of the values.
const std::map<std::string_view, std::vector<std::string_view>>& BroaderPermissions() {
  static const std::map<std::string_view, std::vector<std::string_view>> kBroader = {
      {"Organization.Read.All",
       {"Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"User.Read.All", {"User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"Group.Read.All", {"Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"Mail.Read", {"Mail.ReadWrite"}},
      {"Calendars.Read", {"Calendars.ReadWrite"}},
      {"Contacts.Read", {"Contacts.ReadWrite"}},
      {"MailboxFolder.Read.All", {"MailboxFolder.ReadWrite.All"}},
      {"MailboxItem.Export.All", {"MailboxItem.ImportExport.All"}},
      {"Files.Read.All",
       {"Files.ReadWrite.All", "Sites.Read.All", "Sites.ReadWrite.All", "Sites.FullControl.All"}},
      {"Files.ReadWrite.All", {"Sites.ReadWrite.All", "Sites.FullControl.All"}},
      {"Sites.Read.All", {"Sites.ReadWrite.All", "Sites.FullControl.All"}},
      {"Sites.ReadWrite.All", {"Sites.FullControl.All"}},
      {"Team.ReadBasic.All",
       {"TeamSettings.Read.All", "TeamSettings.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All",
        "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"Channel.ReadBasic.All",
       {"ChannelSettings.Read.All", "ChannelSettings.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All",
        "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"TeamMember.Read.All",
       {"TeamMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All",
        "Directory.ReadWrite.All"}},
      {"ChannelMessage.Read.All", {"ChannelMessage.ReadWrite.All"}},
  };
  return kBroader;
}

std::string Join(const std::vector<std::string_view>& items) {
  if (items.empty()) return "-";
  std::string out;
  for (std::string_view i : items) {
    if (!out.empty()) out += ", ";
    out += "`" + std::string(i) + "`";
  }
  return out;
}

std::set<std::string> ApplicationPermissions(const ServiceSet& services, Access access, bool optional) {
  std::set<std::string> out;
  for (const PermissionRow& row : PermissionTable()) {
    if (row.optional != optional) continue;
    bool needed = false;
    for (Service s : row.services) needed = needed || services.contains(s);
    if (!needed) continue;
    for (std::string_view p : access == Access::kBackup ? row.backup_application : row.restore_application) {
      out.emplace(p);
    }
  }
  return out;
}

}  // namespace

const std::vector<PermissionRow>& PermissionTable() {
  static const std::vector<PermissionRow> kTable = {
      {"directory",
       "tenant details, users, groups and teams to choose from",
       {kEx, kSp, kOd, kTm},
       false,
       {"Organization.Read.All", "User.Read.All", "Group.Read.All"},
       {},
       {"User.Read"},
       {"User.Read"}},
      {"mail",
       "mail folders and messages (MIME) of mailboxes",
       {kEx},
       false,
       {"Mail.Read"},
       {"Mail.ReadWrite"},
       {"Mail.Read"},
       {"Mail.ReadWrite"}},
      {"archive",
       "in-place archive mailboxes, through the mailbox export API (optional: without it archives are "
       "skipped)",
       {kEx},
       true,
       {"MailboxFolder.Read.All", "MailboxItem.Export.All"},
       {"MailboxFolder.ReadWrite.All", "MailboxItem.ImportExport.All"},
       {},
       {}},
      {"calendar",
       "calendars and events",
       {kEx},
       false,
       {"Calendars.Read"},
       {"Calendars.ReadWrite"},
       {"Calendars.Read"},
       {"Calendars.ReadWrite"}},
      {"contacts",
       "contact folders and contacts",
       {kEx},
       false,
       {"Contacts.Read"},
       {"Contacts.ReadWrite"},
       {"Contacts.Read"},
       {"Contacts.ReadWrite"}},
      {"onedrive",
       "OneDrive for Business drives, files and versions",
       {kOd},
       false,
       {"Files.Read.All"},
       {"Files.ReadWrite.All"},
       {"Files.Read.All"},
       {"Files.ReadWrite.All"}},
      {"sites",
       "SharePoint sites, document libraries, lists; personal sites (Hybrid only)",
       {kSp},
       false,
       {"Sites.Read.All"},
       {"Sites.ReadWrite.All"},
       {"Sites.Read.All"},
       {"Sites.ReadWrite.All"}},
      {"teams",
       "teams, members, channels, channel messages and replies (files are in the team's site)",
       {kTm},
       false,
       {"Team.ReadBasic.All", "Channel.ReadBasic.All", "TeamMember.Read.All", "ChannelMessage.Read.All"},
       {"Teamwork.Migrate.All"},
       {},
       {}},
  };
  return kTable;
}

std::set<std::string> RequiredApplicationPermissions(const ServiceSet& services, Access access) {
  return ApplicationPermissions(services, access, /*optional=*/false);
}

std::set<std::string> OptionalApplicationPermissions(const ServiceSet& services, Access access) {
  return ApplicationPermissions(services, access, /*optional=*/true);
}

std::set<std::string> HybridDelegatedScopes() {
  std::set<std::string> out;
  for (const PermissionRow& row : PermissionTable()) {
    for (std::string_view p : row.restore_delegated) out.emplace(p);
  }
  return out;
}

std::optional<std::string> GrantablePermission(const std::string& permission,
                                               const std::set<std::string>& offered) {
  if (offered.contains(permission)) return permission;
  auto broader = BroaderPermissions().find(permission);
  if (broader == BroaderPermissions().end()) return std::nullopt;
  for (std::string_view b : broader->second) {
    if (offered.contains(std::string(b))) return std::string(b);
  }
  return std::nullopt;
}

std::set<std::string> GrantDelegatedScopes() {
  return {"User.Read", "Application.Read.All", "AppRoleAssignment.ReadWrite.All"};
}

std::vector<std::string> MissingPermissions(const std::set<std::string>& required,
                                            const std::set<std::string>& granted) {
  std::vector<std::string> missing;
  for (const std::string& p : required) {
    bool covered = granted.contains(p);
    auto broader = BroaderPermissions().find(p);
    if (!covered && broader != BroaderPermissions().end()) {
      for (std::string_view b : broader->second) covered = covered || granted.contains(std::string(b));
    }
    if (!covered) missing.push_back(p);
  }
  return missing;
}

Service ServiceOf(Workload workload) {
  switch (workload) {
    case Workload::kOneDrive:
      return Service::kOneDrive;
    case Workload::kSites:
      return Service::kSharePoint;
    case Workload::kTeams:
      return Service::kTeams;
    case Workload::kMail:
    case Workload::kArchive:
    case Workload::kCalendar:
    case Workload::kContacts:
      return Service::kExchange;
  }
  return Service::kExchange;
}

std::string RenderPermissionsMarkdown() {
  std::string md =
      "| Area | Services | Covers | Backup (application) | Restore (application) | Backup (delegated) "
      "| Restore (delegated) |\n|---|---|---|---|---|---|---|\n";
  for (const PermissionRow& row : PermissionTable()) {
    std::string services =
        row.services.size() == std::size(kAllServices) ? "all" : JoinServices(row.services);
    md += "| " + std::string(row.area) + " | " + services + " | " + std::string(row.what) + " | " +
          Join(row.backup_application) + " | " + Join(row.restore_application) + " | " +
          Join(row.backup_delegated) + " | " + Join(row.restore_delegated) + " |\n";
  }
  return md;
}

}  // namespace ark::org
