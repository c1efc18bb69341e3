// The snapshot layout of docs/backup-format.md: node names, reserved nodes, record types, tree paths.
#pragma once

#include <string>
#include <string_view>

namespace ark::backup {

// The value of a snapshot's meta.layout; readers refuse others.
inline constexpr std::string_view kLayout = "ark365.backup/1";

// Reserved node names (escaped ids never begin with '_').
inline constexpr std::string_view kUserNode = "_user";
inline constexpr std::string_view kStateNode = "_state";
inline constexpr std::string_view kFolderNode = "_folder";
inline constexpr std::string_view kDriveNode = "_drive";

// Workload directories under a user.
inline constexpr std::string_view kMailDir = "mail";
inline constexpr std::string_view kCalendarDir = "calendar";
inline constexpr std::string_view kContactsDir = "contacts";
inline constexpr std::string_view kDriveDir = "drive";

// Owners other than users (docs/backup-format.md §8): top-level directories and their reserved nodes.
inline constexpr std::string_view kSitesDir = "sites";
inline constexpr std::string_view kTeamsDir = "teams";
inline constexpr std::string_view kSiteNode = "_site";
inline constexpr std::string_view kListNode = "_list";
inline constexpr std::string_view kListsDir = "lists";
inline constexpr std::string_view kTeamNode = "_team";
inline constexpr std::string_view kMembersNode = "_members";
inline constexpr std::string_view kChannelsDir = "channels";
inline constexpr std::string_view kChannelNode = "_channel";
inline constexpr std::string_view kFilesNode = "_files";
inline constexpr std::string_view kMessageNode = "_message";
inline constexpr std::string_view kRepliesDir = "replies";
inline constexpr std::string_view kHostedDir = "hosted";

// Record types.
inline constexpr std::string_view kUserRecord = "graph.user";
inline constexpr std::string_view kStateRecord = "ark.backup.state";
inline constexpr std::string_view kMailFolderRecord = "graph.mailFolder";
inline constexpr std::string_view kMessageRecord = "graph.message";
inline constexpr std::string_view kCalendarRecord = "graph.calendar";
inline constexpr std::string_view kEventRecord = "graph.event";
inline constexpr std::string_view kContactFolderRecord = "graph.contactFolder";
inline constexpr std::string_view kContactRecord = "graph.contact";
inline constexpr std::string_view kDriveRecord = "graph.drive";
inline constexpr std::string_view kDriveItemRecord = "graph.driveItem";
inline constexpr std::string_view kSiteRecord = "graph.site";
inline constexpr std::string_view kListRecord = "graph.list";
inline constexpr std::string_view kListItemRecord = "graph.listItem";
inline constexpr std::string_view kTeamRecord = "graph.team";
inline constexpr std::string_view kMembersRecord = "ark.teams.members";
inline constexpr std::string_view kChannelRecord = "graph.channel";
inline constexpr std::string_view kFilesFolderRecord = "ark.teams.filesFolder";
inline constexpr std::string_view kChatMessageRecord = "graph.chatMessage";
inline constexpr std::string_view kHostedContentRecord = "graph.chatMessageHostedContent";

// The collection key of the mail folder list's delta state.
inline constexpr std::string_view kMailFoldersCollection = "mail/folders";

// A Graph id as a node name: '%', '/', bytes below 0x21 and 0x7F as %XX, and a leading '_' or '.'
// escaped, so the name is never empty, ".", "..", or reserved.
std::string EscapeName(std::string_view id);
// Percent-decoding; the inverse of EscapeName.
std::string UnescapeName(std::string_view name);

// "a/b/c" from names that are already node names.
std::string JoinPath(std::string_view a, std::string_view b);

// The repository checkpoint name of a set's running backup.
std::string CheckpointName(std::string_view set_id);

}  // namespace ark::backup
