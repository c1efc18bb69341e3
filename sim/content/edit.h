// Primitive changes to the content model that keep every delta journal in step.
//
// The generator, the mutation engine and the restore endpoints all change
// content through these functions, so an item is always listed in exactly
// the journals of the collections that hold it, with the sequence number of
// its last change. Each function takes the next tenant sequence number.
// REQUIRES: the caller holds the store's write lock.
#pragma once

#include <string>

#include "content/model.h"

namespace m365sim::content {

// Mail.
uint32_t AddMailFolder(Content& c, Mailbox& mb, MailFolder folder);
void RenameMailFolder(Content& c, Mailbox& mb, uint32_t folder, std::string name);
uint32_t AddMessage(Content& c, Mailbox& mb, Message message);
void TouchMessage(Content& c, Mailbox& mb, uint32_t number, Time now);
void MoveMessage(Content& c, Mailbox& mb, uint32_t number, uint32_t folder, Time now);
void DeleteMessage(Content& c, Mailbox& mb, uint32_t number);

// Contacts and events.
uint32_t AddContactFolder(Content& c, Mailbox& mb, ContactFolder folder);
uint32_t AddContact(Content& c, Mailbox& mb, Contact contact);
void TouchContact(Content& c, Mailbox& mb, uint32_t key, Time now);
void DeleteContact(Content& c, Mailbox& mb, uint32_t key);
uint32_t AddEvent(Content& c, Mailbox& mb, Event event);
void TouchEvent(Content& c, Mailbox& mb, uint32_t key, Time now);
void DeleteEvent(Content& c, Mailbox& mb, uint32_t key);

// Files. A change to an item also changes its ancestors' cTag, as in
// OneDrive, so delta reports them unless the client asks to exclude parents.
uint32_t AddDriveItem(Content& c, Drive& drive, DriveItem item);
void AddFileVersion(Content& c, Drive& drive, uint32_t item, FileVersion version);
void RenameDriveItem(Content& c, Drive& drive, uint32_t item, std::string name, Time now);
void MoveDriveItem(Content& c, Drive& drive, uint32_t item, uint32_t parent, Time now);
// Deletes the item and, for a folder, everything under it.
void DeleteDriveItem(Content& c, Drive& drive, uint32_t item, Time now);
// The child of `parent` called `name` (case-insensitive, as SharePoint compares), or kNone.
uint32_t FindChild(const Drive& drive, uint32_t parent, const std::string& name);
// "/Documents/Reports" for an item (the root is "").
std::string DrivePath(const Drive& drive, uint32_t item);

// Lists.
uint32_t AddListItem(Content& c, List& list, ListItem item);
void TouchListItem(Content& c, List& list, uint32_t index, Time now);
void DeleteListItem(Content& c, List& list, uint32_t index);

// Channel messages.
uint32_t AddChatMessage(Content& c, Channel& channel, ChatMessage message);
void TouchChatMessage(Content& c, Channel& channel, uint32_t index, Time now);
void DeleteChatMessage(Content& c, Channel& channel, uint32_t index, Time now);

}  // namespace m365sim::content
