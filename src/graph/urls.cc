// URL builders for the first request of each Graph collection Ark365 reads.
#include "graph/urls.h"

#include "core/encoding.h"

namespace ark::graph::urls {
namespace {

std::string U(std::string_view user) { return "/users/" + Segment(user); }
std::string D(std::string_view drive) { return "/drives/" + Segment(drive); }
std::string S(std::string_view site) { return "/sites/" + Segment(site); }
std::string T(std::string_view team) { return "/teams/" + Segment(team); }

}  // namespace

std::string Segment(std::string_view id) { return PercentEncode(id); }

std::string Users(std::string_view select) { return "/users?$select=" + PercentEncode(select) + "&$top=999"; }
std::string User(std::string_view user) { return U(user); }
std::string UsersDelta() {
  return "/users/delta?$select=id,displayName,userPrincipalName,mail,accountEnabled";
}
std::string Groups() {
  return "/groups?$select=id,displayName,mail,groupTypes,resourceProvisioningOptions&$top=999";
}
std::string GroupMembers(std::string_view group) { return "/groups/" + Segment(group) + "/members?$top=999"; }
std::string GroupsDelta() { return "/groups/delta?$select=id,displayName,mail,groupTypes"; }
std::string TeamGroups() {
  return "/groups?$filter=" + PercentEncode("resourceProvisioningOptions/Any(x:x eq 'Team')") +
         "&$select=id,displayName,mail,groupTypes,resourceProvisioningOptions&$top=999";
}

std::string MailFolders(std::string_view user, bool include_hidden) {
  return U(user) + "/mailFolders?$top=100" + (include_hidden ? "&includeHiddenFolders=true" : "");
}
std::string ChildFolders(std::string_view user, std::string_view folder, bool include_hidden) {
  return U(user) + "/mailFolders/" + Segment(folder) + "/childFolders?$top=100" +
         (include_hidden ? "&includeHiddenFolders=true" : "");
}
std::string MailFoldersDelta(std::string_view user) { return U(user) + "/mailFolders/delta"; }
std::string Messages(std::string_view user, std::string_view folder) {
  return U(user) + "/mailFolders/" + Segment(folder) + "/messages?$top=100";
}
std::string MessagesDelta(std::string_view user, std::string_view folder) {
  return U(user) + "/mailFolders/" + Segment(folder) + "/messages/delta";
}
std::string Message(std::string_view user, std::string_view message) {
  return U(user) + "/messages/" + Segment(message);
}
std::string MessageMime(std::string_view user, std::string_view message) {
  return Message(user, message) + "/$value";
}
std::string Attachments(std::string_view user, std::string_view message) {
  return Message(user, message) + "/attachments";
}

std::string ContactFolders(std::string_view user) { return U(user) + "/contactFolders?$top=100"; }
std::string ContactsDelta(std::string_view user, std::string_view folder) {
  return U(user) + "/contactFolders/" + Segment(folder) + "/contacts/delta";
}
std::string Calendars(std::string_view user) { return U(user) + "/calendars?$top=100"; }
std::string Events(std::string_view user, std::string_view calendar) {
  return U(user) + "/calendars/" + Segment(calendar) + "/events?$top=100";
}
std::string CalendarViewDelta(std::string_view user, std::string_view start, std::string_view end) {
  return U(user) + "/calendarView/delta?startDateTime=" + PercentEncode(start) +
         "&endDateTime=" + PercentEncode(end);
}

std::string UserDrive(std::string_view user) { return U(user) + "/drive"; }
std::string Drive(std::string_view drive) { return D(drive); }
std::string DriveRootDelta(std::string_view drive) { return D(drive) + "/root/delta"; }
std::string DriveItem(std::string_view drive, std::string_view item) {
  return D(drive) + "/items/" + Segment(item);
}
std::string DriveChildren(std::string_view drive, std::string_view item) {
  return DriveItem(drive, item) + "/children?$top=200";
}
std::string DriveItemContent(std::string_view drive, std::string_view item) {
  return DriveItem(drive, item) + "/content";
}
std::string DriveItemVersions(std::string_view drive, std::string_view item) {
  return DriveItem(drive, item) + "/versions";
}
std::string DriveItemVersionContent(std::string_view drive, std::string_view item, std::string_view version) {
  return DriveItemVersions(drive, item) + "/" + Segment(version) + "/content";
}
std::string DriveUpload(std::string_view drive, std::string_view parent, std::string_view name) {
  return DriveItem(drive, parent) + ":/" + Segment(name) + ":/content";
}
std::string CreateUploadSession(std::string_view drive, std::string_view parent, std::string_view name) {
  return DriveItem(drive, parent) + ":/" + Segment(name) + ":/createUploadSession";
}

std::string SitesSearch(std::string_view query) { return "/sites?search=" + PercentEncode(query); }
std::string AllSites() { return "/sites/getAllSites"; }
std::string Site(std::string_view site) { return S(site); }
std::string Subsites(std::string_view site) { return S(site) + "/sites"; }
std::string SiteDrives(std::string_view site) { return S(site) + "/drives"; }
std::string SiteLists(std::string_view site) { return S(site) + "/lists"; }
std::string ListColumns(std::string_view site, std::string_view list) {
  return S(site) + "/lists/" + Segment(list) + "/columns";
}
std::string ListItems(std::string_view site, std::string_view list) {
  return S(site) + "/lists/" + Segment(list) + "/items?expand=fields";
}
std::string ListItemsDelta(std::string_view site, std::string_view list) {
  return S(site) + "/lists/" + Segment(list) + "/items/delta";
}

std::string Team(std::string_view team) { return T(team); }
std::string Channels(std::string_view team) { return T(team) + "/channels"; }
std::string AllChannels(std::string_view team) { return T(team) + "/allChannels"; }
std::string ChannelMessages(std::string_view team, std::string_view channel) {
  return T(team) + "/channels/" + Segment(channel) + "/messages?$top=50";
}
std::string ChannelMessagesDelta(std::string_view team, std::string_view channel) {
  return T(team) + "/channels/" + Segment(channel) + "/messages/delta";
}
std::string MessageReplies(std::string_view team, std::string_view channel, std::string_view message) {
  return T(team) + "/channels/" + Segment(channel) + "/messages/" + Segment(message) + "/replies";
}
std::string ChannelFilesFolder(std::string_view team, std::string_view channel) {
  return T(team) + "/channels/" + Segment(channel) + "/filesFolder";
}

}  // namespace ark::graph::urls
