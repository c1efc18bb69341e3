// Content edits: each updates the item, its `changed` sequence, and the journals that list it.
#include "content/edit.h"

#include <algorithm>
#include <cctype>

namespace m365sim::content {
namespace {

bool SameNameIgnoringCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Ancestors of a changed drive item get a new position in the journal (not
// a new `changed`): delta shows them, and deltaExcludeParent can drop them.
void TouchAncestors(Content& c, Drive& drive, uint32_t item) {
  for (uint32_t p = drive.items[item].parent; p != kNone; p = drive.items[p].parent) {
    drive.journal.Put(p, c.NextSeq());
  }
}

}  // namespace

uint32_t AddMailFolder(Content& c, Mailbox& mb, MailFolder folder) {
  folder.changed = c.NextSeq();
  uint32_t key = static_cast<uint32_t>(mb.folders.size());
  mb.folders.push_back(std::move(folder));
  mb.message_journals.emplace_back();
  mb.folder_journal.Put(key, mb.folders[key].changed);
  return key;
}

void RenameMailFolder(Content& c, Mailbox& mb, uint32_t folder, std::string name) {
  mb.folders[folder].name = std::move(name);
  mb.folders[folder].changed = c.NextSeq();
  mb.folder_journal.Put(folder, mb.folders[folder].changed);
}

uint32_t AddMessage(Content& c, Mailbox& mb, Message message) {
  message.changed = c.NextSeq();
  uint32_t number = static_cast<uint32_t>(mb.messages.size());
  mb.messages.push_back(message);
  mb.message_journals[message.folder].Put(number, message.changed);
  return number;
}

void TouchMessage(Content& c, Mailbox& mb, uint32_t number, Time now) {
  Message& m = mb.messages[number];
  m.revision++;
  m.modified = now;
  m.changed = c.NextSeq();
  mb.message_journals[m.folder].Put(number, m.changed);
}

void MoveMessage(Content& c, Mailbox& mb, uint32_t number, uint32_t folder, Time now) {
  Message& m = mb.messages[number];
  if (m.folder == folder) return;
  mb.message_journals[m.folder].Remove(number, c.NextSeq());
  m.folder = folder;
  m.revision++;
  m.modified = now;
  m.changed = c.NextSeq();
  mb.message_journals[folder].Put(number, m.changed);
}

void DeleteMessage(Content& c, Mailbox& mb, uint32_t number) {
  Message& m = mb.messages[number];
  if (m.deleted) return;
  m.deleted = true;
  m.changed = c.NextSeq();
  mb.message_journals[m.folder].Remove(number, m.changed);
}

uint32_t AddContactFolder(Content& c, Mailbox& mb, ContactFolder folder) {
  folder.changed = c.NextSeq();
  uint32_t key = static_cast<uint32_t>(mb.contact_folders.size());
  mb.contact_folders.push_back(std::move(folder));
  mb.contact_journals.emplace_back();
  mb.contact_folder_journal.Put(key, mb.contact_folders[key].changed);
  return key;
}

uint32_t AddContact(Content& c, Mailbox& mb, Contact contact) {
  contact.changed = c.NextSeq();
  uint32_t key = static_cast<uint32_t>(mb.contacts.size());
  mb.contacts.push_back(std::move(contact));
  mb.contact_journals[mb.contacts[key].folder].Put(key, mb.contacts[key].changed);
  return key;
}

void TouchContact(Content& c, Mailbox& mb, uint32_t key, Time now) {
  Contact& x = mb.contacts[key];
  x.revision++;
  x.modified = now;
  x.changed = c.NextSeq();
  mb.contact_journals[x.folder].Put(key, x.changed);
}

void DeleteContact(Content& c, Mailbox& mb, uint32_t key) {
  Contact& x = mb.contacts[key];
  if (x.deleted) return;
  x.deleted = true;
  x.changed = c.NextSeq();
  mb.contact_journals[x.folder].Remove(key, x.changed);
}

uint32_t AddEvent(Content& c, Mailbox& mb, Event event) {
  event.changed = c.NextSeq();
  uint32_t key = static_cast<uint32_t>(mb.events.size());
  mb.events.push_back(std::move(event));
  mb.event_journals[mb.events[key].calendar].Put(key, mb.events[key].changed);
  return key;
}

void TouchEvent(Content& c, Mailbox& mb, uint32_t key, Time now) {
  Event& e = mb.events[key];
  e.revision++;
  e.modified = now;
  e.changed = c.NextSeq();
  mb.event_journals[e.calendar].Put(key, e.changed);
}

void DeleteEvent(Content& c, Mailbox& mb, uint32_t key) {
  Event& e = mb.events[key];
  if (e.deleted) return;
  e.deleted = true;
  e.changed = c.NextSeq();
  mb.event_journals[e.calendar].Remove(key, e.changed);
}

uint32_t AddDriveItem(Content& c, Drive& drive, DriveItem item) {
  item.changed = c.NextSeq();
  uint32_t key = static_cast<uint32_t>(drive.items.size());
  drive.items.push_back(std::move(item));
  drive.journal.Put(key, drive.items[key].changed);
  if (key != 0) TouchAncestors(c, drive, key);
  return key;
}

void AddFileVersion(Content& c, Drive& drive, uint32_t item, FileVersion version) {
  DriveItem& x = drive.items[item];
  x.modified = version.modified;
  x.versions.push_back(version);
  x.revision++;
  x.changed = c.NextSeq();
  drive.journal.Put(item, x.changed);
  TouchAncestors(c, drive, item);
}

void RenameDriveItem(Content& c, Drive& drive, uint32_t item, std::string name, Time now) {
  DriveItem& x = drive.items[item];
  x.name = std::move(name);
  x.modified = now;
  x.revision++;
  x.changed = c.NextSeq();
  drive.journal.Put(item, x.changed);
  TouchAncestors(c, drive, item);
}

void MoveDriveItem(Content& c, Drive& drive, uint32_t item, uint32_t parent, Time now) {
  TouchAncestors(c, drive, item);  // the old parents lose a child
  DriveItem& x = drive.items[item];
  x.parent = parent;
  x.modified = now;
  x.revision++;
  x.changed = c.NextSeq();
  drive.journal.Put(item, x.changed);
  TouchAncestors(c, drive, item);
}

void DeleteDriveItem(Content& c, Drive& drive, uint32_t item, Time now) {
  if (drive.items[item].deleted) return;
  if (drive.items[item].folder) {
    for (uint32_t k = 0; k < drive.items.size(); ++k) {
      if (drive.items[k].parent == item && !drive.items[k].deleted) DeleteDriveItem(c, drive, k, now);
    }
  }
  TouchAncestors(c, drive, item);
  DriveItem& x = drive.items[item];
  x.deleted = true;
  x.modified = now;
  x.changed = c.NextSeq();
  drive.journal.Remove(item, x.changed);
}

uint32_t FindChild(const Drive& drive, uint32_t parent, const std::string& name) {
  for (uint32_t k = 1; k < drive.items.size(); ++k) {
    const DriveItem& x = drive.items[k];
    if (x.parent == parent && !x.deleted && SameNameIgnoringCase(x.name, name)) return k;
  }
  return kNone;
}

std::string DrivePath(const Drive& drive, uint32_t item) {
  std::string path;
  for (uint32_t k = item; k != kNone && drive.items[k].parent != kNone; k = drive.items[k].parent) {
    path = "/" + drive.items[k].name + path;
  }
  return path;
}

uint32_t AddListItem(Content& c, List& list, ListItem item) {
  item.changed = c.NextSeq();
  uint32_t index = static_cast<uint32_t>(list.items.size());
  list.items.push_back(std::move(item));
  list.journal.Put(index, list.items[index].changed);
  return index;
}

void TouchListItem(Content& c, List& list, uint32_t index, Time now) {
  ListItem& x = list.items[index];
  x.revision++;
  x.modified = now;
  x.changed = c.NextSeq();
  list.journal.Put(index, x.changed);
}

void DeleteListItem(Content& c, List& list, uint32_t index) {
  ListItem& x = list.items[index];
  if (x.deleted) return;
  x.deleted = true;
  x.changed = c.NextSeq();
  list.journal.Remove(index, x.changed);
}

uint32_t AddChatMessage(Content& c, Channel& channel, ChatMessage message) {
  message.changed = c.NextSeq();
  uint32_t index = static_cast<uint32_t>(channel.messages.size());
  channel.messages.push_back(std::move(message));
  channel.journal.Put(index, channel.messages[index].changed);
  return index;
}

void TouchChatMessage(Content& c, Channel& channel, uint32_t index, Time now) {
  ChatMessage& m = channel.messages[index];
  m.revision++;
  m.modified = now;
  m.changed = c.NextSeq();
  channel.journal.Put(index, m.changed);
}

void DeleteChatMessage(Content& c, Channel& channel, uint32_t index, Time now) {
  // Teams keeps a deleted message as a stub with deletedDateTime set: delta
  // reports it as changed, not removed.
  ChatMessage& m = channel.messages[index];
  if (m.deleted) return;
  m.deleted = true;
  m.modified = now;
  m.changed = c.NextSeq();
  channel.journal.Put(index, m.changed);
}

}  // namespace m365sim::content
