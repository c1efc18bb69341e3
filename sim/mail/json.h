// Graph JSON of Outlook items: mail folders, messages, attachments, contacts, calendars and events.
//
// Shapes follow the v1.0 CSDL (message, mailFolder, mailSearchFolder,
// fileAttachment, itemAttachment, contactFolder, contact, calendar, event).
// Every function reads the content model and must run under the store's
// read lock.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "content/model.h"

namespace m365sim::mail {

using Json = nlohmann::ordered_json;

struct IdMode {
  bool immutable = false;
};

std::string FolderId(const content::Mailbox& mb, uint32_t folder);
std::string MessageId(const content::Mailbox& mb, uint32_t number, IdMode mode);
std::string AttachmentId(const content::Mailbox& mb, uint32_t number, uint32_t attachment, IdMode mode);
std::string ContactFolderId(const content::Mailbox& mb, uint32_t folder);
std::string ContactId(const content::Mailbox& mb, uint32_t key, IdMode mode);
std::string CalendarId(const content::Mailbox& mb, uint32_t calendar);
// occurrence < 0: the event (single or series master); >= 0: one occurrence.
std::string EventId(const content::Mailbox& mb, uint32_t key, int occurrence, IdMode mode);

Json FolderJson(const content::Mailbox& mb, uint32_t folder);
Json MessageJson(const content::Content& c, const content::Mailbox& mb, uint32_t number, IdMode mode);
Json AttachmentJson(const content::Content& c, const content::Mailbox& mb, uint32_t number, uint32_t index,
                    IdMode mode, bool with_bytes);
Json ContactFolderJson(const content::Mailbox& mb, uint32_t folder);
Json ContactJson(const content::Content& c, const content::Mailbox& mb, uint32_t key, IdMode mode);
Json CalendarJson(const content::Mailbox& mb, uint32_t calendar);
Json EventJson(const content::Content& c, const content::Mailbox& mb, uint32_t key, IdMode mode);

// One occurrence of an event within [start, end): the instances a calendarView shows.
struct Occurrence {
  int index = -1;          // -1 for a single event
  content::Time start = 0;
  bool exception = false;  // moved from its pattern
};
std::vector<Occurrence> OccurrencesIn(const content::Event& e, content::Time from, content::Time to);
Json OccurrenceJson(const content::Content& c, const content::Mailbox& mb, uint32_t key, const Occurrence& o,
                    IdMode mode);

// "2026-06-01T10:00:00Z"
std::string IsoTime(content::Time t);

}  // namespace m365sim::mail
