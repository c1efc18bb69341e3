// Typed views of the Graph resources Ark365 backs up, each keeping the whole JSON it came from.
//
// Backups store the JSON Graph returned (`raw`), not only the fields Ark365
// knows, so that nothing a later restore or a newer Ark365 needs is lost.
// The typed fields are what backup logic reads: ids, names, parents, sizes,
// change markers, deletion markers. Parse functions accept any JSON object
// and fail only when the object lacks its id (Graph always sends it).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace ark::graph {

// The views hold nlohmann::json, whose destructor may in theory throw
// std::bad_alloc (it frees nested values with an explicit stack), which
// bugprone-exception-escape reports for every implicit destructor below.
// NOLINTBEGIN(bugprone-exception-escape)

// Deletion markers in delta pages: "@removed" (Outlook, directory) or "deleted" (drive items).
struct Removal {
  bool removed = false;
  std::string reason;  // "deleted", "changed" (directory), or "" for drive items
};

struct User {
  std::string id;
  std::string user_principal_name;
  std::string display_name;
  std::string mail;
  bool account_enabled = true;
  Removal removal;
  nlohmann::json raw;
};

struct Group {
  std::string id;
  std::string display_name;
  std::string mail;
  bool is_microsoft365_group = false;  // groupTypes contains "Unified"
  bool is_team = false;                // resourceProvisioningOptions contains "Team"
  Removal removal;
  nlohmann::json raw;
};

struct MailFolder {
  std::string id;
  std::string display_name;
  std::string parent_folder_id;
  int64_t child_folder_count = 0;
  int64_t total_item_count = 0;
  bool is_hidden = false;
  bool is_search_folder = false;  // mailSearchFolder: a query, not a container; not backed up
  Removal removal;
  nlohmann::json raw;
};

struct Message {
  std::string id;
  std::string subject;
  std::string parent_folder_id;
  std::string internet_message_id;
  std::string change_key;
  std::optional<SystemTime> received;
  bool is_draft = false;
  bool has_attachments = false;
  Removal removal;
  nlohmann::json raw;
};

struct ContactFolder {
  std::string id;
  std::string display_name;
  std::string parent_folder_id;
  Removal removal;
  nlohmann::json raw;
};

struct Contact {
  std::string id;
  std::string display_name;
  std::string parent_folder_id;
  std::string change_key;
  Removal removal;
  nlohmann::json raw;
};

struct Calendar {
  std::string id;
  std::string name;
  bool is_default = false;
  nlohmann::json raw;
};

struct Event {
  std::string id;
  std::string subject;
  std::string type;  // singleInstance, occurrence, exception, seriesMaster
  std::string series_master_id;
  std::string change_key;
  std::string start;  // dateTime as Graph wrote it, with start_time_zone
  std::string start_time_zone;
  std::string end;
  std::string end_time_zone;
  Removal removal;
  nlohmann::json raw;
};

struct Drive {
  std::string id;
  std::string name;
  std::string drive_type;  // personal, business, documentLibrary
  std::string web_url;
  nlohmann::json raw;
};

struct DriveItem {
  std::string id;
  std::string name;
  uint64_t size = 0;
  std::string etag;
  std::string ctag;
  bool is_folder = false;
  bool is_file = false;
  bool is_root = false;
  std::string parent_id;
  std::string parent_drive_id;
  std::string parent_path;  // not sent in delta pages
  std::string mime_type;
  std::string sha256;  // hashes as Graph sends them (any may be absent)
  std::string quick_xor_hash;
  std::optional<SystemTime> last_modified;
  std::string download_url;  // @microsoft.graph.downloadUrl: short-lived, pre-authenticated
  Removal removal;
  nlohmann::json raw;
};

struct DriveItemVersion {
  std::string id;
  uint64_t size = 0;
  std::optional<SystemTime> last_modified;
  nlohmann::json raw;
};

struct Site {
  std::string id;  // "{hostname},{site-collection-id},{web-id}"
  std::string name;
  std::string display_name;
  std::string web_url;
  bool is_personal = false;  // a OneDrive ("-my" site): backed up only with delegated (Hybrid) access
  nlohmann::json raw;
};

struct List {
  std::string id;
  std::string name;
  std::string display_name;
  std::string template_name;  // list.template: genericList, documentLibrary, ...
  bool hidden = false;
  nlohmann::json raw;
};

struct ListItem {
  std::string id;
  std::string etag;
  nlohmann::json fields;
  Removal removal;
  nlohmann::json raw;
};

struct Team {
  std::string id;
  std::string display_name;
  std::string description;
  nlohmann::json raw;
};

struct Channel {
  std::string id;  // "19:...@thread.tacv2"
  std::string display_name;
  std::string membership_type;  // standard, private, shared
  nlohmann::json raw;
};

struct ChatMessage {
  std::string id;
  std::string reply_to_id;
  std::string message_type;
  std::string subject;
  std::optional<SystemTime> created;
  std::optional<SystemTime> last_modified;
  bool deleted = false;  // deletedDateTime set
  Removal removal;
  nlohmann::json raw;
};

// NOLINTEND(bugprone-exception-escape)

Result<User> ParseUser(const nlohmann::json& j);
Result<Group> ParseGroup(const nlohmann::json& j);
Result<MailFolder> ParseMailFolder(const nlohmann::json& j);
Result<Message> ParseMessage(const nlohmann::json& j);
Result<ContactFolder> ParseContactFolder(const nlohmann::json& j);
Result<Contact> ParseContact(const nlohmann::json& j);
Result<Calendar> ParseCalendar(const nlohmann::json& j);
Result<Event> ParseEvent(const nlohmann::json& j);
Result<Drive> ParseDrive(const nlohmann::json& j);
Result<DriveItem> ParseDriveItem(const nlohmann::json& j);
Result<DriveItemVersion> ParseDriveItemVersion(const nlohmann::json& j);
Result<Site> ParseSite(const nlohmann::json& j);
Result<List> ParseList(const nlohmann::json& j);
Result<ListItem> ParseListItem(const nlohmann::json& j);
Result<Team> ParseTeam(const nlohmann::json& j);
Result<Channel> ParseChannel(const nlohmann::json& j);
Result<ChatMessage> ParseChatMessage(const nlohmann::json& j);

}  // namespace ark::graph
