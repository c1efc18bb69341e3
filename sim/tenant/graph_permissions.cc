// The table of Microsoft Graph permissions the emulator knows.
#include "tenant/graph_permissions.h"

#include "common/text.h"

namespace m365sim::tenant {
namespace {

const GraphPermission* Find(const std::vector<GraphPermission>& table, std::string_view key) {
  for (const auto& p : table) {
    if (p.id == key || EqualsIgnoreCase(p.value, key)) return &p;
  }
  return nullptr;
}

}  // namespace

const std::vector<GraphPermission>& GraphApplicationPermissions() {
  static const std::vector<GraphPermission> table = {
      {"User.Read.All", "df021288-bdef-4463-88db-98f22de89214", "Read all users' full profiles",
       "Allows the app to read user profiles without a signed in user."},
      {"User.ReadWrite.All", "741f803b-c850-494e-b5df-cde7c675a1ca",
       "Read and write all users' full profiles",
       "Allows the app to read and update user profiles without a signed in user."},
      {"Group.Read.All", "5b567255-7703-4780-807c-7be8301ae99b", "Read all groups",
       "Allows the app to read group properties and memberships, and read conversations for all groups, "
       "without a "
       "signed-in user."},
      {"Group.ReadWrite.All", "62a82d76-70ea-41e2-9197-370581804d09", "Read and write all groups",
       "Allows the app to create groups, read all group properties and memberships, update group properties "
       "and "
       "memberships, and delete groups, without a signed-in user."},
      {"Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Read directory data",
       "Allows the app to read data in your organization's directory, such as users, groups and apps, "
       "without a "
       "signed-in user."},
      {"Directory.ReadWrite.All", "19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Read and write directory data",
       "Allows the app to read and write data in your organization's directory, such as users, and groups, "
       "without "
       "a signed-in user."},
      {"Application.Read.All", "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "Read all applications",
       "Allows the app to read all applications and service principals without a signed-in user."},
      {"Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Read and write all applications",
       "Allows the app to create, read, update and delete applications and service principals without a "
       "signed-in "
       "user."},
      {"AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f",
       "Manage app permission grants and "
       "app role assignments",
       "Allows the app to manage permission grants for application permissions to any API "
       "(including Microsoft Graph) and application assignments for any app, without a signed-in user."},
      {"RoleManagement.ReadWrite.Directory", "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
       "Read and write all directory RBAC settings",
       "Allows the app to read and manage the role-based access control (RBAC) settings for your company's "
       "directory, without a signed-in user."},
      {"Mail.Read", "810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Read mail in all mailboxes",
       "Allows the app to read mail in all mailboxes without a signed-in user."},
      {"Mail.ReadWrite", "e2a3a72e-5f79-4c64-b1b1-878b674786c9", "Read and write mail in all mailboxes",
       "Allows the app to create, read, update, and delete mail in all mailboxes without a signed-in user. "
       "Does not "
       "include permission to send mail."},
      {"Calendars.Read", "798ee544-9d2d-430c-a058-570e29e34338", "Read calendars in all mailboxes",
       "Allows the app to read events of all calendars without a signed-in user."},
      {"Calendars.ReadWrite", "ef54d2bf-783f-4e0f-bca1-3210c0444d99",
       "Read and write calendars in all mailboxes",
       "Allows the app to create, read, update, and delete events of all calendars without a signed-in "
       "user."},
      {"Contacts.Read", "089fe4d0-434a-44c5-8827-41ba8a0b17f5", "Read contacts in all mailboxes",
       "Allows the app to read all contacts in all mailboxes without a signed-in user."},
      {"Contacts.ReadWrite", "6918b873-d17a-4dc1-b314-35f528134491",
       "Read and write contacts in all mailboxes",
       "Allows the app to create, read, update, and delete all contacts in all mailboxes without a signed-in "
       "user."},
      {"Files.Read.All", "01d4889c-1287-42c6-ac1f-5d1e02578ef6", "Read files in all site collections",
       "Allows the app to read all files in all site collections without a signed in user."},
      {"Files.ReadWrite.All", "75359482-378d-4052-8f01-80520e7db3cd",
       "Read and write files in all site collections",
       "Allows the app to read, create, update and delete all files in all site collections without a signed "
       "in "
       "user."},
      {"Sites.Read.All", "332a536c-c7ef-4017-ab91-336970924f0d", "Read items in all site collections",
       "Allows the app to read documents and list items in all site collections without a signed in user."},
      {"Sites.ReadWrite.All", "9492366f-7969-46a4-8d15-ed1a20078fff",
       "Read and write items in all site collections",
       "Allows the app to create, read, update, and delete documents and list items in all site collections "
       "without a signed in user."},
      {"Sites.FullControl.All", "a82116e5-55eb-4c41-a434-62fe8a61c773",
       "Have full control of all site collections",
       "Allows the app to have full control of all site collections without a signed in user."},
      {"Team.ReadBasic.All", "2280dda6-0bfd-44ee-a2f4-cb867cfc4c1e", "Get a list of all teams",
       "Get a list of all teams, without a signed-in user."},
      {"Channel.ReadBasic.All", "59a6b24b-4225-4393-8165-ebaec5f55d7a",
       "Read the names and descriptions of all "
       "channels",
       "Read all channel names and channel descriptions, without a signed-in user."},
      {"TeamMember.Read.All", "660b7406-55f1-41ca-a0ed-0b035e182f3e", "Read the members of all teams",
       "Read the members of all teams, without a signed-in user."},
      {"ChannelMessage.Read.All", "7b2449af-6ccd-4f4d-9f78-e550c193f0d1", "Read all channel messages",
       "Allows the app to read all channel messages in Microsoft Teams."},
      {"Chat.Read.All", "6b7d71aa-70aa-4810-a8d9-5d9fb2830017", "Read all chat messages",
       "Allows the app to read all 1-to-1 or group chat messages in Microsoft Teams."},
      {"Teamwork.Migrate.All", "dfb0dd15-61de-45b2-be36-d6a69fba3c79",
       "Create chat and channel messages with "
       "anyone's identity and with any timestamp",
       "Allows the app to create chat and channel messages, without a "
       "signed in user. The app specifies which user appears as the sender, and can backdate the message to "
       "appear "
       "as if it was sent long ago."},
  };
  return table;
}

const std::vector<GraphPermission>& GraphDelegatedPermissions() {
  static const std::vector<GraphPermission> table = {
      {"User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "Sign in and read user profile",
       "Allows users to sign-in to the app, and allows the app to read the profile of signed-in users.",
       false},
      {"User.Read.All", "a154be20-db9c-4678-8ab7-66f6cc099a59", "Read all users' full profiles",
       "Allows the app to read the full set of profile properties, reports, and managers of other users in "
       "your "
       "organization, on behalf of the signed-in user.",
       true},
      {"Directory.Read.All", "06da0dbc-49e2-44d2-8312-53f166ab848a", "Read directory data",
       "Allows the app to read data in your organization's directory, such as users, groups and apps.", true},
      {"Directory.AccessAsUser.All", "0e263e50-5827-48a4-b97c-d940288653c7",
       "Access directory as the signed in "
       "user",
       "Allows the app to have the same access to information in the directory as the signed-in user.", true},
      {"Group.Read.All", "5f8c59db-677d-491f-a6b8-5f174b11ec1d", "Read all groups",
       "Allows the app to list groups, and to read their properties and all group memberships on behalf of "
       "the "
       "signed-in user.",
       true},
      {"AppRoleAssignment.ReadWrite.All", "84bccea3-f856-4a8a-967b-dbe0a3d53a64",
       "Manage app permission grants and "
       "app role assignments",
       "Allows the app to manage permission grants for application permissions to any API "
       "(including Microsoft Graph) and application assignments for any app, on behalf of the signed-in "
       "user.",
       true},
      {"Application.Read.All", "c79f8feb-a9db-4090-85f9-90d820caa0eb", "Read applications",
       "Allows the app to read applications and service principals on behalf of the signed-in user.", true},
      {"Mail.Read", "570282fd-fa5c-430d-a7fd-fc8dc98a9dca", "Read user mail",
       "Allows the app to read the signed-in user's mailbox.", false},
      {"Mail.ReadWrite", "024d486e-b451-40bb-833d-3e66d98c5c73", "Read and write access to user mail",
       "Allows the app to create, read, update, and delete email in user mailboxes.", false},
      {"Calendars.ReadWrite", "1ec239c2-d7c9-4623-a91a-a9775856bb36", "Have full access to user calendars",
       "Allows the app to create, read, update, and delete events in user calendars.", false},
      {"Contacts.ReadWrite", "d56682ec-c09e-4743-aaf4-1a3aac4caa21", "Have full access to user contacts",
       "Allows the app to create, read, update, and delete user contacts.", false},
      {"Files.ReadWrite.All", "863451e7-0667-486c-a5d6-d135439485f0",
       "Have full access to all files user can "
       "access",
       "Allows the app to read, create, update and delete all files the signed-in user can access.", false},
      {"Sites.ReadWrite.All", "89fe6a52-be36-487e-b7d8-d061c450a026",
       "Edit or delete items in all site collections",
       "Allows the application to edit or delete documents and list items in all site collections on behalf "
       "of the "
       "signed-in user.",
       false},
      {"offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
       "Maintain access to data you have given it access "
       "to",
       "Allows the app to see and update the data you gave it access to, even when users are not currently "
       "using the app.",
       false},
      {"openid", "37f7f235-527c-4136-accd-4a02d197296e", "Sign users in",
       "Allows users to sign in to the app with their work or school accounts and allows the app to see "
       "basic user "
       "profile information.",
       false},
      {"profile", "14dad69e-099b-42c9-810b-d002981feec1", "View users' basic profile",
       "Allows the app to see your users' basic profile (e.g., name, picture, user name, email address)",
       false},
      {"email", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "View users' email address",
       "Allows the app to read your users' primary email address", false},
  };
  return table;
}

const GraphPermission* FindGraphApplicationPermission(std::string_view value_or_id) {
  return Find(GraphApplicationPermissions(), value_or_id);
}

const GraphPermission* FindGraphDelegatedPermission(std::string_view value_or_id) {
  return Find(GraphDelegatedPermissions(), value_or_id);
}

const std::vector<std::string_view>& BackupAndRestoreApplicationPermissions() {
  static const std::vector<std::string_view> list = {
      "User.Read.All",           "Group.Read.All",     "Directory.Read.All",    "Mail.ReadWrite",
      "Calendars.ReadWrite",     "Contacts.ReadWrite", "Files.ReadWrite.All",   "Sites.FullControl.All",
      "Sites.ReadWrite.All",     "Team.ReadBasic.All", "Channel.ReadBasic.All", "TeamMember.Read.All",
      "ChannelMessage.Read.All", "Chat.Read.All",      "Teamwork.Migrate.All",  "Mail.Read",
      "Calendars.Read",          "Contacts.Read",      "Files.Read.All",        "Sites.Read.All",
  };
  return list;
}

const std::vector<std::string_view>& BackupOnlyApplicationPermissions() {
  static const std::vector<std::string_view> list = {
      "User.Read.All",         "Group.Read.All",          "Mail.Read",      "Calendars.Read",
      "Contacts.Read",         "Files.Read.All",          "Sites.Read.All", "Team.ReadBasic.All",
      "Channel.ReadBasic.All", "ChannelMessage.Read.All", "Chat.Read.All",
  };
  return list;
}

bool IsOpenIdScope(std::string_view scope) {
  return scope == "openid" || scope == "profile" || scope == "email" || scope == "offline_access";
}

}  // namespace m365sim::tenant
