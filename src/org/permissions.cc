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
      {"Organization.Read.All", {"Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"User.Read.All", {"User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"Group.Read.All", {"Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"Mail.Read", {"Mail.ReadWrite"}},
      {"MailboxSettings.Read", {"MailboxSettings.ReadWrite"}},
      {"Calendars.Read", {"Calendars.ReadWrite"}},
      {"Contacts.Read", {"Contacts.ReadWrite"}},
      {"MailboxFolder.Read.All", {"MailboxFolder.ReadWrite.All"}},
      {"MailboxItem.Export.All", {"MailboxItem.ImportExport.All"}},
      {"Files.Read.All", {"Files.ReadWrite.All", "Sites.Read.All", "Sites.ReadWrite.All", "Sites.FullControl.All"}},
      {"Files.ReadWrite.All", {"Sites.ReadWrite.All", "Sites.FullControl.All"}},
      {"Sites.Read.All", {"Sites.ReadWrite.All", "Sites.FullControl.All"}},
      {"Sites.ReadWrite.All", {"Sites.FullControl.All"}},
      {"Team.ReadBasic.All", {"TeamSettings.Read.All", "TeamSettings.ReadWrite.All", "Group.Read.All",
                              "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"Channel.ReadBasic.All", {"ChannelSettings.Read.All", "ChannelSettings.ReadWrite.All", "Group.Read.All",
                                 "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}},
      {"ChannelMember.Read.All", {"ChannelMember.ReadWrite.All"}},
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

}  // namespace

const std::vector<PermissionRow>& PermissionTable() {
  static const std::vector<PermissionRow> kTable = {
      {"directory",
       "tenant details, users, groups and teams to choose from",
       {kEx, kSp, kOd, kTm},
       {"Organization.Read.All", "User.Read.All", "Group.Read.All"},
       {},
       {"User.Read", "User.ReadBasic.All", "Group.Read.All"},
       {}},
      {"mail",
       "mail folders and messages (MIME) of mailboxes",
       {kEx},
       {"Mail.Read", "MailboxSettings.Read"},
       {"Mail.ReadWrite"},
       {"Mail.Read.Shared", "MailboxSettings.Read"},
       {"Mail.ReadWrite.Shared"}},
      {"archive",
       "in-place archive mailboxes, through the mailbox export API",
       {kEx},
       {"MailboxFolder.Read.All", "MailboxItem.Export.All"},
       {"MailboxFolder.ReadWrite.All", "MailboxItem.ImportExport.All"},
       {"MailboxFolder.Read", "MailboxItem.Export"},
       {"MailboxFolder.ReadWrite", "MailboxItem.ImportExport"}},
      {"calendar",
       "calendars and events",
       {kEx},
       {"Calendars.Read"},
       {"Calendars.ReadWrite"},
       {"Calendars.Read.Shared"},
       {"Calendars.ReadWrite.Shared"}},
      {"contacts",
       "contact folders and contacts",
       {kEx},
       {"Contacts.Read"},
       {"Contacts.ReadWrite"},
       {"Contacts.Read.Shared"},
       {"Contacts.ReadWrite.Shared"}},
      {"onedrive",
       "OneDrive for Business drives, files and versions",
       {kOd},
       {"Files.Read.All"},
       {"Files.ReadWrite.All"},
       {"Files.Read.All"},
       {"Files.ReadWrite.All"}},
      {"sites",
       "SharePoint sites, document libraries, lists; personal sites (Hybrid only)",
       {kSp},
       {"Sites.Read.All"},
       {"Sites.ReadWrite.All"},
       {"Sites.Read.All"},
       {"Sites.ReadWrite.All"}},
      {"teams",
       "teams, channels, channel messages and replies (files are in the team's site)",
       {kTm},
       {"Team.ReadBasic.All", "Channel.ReadBasic.All", "ChannelMember.Read.All", "ChannelMessage.Read.All"},
       {"Teamwork.Migrate.All", "Channel.Create", "ChannelMember.ReadWrite.All"},
       {"Team.ReadBasic.All", "Channel.ReadBasic.All", "ChannelMessage.Read.All"},
       {"ChannelMessage.Send"}},
  };
  return kTable;
}

std::set<std::string> RequiredApplicationPermissions(const ServiceSet& services, Access access) {
  std::set<std::string> out;
  for (const PermissionRow& row : PermissionTable()) {
    bool needed = false;
    for (Service s : row.services) needed = needed || services.contains(s);
    if (!needed) continue;
    for (std::string_view p : access == Access::kBackup ? row.backup_application : row.restore_application) {
      out.emplace(p);
    }
  }
  return out;
}

std::set<std::string> HybridDelegatedScopes() {
  std::set<std::string> out;
  for (const PermissionRow& row : PermissionTable()) {
    for (std::string_view p : row.backup_delegated) out.emplace(p);
  }
  return out;
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
      "| Area | Services | Covers | Backup (application) | Restore (application) | Backup (delegated, Hybrid) "
      "| Restore (delegated) |\n|---|---|---|---|---|---|---|\n";
  for (const PermissionRow& row : PermissionTable()) {
    md += "| " + std::string(row.area) + " | " + JoinServices(row.services) + " | " + std::string(row.what) +
          " | " + Join(row.backup_application) + " | " + Join(row.restore_application) + " | " +
          Join(row.backup_delegated) + " | " + Join(row.restore_delegated) + " |\n";
  }
  return md;
}

}  // namespace ark::org
