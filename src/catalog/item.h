// The catalog's item model: what every backed-up Microsoft 365 item looks like to browse and search.
//
// One Item describes one version of one thing in a snapshot: a message, a
// folder, a file, a site, a channel message... Its identity inside a backup
// set is (owner, kind, Graph id); everything else may change between
// snapshots, and a change makes a new version (docs/catalog.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace ark::catalog {

// What an item is. The numbers are stored in the catalog: never renumber,
// only append (docs/catalog.md lists them).
enum class ItemKind : int {
  kUser = 1,             // root container of one user's data
  kMailbox = 2,          // root of a mailbox (a user's, an archive, a group's)
  kMailFolder = 3,       // a mail folder, hidden ones included
  kMailMessage = 4,      // one message
  kCalendar = 5,         // a calendar
  kEvent = 6,            // an event, occurrence exception or series master
  kContactFolder = 7,    // a contact folder
  kContact = 8,          // a contact
  kDrive = 9,            // a OneDrive or a document library
  kFolder = 10,          // a folder of a drive, or any other plain container
  kFile = 11,            // a file (its current version)
  kFileVersion = 12,     // a previous version of a file
  kSite = 13,            // a SharePoint site, subsite or personal site
  kList = 14,            // a SharePoint list
  kListItem = 15,        // an item of a list
  kTeam = 16,            // a team
  kChannel = 17,         // a channel of a team
  kChannelMessage = 18,  // a channel post or reply
  kGroup = 19,           // a Microsoft 365 group (its mailbox, calendar, site)
};

// Every kind, in number order.
const std::vector<ItemKind>& AllItemKinds();
// "mail_message", "file", ... the name used in --type and JSON.
std::string_view ItemKindName(ItemKind kind);
// The user-facing group a kind belongs to for --type: "mail", "file", "event",
// "contact", "folder" (every container), "site", "list", "team", "channel",
// "message", "version", "user".
std::string_view ItemKindGroup(ItemKind kind);
// True for kinds that hold other items (browse descends into them).
bool IsContainer(ItemKind kind);
std::optional<ItemKind> ItemKindFromNumber(int number);
// The kinds a --type word selects: a kind name ("mail_message") or a group
// ("mail"). The error lists the accepted words.
Result<std::vector<ItemKind>> KindsForType(std::string_view type);

// What an owner is: the protected entity whose data an item belongs to.
enum class OwnerKind : int { kUser = 1, kSite = 2, kTeam = 3, kGroup = 4 };
std::string_view OwnerKindName(OwnerKind kind);

// A user, site, team or group of a backup set. `id` is its Graph id; `address`
// is what an administrator types (UPN, mail address, site URL).
struct Owner {
  std::string id;
  OwnerKind kind = OwnerKind::kUser;
  std::string display_name;
  std::string address;
};

// The identity of an item inside a backup set.
struct ItemKey {
  std::string owner_id;  // Graph id of the owner
  ItemKind kind = ItemKind::kMailMessage;
  std::string graph_id;  // Graph id of the item (for a file version: "<file id>/<version id>")
};

// One version of an item as the backup layer records it. Strings may be
// empty and dates absent when the kind has no such field.
struct Item {
  ItemKey key;
  // Path of the containing folder in the snapshot tree, "/"-separated, from
  // the set's root: "/alice@contoso.com/Mail/Inbox". Build it with ChildPath()
  // so that a "/" inside a name cannot split it. A container's children live
  // at ChildPath(container.folder_path, container.name).
  std::string folder_path;
  // What a person sees: the subject of a message or event, a file or folder
  // name, a contact's or a site's display name, the first line of a post.
  std::string name;
  // Opaque locator of the item in the repository snapshot (tree path, record
  // id), chosen by the backup layer and handed back to restore untouched.
  std::string ref;
  std::int64_t size = 0;  // bytes

  std::optional<SystemTime> created;
  std::optional<SystemTime> modified;
  std::optional<SystemTime> sent;
  std::optional<SystemTime> received;
  std::optional<SystemTime> start;  // events
  std::optional<SystemTime> end;    // events

  // Who: a message's sender, an event's organizer, a file's last modifier, a
  // post's author. Recommended form: "Display Name <address>".
  std::string from;
  // To whom: a message's to/cc/bcc, an event's attendees, a contact's
  // addresses; "; "-separated, same form as `from`.
  std::string to;
  // Searchable text: a message's or event's body preview, a post's text.
  std::string preview;
  bool has_attachments = false;
  std::string attachment_names;  // "; "-separated
  std::string location;          // events
  std::string version;           // files and file versions: the version label ("3.0")
};

// The date that search filters (--after, --before) and "newest first" use:
// received (else sent) for mail, start for events, modified for files and
// everything else, created when nothing else is set.
std::optional<SystemTime> PrimaryDate(const Item& item);

// Checks what the catalog relies on (a Graph id, a kind, an absolute folder
// path); the error names the item and the field.
Status ValidateItem(const Item& item);

// Joins a folder path and one name, escaping "/" and "%" inside the name as
// %2F and %25 so that the name stays one component: ChildPath("/a", "x/y") is
// "/a/x%2Fy". ChildPath("/", "a") is "/a".
std::string ChildPath(std::string_view folder_path, std::string_view name);
// Normalises a path typed by a person: a leading "/", no trailing or doubled "/".
std::string NormalizePath(std::string_view path);

// Milliseconds since the Unix epoch, the catalog's unit for dates.
std::int64_t ToMillis(SystemTime t);
SystemTime FromMillis(std::int64_t millis);

}  // namespace ark::catalog
