// The content model: mailboxes, drives, sites, lists and teams of a tenant, as metadata only.
//
// Each entity holds its structure (where it is, its name, its revision, when
// it changed) and a seed; everything else (a message's subject and MIME, a
// file's bytes, a chat message's text) is derived from the seed on demand by
// the generators (mail_gen.h, drive_gen.h, ...), so memory is proportional
// to the number of items and any item regenerates alone. Items created by
// clients (restores) keep what the client sent in `custom` records instead.
// Keys are indexes into the owning vector and are never reused; deleted
// items stay as tombstones with `deleted` set, as the delta journals need.
// Thread-safety: a Content is guarded by its Store (store.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/byte_source.h"
#include "content/mime.h"
#include "delta/journal.h"

namespace m365sim::content {

using delta::ChangeJournal;
using delta::Seq;
inline constexpr uint32_t kNone = 0xffffffffU;

// Times are seconds since the Unix epoch (UTC).
using Time = int64_t;

// ---- directory (from the tenant model of part 1) ----

struct Person {
  std::string id;            // object id (GUID)
  std::string upn;
  std::string display_name;
  std::string mail;
  bool licensed = true;      // has a mailbox and a OneDrive
};

struct Group {
  std::string id;
  std::string display_name;
  std::string mail_nickname;
  std::string mail;
  bool unified = true;       // Microsoft 365 group (mailbox, site)
  bool team = false;         // has a team
  std::vector<uint32_t> members;  // indexes into Content::people
  std::vector<uint32_t> owners;
};

// ---- mail, contacts, calendar ----

enum class MailboxKind : uint8_t { kUser, kShared, kGroup };

struct MailFolder {
  uint32_t parent = kNone;   // kNone for the root (msgfolderroot)
  std::string name;
  std::string well_known;    // "inbox", "sentitems", ... or empty
  bool hidden = false;
  bool search = false;       // a mail search folder (#microsoft.graph.mailSearchFolder)
  bool deleted = false;
  Time created = 0;
  Seq changed = 0;
};

// A message created by a client (restore): the MIME it sent, or the JSON
// it sent rendered into a spec, plus the extended properties it set.
struct CustomMessage {
  ByteSourcePtr mime;         // exact bytes served by $value
  MessageSpec spec;           // what the JSON projection shows
  bool from_mime = false;
  std::string extended_properties;  // JSON array text of singleValueExtendedProperties
};

struct Message {
  uint32_t folder = 0;
  uint32_t revision = 0;      // bumps on every change (changeKey)
  uint32_t custom = kNone;    // index into Mailbox::custom_messages
  uint32_t thread_parent = kNone;  // the message this one replies to
  uint8_t kind = 0;           // generator's MessageKind (mail_gen.h)
  bool sent = false;          // written by the mailbox owner (else received)
  bool read = false;
  bool draft = false;
  bool flagged = false;
  bool deleted = false;
  Time received = 0;
  Time modified = 0;
  Seq changed = 0;
};

struct ContactFolder {
  uint32_t parent = kNone;    // kNone for a top-level folder ("Contacts" is key 0)
  std::string name;
  bool deleted = false;
  Seq changed = 0;
};

struct Contact {
  uint32_t folder = 0;
  uint32_t revision = 0;
  bool deleted = false;
  std::string custom_json;    // set for contacts created by a client
  Time created = 0;
  Time modified = 0;
  Seq changed = 0;
};

struct Calendar {
  std::string name;
  bool is_default = false;
};

enum class EventKind : uint8_t { kSingle, kAllDay, kDaily, kWeekly, kWeeklyWithExceptions };

struct Event {
  uint32_t calendar = 0;
  uint32_t revision = 0;
  EventKind kind = EventKind::kSingle;
  bool deleted = false;
  std::string custom_json;
  Time start = 0;
  uint32_t minutes = 30;
  uint16_t occurrences = 1;   // for series: number of occurrences (end after N)
  Time created = 0;
  Time modified = 0;
  Seq changed = 0;
};

struct Mailbox {
  MailboxKind kind = MailboxKind::kUser;
  std::string guid;           // the owner's object id
  std::string address;
  std::string display_name;
  uint32_t owner = kNone;     // person index (user/shared) or group index (group)
  uint64_t seed = 0;
  std::vector<MailFolder> folders;
  std::vector<Message> messages;
  std::vector<CustomMessage> custom_messages;
  std::vector<ContactFolder> contact_folders;
  std::vector<Contact> contacts;
  std::vector<Calendar> calendars;
  std::vector<Event> events;
  ChangeJournal folder_journal;                 // the folder tree (mailFolders/delta)
  std::vector<ChangeJournal> message_journals;  // one per folder
  ChangeJournal contact_folder_journal;
  std::vector<ChangeJournal> contact_journals;  // one per contact folder
  std::vector<ChangeJournal> event_journals;    // one per calendar
};

// ---- files ----

struct FileVersion {
  uint64_t size = 0;
  uint32_t blob = kNone;       // uploaded content (BlobStore index), else generated
  uint32_t modified_by = kNone;  // person index
  Time modified = 0;
};

enum class DriveKind : uint8_t { kPersonal, kDocumentLibrary };

struct DriveItem {
  uint32_t parent = kNone;     // kNone only for the root
  std::string name;
  bool folder = false;
  bool deleted = false;
  bool text = false;           // generated as text (by extension)
  uint64_t seed = 0;
  uint32_t created_by = kNone;
  Time created = 0;
  Time modified = 0;
  Seq changed = 0;
  uint32_t revision = 0;       // eTag/cTag version
  std::vector<FileVersion> versions;  // files: oldest first, last is current
};

struct Drive {
  DriveKind kind = DriveKind::kPersonal;
  std::string id;
  std::string list_guid;       // raw 16 bytes (the document library's list)
  std::string name;            // "OneDrive" / "Documents"
  uint32_t site = kNone;
  uint32_t owner = kNone;      // person (personal drives)
  uint32_t owner_group = kNone;
  std::string web_url;
  Time created = 0;
  std::vector<DriveItem> items;  // items[0] is the root
  ChangeJournal journal;
};

// ---- sites and lists ----

enum class SiteKind : uint8_t { kRoot, kTeam, kCommunication, kSubsite, kPersonal };

enum class ColumnType : uint8_t { kText, kNumber, kDateTime, kBoolean, kChoice };

struct Column {
  std::string name;
  std::string display_name;
  ColumnType type = ColumnType::kText;
};

struct ListItem {
  uint32_t revision = 1;
  uint32_t attachments = 0;    // number of attachments
  bool deleted = false;
  std::string custom_fields;   // JSON object text for items created by a client
  uint32_t created_by = kNone;
  Time created = 0;
  Time modified = 0;
  Seq changed = 0;
};

struct List {
  std::string guid;            // textual GUID
  std::string name;            // URL name
  std::string display_name;
  bool library = false;        // a document library (its items are its drive's)
  uint32_t drive = kNone;
  uint64_t seed = 0;
  Time created = 0;
  std::vector<Column> columns;
  std::vector<ListItem> items;  // list item id = index + 1
  ChangeJournal journal;
};

struct Site {
  SiteKind kind = SiteKind::kTeam;
  std::string id;              // "host,{collection guid},{web guid}"
  std::string collection_guid;
  std::string web_guid;
  std::string hostname;
  std::string path;            // server-relative: "/sites/finance", "" for the root
  std::string name;
  std::string display_name;
  std::string description;
  uint32_t parent = kNone;     // parent site for subsites
  uint32_t group = kNone;      // the Microsoft 365 group of a team site
  uint32_t owner = kNone;      // person of a personal site
  Time created = 0;
  std::vector<uint32_t> drives;
  std::vector<List> lists;
  std::vector<uint32_t> subsites;
};

// ---- teams ----

enum class ChannelKind : uint8_t { kStandard, kPrivate, kShared };

struct ChatMessage {
  uint64_t id = 0;             // epoch milliseconds, unique in the channel
  uint32_t reply_to = kNone;   // index of the root message for a reply
  uint32_t from = kNone;       // person index
  uint32_t revision = 0;
  uint64_t seed = 0;
  bool deleted = false;
  bool mention = false;
  bool reaction = false;
  bool hosted_image = false;
  uint32_t file_item = kNone;  // a drive item of the channel folder, attached
  std::string custom_html;     // messages posted by a client
  Time created = 0;
  Time modified = 0;
  Seq changed = 0;
};

struct Channel {
  std::string id;
  std::string name;
  std::string description;
  ChannelKind kind = ChannelKind::kStandard;
  uint32_t folder_item = kNone;  // the channel's folder in the team site's library
  uint32_t drive = kNone;        // private/shared channels have their own site and drive
  Time created = 0;
  std::vector<ChatMessage> messages;
  ChangeJournal journal;         // root messages and replies
};

struct Team {
  uint32_t group = 0;
  uint32_t site = kNone;
  std::vector<Channel> channels;
};

// ---- the whole tenant ----

struct Content {
  uint64_t seed = 0;
  uint64_t id_salt = 0;        // check bytes of drive item ids
  std::string tenant_id;
  std::string domain;          // contoso.onmicrosoft.com
  std::string sharepoint_host;  // contoso.sharepoint.com
  std::string my_host;          // contoso-my.sharepoint.com
  Time epoch = 0;              // the generation anchor: generated content predates it
  uint64_t large_message_size = 0;

  std::vector<Person> people;
  std::vector<Group> groups;
  std::vector<Mailbox> mailboxes;
  std::vector<Drive> drives;
  std::vector<Site> sites;
  std::vector<Team> teams;

  std::vector<uint32_t> person_mailbox;  // person -> mailbox (kNone when unlicensed)
  std::vector<uint32_t> person_drive;    // person -> drive
  std::vector<uint32_t> person_site;     // person -> personal site
  std::vector<uint32_t> group_mailbox;
  std::vector<uint32_t> group_site;
  std::vector<uint32_t> group_team;

  std::unordered_map<std::string, uint32_t> person_by_id;
  std::unordered_map<std::string, uint32_t> group_by_id;
  std::unordered_map<std::string, uint32_t> mailbox_by_guid;
  std::unordered_map<std::string, uint32_t> drive_by_list;  // raw list GUID -> drive
  std::unordered_map<std::string, uint32_t> site_by_id;
  std::unordered_map<std::string, uint32_t> team_by_group_id;

  ChangeJournal user_journal;   // /users/delta (key: person index)
  ChangeJournal group_journal;  // /groups/delta (key: group index)

  Seq seq = 0;                 // last change sequence number handed out
  Seq NextSeq() { return ++seq; }
};

}  // namespace m365sim::content
