// Graph URLs of the resources Ark365 reads and writes, relative to the base URL, ids escaped.
//
// Only first requests are built here: every later page, delta round and
// download comes from a link Graph returned, which is used verbatim.
#pragma once

#include <string>
#include <string_view>

namespace ark::graph::urls {

// An id or name as one path segment (percent-encoded; '/' and ':' included).
std::string Segment(std::string_view id);

// Directory.
std::string Users(std::string_view select = "id,displayName,userPrincipalName,mail,accountEnabled");
std::string User(std::string_view user);
std::string UsersDelta();
std::string Groups();
std::string GroupMembers(std::string_view group);
std::string GroupsDelta();
// Groups that have a team.
std::string TeamGroups();

// Mail.
std::string MailFolders(std::string_view user, bool include_hidden = true);
std::string ChildFolders(std::string_view user, std::string_view folder, bool include_hidden = true);
std::string MailFoldersDelta(std::string_view user);
std::string Messages(std::string_view user, std::string_view folder);
std::string MessagesDelta(std::string_view user, std::string_view folder);
std::string Message(std::string_view user, std::string_view message);
// The message as MIME (RFC 822 bytes).
std::string MessageMime(std::string_view user, std::string_view message);
std::string Attachments(std::string_view user, std::string_view message);

// Contacts and calendars.
std::string ContactFolders(std::string_view user);
std::string ContactsDelta(std::string_view user, std::string_view folder);
std::string Calendars(std::string_view user);
std::string Events(std::string_view user, std::string_view calendar);
// startDateTime/endDateTime in ISO 8601 ("2026-01-01T00:00:00Z").
std::string CalendarViewDelta(std::string_view user, std::string_view start, std::string_view end);

// Files.
std::string UserDrive(std::string_view user);
std::string Drive(std::string_view drive);
std::string DriveRootDelta(std::string_view drive);
std::string DriveItem(std::string_view drive, std::string_view item);
std::string DriveChildren(std::string_view drive, std::string_view item);
std::string DriveItemContent(std::string_view drive, std::string_view item);
std::string DriveItemVersions(std::string_view drive, std::string_view item);
std::string DriveItemVersionContent(std::string_view drive, std::string_view item, std::string_view version);
// A new file `name` in folder `parent`: small PUT, or an upload session.
std::string DriveUpload(std::string_view drive, std::string_view parent, std::string_view name);
std::string CreateUploadSession(std::string_view drive, std::string_view parent, std::string_view name);

// Sites and lists.
std::string SitesSearch(std::string_view query);
std::string AllSites();
std::string Site(std::string_view site);
std::string Subsites(std::string_view site);
std::string SiteDrives(std::string_view site);
std::string SiteLists(std::string_view site);
std::string ListColumns(std::string_view site, std::string_view list);
std::string ListItems(std::string_view site, std::string_view list);
std::string ListItemsDelta(std::string_view site, std::string_view list);

// Teams.
std::string Team(std::string_view team);
std::string Channels(std::string_view team);
std::string AllChannels(std::string_view team);
std::string ChannelMessages(std::string_view team, std::string_view channel);
std::string ChannelMessagesDelta(std::string_view team, std::string_view channel);
std::string MessageReplies(std::string_view team, std::string_view channel, std::string_view message);
std::string ChannelFilesFolder(std::string_view team, std::string_view channel);

}  // namespace ark::graph::urls
