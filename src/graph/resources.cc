// Parse functions of the typed resource views: tolerant readers of Graph's JSON.
#include "graph/resources.h"

namespace ark::graph {
namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Int(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

bool Bool(const nlohmann::json& j, const char* key, bool fallback = false) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

const nlohmann::json& Obj(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

std::optional<SystemTime> Time(const nlohmann::json& j, const char* key) {
  std::string s = Str(j, key);
  return s.empty() ? std::nullopt : ParseRfc3339(s);
}

bool ArrayHas(const nlohmann::json& j, const char* key, std::string_view value) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return false;
  for (const auto& v : *it) {
    if (v.is_string() && v.get<std::string>() == value) return true;
  }
  return false;
}

Removal RemovalOf(const nlohmann::json& j) {
  Removal r;
  if (auto it = j.find("@removed"); it != j.end()) {
    r.removed = true;
    if (it->is_object()) r.reason = Str(*it, "reason");
  } else if (j.contains("deleted")) {
    r.removed = true;
  }
  return r;
}

// Every view starts with the id and the raw JSON.
template <typename T>
Result<T> Start(const nlohmann::json& j, std::string_view type) {
  if (!j.is_object()) return InvalidArgument(std::string(type) + ": expected a JSON object from Graph");
  T t;
  t.id = Str(j, "id");
  if (t.id.empty()) return InvalidArgument(std::string(type) + ": Graph sent an object without an id");
  t.raw = j;
  return t;
}

}  // namespace

Result<User> ParseUser(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(User u, Start<User>(j, "user"));
  u.user_principal_name = Str(j, "userPrincipalName");
  u.display_name = Str(j, "displayName");
  u.mail = Str(j, "mail");
  u.account_enabled = Bool(j, "accountEnabled", true);
  u.removal = RemovalOf(j);
  return u;
}

Result<Group> ParseGroup(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Group g, Start<Group>(j, "group"));
  g.display_name = Str(j, "displayName");
  g.mail = Str(j, "mail");
  g.is_microsoft365_group = ArrayHas(j, "groupTypes", "Unified");
  g.is_team = ArrayHas(j, "resourceProvisioningOptions", "Team");
  g.removal = RemovalOf(j);
  return g;
}

Result<MailFolder> ParseMailFolder(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(MailFolder f, Start<MailFolder>(j, "mail folder"));
  f.display_name = Str(j, "displayName");
  f.parent_folder_id = Str(j, "parentFolderId");
  f.child_folder_count = Int(j, "childFolderCount");
  f.total_item_count = Int(j, "totalItemCount");
  f.is_hidden = Bool(j, "isHidden");
  f.is_search_folder = Str(j, "@odata.type") == "#microsoft.graph.mailSearchFolder";
  f.removal = RemovalOf(j);
  return f;
}

Result<Message> ParseMessage(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Message m, Start<Message>(j, "message"));
  m.subject = Str(j, "subject");
  m.parent_folder_id = Str(j, "parentFolderId");
  m.internet_message_id = Str(j, "internetMessageId");
  m.change_key = Str(j, "changeKey");
  m.received = Time(j, "receivedDateTime");
  m.is_draft = Bool(j, "isDraft");
  m.has_attachments = Bool(j, "hasAttachments");
  m.removal = RemovalOf(j);
  return m;
}

Result<ContactFolder> ParseContactFolder(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(ContactFolder f, Start<ContactFolder>(j, "contact folder"));
  f.display_name = Str(j, "displayName");
  f.parent_folder_id = Str(j, "parentFolderId");
  f.removal = RemovalOf(j);
  return f;
}

Result<Contact> ParseContact(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Contact c, Start<Contact>(j, "contact"));
  c.display_name = Str(j, "displayName");
  c.parent_folder_id = Str(j, "parentFolderId");
  c.change_key = Str(j, "changeKey");
  c.removal = RemovalOf(j);
  return c;
}

Result<Calendar> ParseCalendar(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Calendar c, Start<Calendar>(j, "calendar"));
  c.name = Str(j, "name");
  c.is_default = Bool(j, "isDefaultCalendar");
  return c;
}

Result<Event> ParseEvent(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Event e, Start<Event>(j, "event"));
  e.subject = Str(j, "subject");
  e.type = Str(j, "type");
  e.series_master_id = Str(j, "seriesMasterId");
  e.change_key = Str(j, "changeKey");
  e.start = Str(Obj(j, "start"), "dateTime");
  e.start_time_zone = Str(Obj(j, "start"), "timeZone");
  e.end = Str(Obj(j, "end"), "dateTime");
  e.end_time_zone = Str(Obj(j, "end"), "timeZone");
  e.removal = RemovalOf(j);
  return e;
}

Result<Drive> ParseDrive(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Drive d, Start<Drive>(j, "drive"));
  d.name = Str(j, "name");
  d.drive_type = Str(j, "driveType");
  d.web_url = Str(j, "webUrl");
  return d;
}

Result<DriveItem> ParseDriveItem(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(DriveItem i, Start<DriveItem>(j, "drive item"));
  i.name = Str(j, "name");
  i.size = static_cast<uint64_t>(std::max<int64_t>(0, Int(j, "size")));
  i.etag = Str(j, "eTag");
  i.ctag = Str(j, "cTag");
  i.is_folder = j.contains("folder");
  i.is_file = j.contains("file");
  i.is_root = j.contains("root");
  const nlohmann::json& parent = Obj(j, "parentReference");
  i.parent_id = Str(parent, "id");
  i.parent_drive_id = Str(parent, "driveId");
  i.parent_path = Str(parent, "path");
  const nlohmann::json& file = Obj(j, "file");
  i.mime_type = Str(file, "mimeType");
  i.sha256 = Str(Obj(file, "hashes"), "sha256Hash");
  i.quick_xor_hash = Str(Obj(file, "hashes"), "quickXorHash");
  i.last_modified = Time(j, "lastModifiedDateTime");
  i.download_url = Str(j, "@microsoft.graph.downloadUrl");
  i.removal = RemovalOf(j);
  return i;
}

Result<DriveItemVersion> ParseDriveItemVersion(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(DriveItemVersion v, Start<DriveItemVersion>(j, "drive item version"));
  v.size = static_cast<uint64_t>(std::max<int64_t>(0, Int(j, "size")));
  v.last_modified = Time(j, "lastModifiedDateTime");
  return v;
}

Result<Site> ParseSite(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Site s, Start<Site>(j, "site"));
  s.name = Str(j, "name");
  s.display_name = Str(j, "displayName");
  s.web_url = Str(j, "webUrl");
  s.is_personal = s.web_url.find("-my.sharepoint.com/personal/") != std::string::npos ||
                  Bool(Obj(j, "siteCollection"), "isPersonalSite") || Bool(j, "isPersonalSite");
  return s;
}

Result<List> ParseList(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(List l, Start<List>(j, "list"));
  l.name = Str(j, "name");
  l.display_name = Str(j, "displayName");
  l.template_name = Str(Obj(j, "list"), "template");
  l.hidden = Bool(Obj(j, "list"), "hidden");
  return l;
}

Result<ListItem> ParseListItem(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(ListItem i, Start<ListItem>(j, "list item"));
  i.etag = Str(j, "eTag");
  i.fields = Obj(j, "fields");
  i.removal = RemovalOf(j);
  return i;
}

Result<Team> ParseTeam(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Team t, Start<Team>(j, "team"));
  t.display_name = Str(j, "displayName");
  t.description = Str(j, "description");
  return t;
}

Result<Channel> ParseChannel(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(Channel c, Start<Channel>(j, "channel"));
  c.display_name = Str(j, "displayName");
  c.membership_type = Str(j, "membershipType");
  return c;
}

Result<ChatMessage> ParseChatMessage(const nlohmann::json& j) {
  ARK_ASSIGN_OR_RETURN(ChatMessage m, Start<ChatMessage>(j, "chat message"));
  m.reply_to_id = Str(j, "replyToId");
  m.message_type = Str(j, "messageType");
  m.subject = Str(j, "subject");
  m.created = Time(j, "createdDateTime");
  m.last_modified = Time(j, "lastModifiedDateTime");
  m.deleted = !Str(j, "deletedDateTime").empty();
  m.removal = RemovalOf(j);
  return m;
}

}  // namespace ark::graph
