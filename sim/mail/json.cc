// Outlook item JSON: ids, change keys, recipients, bodies, recurrence, derived from the content model.
#include "mail/json.h"

#include "common/seeded_random.h"
#include "content/ids.h"
#include "content/mail_gen.h"
#include "content/text_gen.h"
#include "core/encoding.h"
#include "core/time.h"

namespace m365sim::mail {
namespace {

using content::kNone;
using content::OutlookKey;
using content::OutlookKind;

std::string ChangeKey(std::string_view label, uint32_t revision) {
  SeededRandom r(StableHash(std::string(label) + "/" + std::to_string(revision), 0xc4a6e));
  return ark::Base64Encode(std::string("\x09\x00\x00\x00\x16\x00\x00\x00", 8) + r.Bytes(14));
}

Json Recipient(const content::Address& a) { return {{"emailAddress", {{"name", a.name}, {"address", a.address}}}}; }

Json Recipients(const std::vector<content::Address>& list) {
  Json out = Json::array();
  for (const auto& a : list) out.push_back(Recipient(a));
  return out;
}

// Graph's bodyPreview: the first 255 characters of the text, whitespace collapsed.
std::string Preview(const std::string& text) {
  std::string out;
  bool space = false;
  size_t chars = 0;
  for (size_t i = 0; i < text.size() && chars < 255; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      ++chars;
      space = false;
    }
    out.push_back(static_cast<char>(c));
    if ((c & 0xC0) != 0x80) ++chars;
  }
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
  return out;
}

std::string ConversationId(const content::Mailbox& mb, uint32_t root) {
  SeededRandom r = content::ItemRandom(mb, "conversation", root);
  return ark::Base64Encode(std::string("\x00\x04\x24\x00", 4) + mb.guid + std::string("\x00\x10\x00", 3) + r.Bytes(16));
}

std::string WebLink(const std::string& id, const char* view) {
  return "https://outlook.office365.com/owa/?ItemID=" + ark::PercentEncode(id) + "&exvsurl=1&viewmodel=" + view;
}

std::string DateTimeTimeZone(content::Time t) {
  // dateTimeTimeZone.dateTime has no offset and seven fraction digits.
  std::string iso = IsoTime(t);
  return iso.substr(0, 19) + ".0000000";
}

std::string Date(content::Time t) { return IsoTime(t).substr(0, 10); }

}  // namespace

std::string IsoTime(content::Time t) { return ark::FormatRfc3339(ark::SystemTime(std::chrono::seconds(t))); }

std::string FolderId(const content::Mailbox& mb, uint32_t folder) {
  return content::EncodeOutlookId({mb.guid, OutlookKind::kMailFolder, 0, folder, -1, false});
}

std::string MessageId(const content::Mailbox& mb, uint32_t number, IdMode mode) {
  return content::EncodeOutlookId(
      {mb.guid, OutlookKind::kMessage, mb.messages[number].folder, number, -1, mode.immutable});
}

std::string AttachmentId(const content::Mailbox& mb, uint32_t number, uint32_t attachment, IdMode mode) {
  return content::EncodeOutlookId({mb.guid, OutlookKind::kMessage, mb.messages[number].folder, number,
                                   static_cast<int32_t>(attachment), mode.immutable});
}

std::string ContactFolderId(const content::Mailbox& mb, uint32_t folder) {
  return content::EncodeOutlookId({mb.guid, OutlookKind::kContactFolder, 0, folder, -1, false});
}

std::string ContactId(const content::Mailbox& mb, uint32_t key, IdMode mode) {
  return content::EncodeOutlookId({mb.guid, OutlookKind::kContact, mb.contacts[key].folder, key, -1, mode.immutable});
}

std::string CalendarId(const content::Mailbox& mb, uint32_t calendar) {
  return content::EncodeOutlookId({mb.guid, OutlookKind::kCalendar, 0, calendar, -1, false});
}

std::string EventId(const content::Mailbox& mb, uint32_t key, int occurrence, IdMode mode) {
  return content::EncodeOutlookId(
      {mb.guid, OutlookKind::kEvent, mb.events[key].calendar, key, occurrence, mode.immutable});
}

Json FolderJson(const content::Mailbox& mb, uint32_t folder) {
  const content::MailFolder& f = mb.folders[folder];
  int children = 0;
  for (const auto& x : mb.folders) children += x.parent == folder && !x.deleted;
  int unread = 0;
  int total = 0;
  if (!f.search) {
    for (uint64_t key : mb.message_journals[folder].LiveKeys(0, SIZE_MAX)) {
      ++total;
      unread += !mb.messages[key].read;
    }
  }
  Json j;
  if (f.search) j["@odata.type"] = "#microsoft.graph.mailSearchFolder";
  j["id"] = FolderId(mb, folder);
  j["displayName"] = f.name;
  j["parentFolderId"] = f.parent == kNone ? Json(nullptr) : Json(FolderId(mb, f.parent));
  j["childFolderCount"] = children;
  j["unreadItemCount"] = unread;
  j["totalItemCount"] = total;
  j["isHidden"] = f.hidden;
  if (f.search) {
    j["isSupported"] = true;
    j["includeNestedFolders"] = true;
    j["sourceFolderIds"] = Json::array({FolderId(mb, 1)});
    j["filterQuery"] = "isRead eq false";
  }
  return j;
}

Json MessageJson(const content::Content& c, const content::Mailbox& mb, uint32_t number, IdMode mode) {
  const content::Message& m = mb.messages[number];
  content::MessageSpec spec = content::MessageSpecOf(c, mb, number);
  std::string id = MessageId(mb, number, mode);
  std::string key = ChangeKey(mb.guid + "/m/" + std::to_string(number), m.revision);
  uint32_t root = number;
  for (uint32_t p = m.thread_parent; p != kNone; p = mb.messages[p].thread_parent) root = p;
  bool has_files = false;
  for (const auto& a : spec.attachments) has_files |= !a.is_inline;
  bool html = spec.body_kind != content::BodyKind::kPlain;
  content::Time sent = spec.date ? spec.date : m.received;
  Json j;
  j["@odata.etag"] = "W/\"" + key + "\"";
  j["id"] = id;
  j["createdDateTime"] = IsoTime(m.received);
  j["lastModifiedDateTime"] = IsoTime(std::max(m.modified, m.received));
  j["changeKey"] = key;
  j["categories"] = m.flagged ? Json::array({"Red category"}) : Json::array();
  j["receivedDateTime"] = IsoTime(m.received);
  j["sentDateTime"] = IsoTime(sent);
  j["hasAttachments"] = has_files;
  j["internetMessageId"] = spec.message_id;
  j["subject"] = spec.subject;
  j["bodyPreview"] = Preview(spec.text);
  j["importance"] = spec.importance.empty() ? "normal" : spec.importance;
  j["parentFolderId"] = FolderId(mb, m.folder);
  j["conversationId"] = ConversationId(mb, root);
  j["conversationIndex"] = ark::Base64Encode(content::ItemRandom(mb, "conversation-index", number).Bytes(22));
  j["isDeliveryReceiptRequested"] = false;
  j["isReadReceiptRequested"] = false;
  j["isRead"] = m.read;
  j["isDraft"] = m.draft;
  j["webLink"] = WebLink(id, "ReadMessageItem");
  j["inferenceClassification"] = "focused";
  j["body"] = {{"contentType", html ? "html" : "text"}, {"content", html ? content::HtmlBodyOf(spec) : spec.text}};
  j["sender"] = Recipient(spec.from);
  j["from"] = Recipient(spec.from);
  j["toRecipients"] = Recipients(spec.to);
  j["ccRecipients"] = Recipients(spec.cc);
  j["bccRecipients"] = Json::array();
  j["replyTo"] = Json::array();
  j["flag"] = {{"flagStatus", m.flagged ? "flagged" : "notFlagged"}};
  return j;
}

Json AttachmentJson(const content::Content& c, const content::Mailbox& mb, uint32_t number, uint32_t index,
                    IdMode mode, bool with_bytes) {
  content::MessageSpec spec = content::MessageSpecOf(c, mb, number);
  const content::AttachmentSpec& a = spec.attachments[index];
  const content::Message& m = mb.messages[number];
  Json j;
  if (a.item) {
    j["@odata.type"] = "#microsoft.graph.itemAttachment";
    j["id"] = AttachmentId(mb, number, index, mode);
    j["lastModifiedDateTime"] = IsoTime(m.received);
    j["name"] = a.name;
    j["contentType"] = nullptr;
    j["size"] = content::AttachmentBytes(a)->size();
    j["isInline"] = false;
    return j;
  }
  auto bytes = content::AttachmentBytes(a);
  j["@odata.type"] = "#microsoft.graph.fileAttachment";
  j["@odata.mediaContentType"] = a.content_type;
  j["id"] = AttachmentId(mb, number, index, mode);
  j["lastModifiedDateTime"] = IsoTime(m.received);
  j["name"] = a.name;
  j["contentType"] = a.content_type;
  j["size"] = bytes->size();
  j["isInline"] = a.is_inline;
  j["contentId"] = a.content_id.empty() ? Json(nullptr) : Json(a.content_id);
  j["contentLocation"] = nullptr;
  if (with_bytes) j["contentBytes"] = ark::Base64Encode(content::ReadAll(*bytes));
  return j;
}

Json ContactFolderJson(const content::Mailbox& mb, uint32_t folder) {
  const content::ContactFolder& f = mb.contact_folders[folder];
  return {{"id", ContactFolderId(mb, folder)},
          {"displayName", f.name},
          {"parentFolderId", f.parent == kNone ? FolderId(mb, 0) : ContactFolderId(mb, f.parent)}};
}

Json ContactJson(const content::Content& c, const content::Mailbox& mb, uint32_t key, IdMode mode) {
  (void)c;
  const content::Contact& x = mb.contacts[key];
  std::string label = mb.guid + "/c/" + std::to_string(key);
  std::string change = ChangeKey(label, x.revision);
  Json j;
  j["@odata.etag"] = "W/\"" + change + "\"";
  j["id"] = ContactId(mb, key, mode);
  j["createdDateTime"] = IsoTime(x.created);
  j["lastModifiedDateTime"] = IsoTime(x.modified);
  j["changeKey"] = change;
  j["categories"] = Json::array();
  j["parentFolderId"] = ContactFolderId(mb, x.folder);
  if (!x.custom_json.empty()) {
    Json custom = Json::parse(x.custom_json, nullptr, false);
    if (custom.is_object()) {
      for (auto it = custom.begin(); it != custom.end(); ++it) {
        if (it.key() != "id" && it.key().rfind("@odata", 0) != 0) j[it.key()] = it.value();
      }
    }
    return j;
  }
  SeededRandom r = content::ItemRandom(mb, "contact", key);
  content::PersonName name = content::RandomPerson(r);
  std::string company = content::RandomTopic(r) + " Ltd";
  std::string local;
  for (char ch : name.given) {
    if (ch >= 'a' && ch <= 'z') local.push_back(ch);
    if (ch >= 'A' && ch <= 'Z') local.push_back(static_cast<char>(ch - 'A' + 'a'));
  }
  if (local.empty()) local = "contact";
  j["birthday"] = r.Chance(0.3) ? Json(IsoTime(c.epoch - r.Between(20, 60) * 365 * 86400)) : Json(nullptr);
  j["fileAs"] = name.surname + ", " + name.given;
  j["displayName"] = name.display();
  j["givenName"] = name.given;
  j["surname"] = name.surname;
  j["jobTitle"] = r.Chance(0.5) ? Json("Account Manager") : Json(nullptr);
  j["companyName"] = company;
  j["businessPhones"] = Json::array({"+1 425 555 0" + std::to_string(r.Between(100, 199))});
  j["mobilePhone"] = "+1 206 555 0" + std::to_string(r.Between(100, 199));
  j["emailAddresses"] = Json::array(
      {{{"name", name.display()}, {"address", local + std::to_string(key) + "@fabrikam.example"}}});
  j["businessAddress"] = {{"street", std::to_string(r.Between(1, 999)) + " Main St"},
                          {"city", "Redmond"},
                          {"state", "WA"},
                          {"countryOrRegion", "United States"},
                          {"postalCode", "98052"}};
  j["personalNotes"] = "";
  return j;
}

Json CalendarJson(const content::Mailbox& mb, uint32_t calendar) {
  const content::Calendar& cal = mb.calendars[calendar];
  return {{"id", CalendarId(mb, calendar)},
          {"name", cal.name},
          {"color", cal.is_default ? "auto" : "lightBlue"},
          {"hexColor", cal.is_default ? "" : "#a6d1f5"},
          {"isDefaultCalendar", cal.is_default},
          {"changeKey", ChangeKey(mb.guid + "/cal/" + std::to_string(calendar), 0)},
          {"canShare", true},
          {"canViewPrivateItems", true},
          {"canEdit", true},
          {"allowedOnlineMeetingProviders", Json::array({"teamsForBusiness"})},
          {"defaultOnlineMeetingProvider", "teamsForBusiness"},
          {"isTallyingResponses", true},
          {"isRemovable", !cal.is_default},
          {"owner", {{"name", mb.display_name}, {"address", mb.address}}}};
}

std::vector<Occurrence> OccurrencesIn(const content::Event& e, content::Time from, content::Time to) {
  std::vector<Occurrence> out;
  content::Time length = static_cast<content::Time>(e.minutes) * 60;
  if (e.kind == content::EventKind::kSingle || e.kind == content::EventKind::kAllDay) {
    if (e.start < to && e.start + length > from) out.push_back({-1, e.start, false});
    return out;
  }
  content::Time step = e.kind == content::EventKind::kDaily ? 86400 : 7 * 86400;
  for (int i = 0; i < e.occurrences; ++i) {
    content::Time start = e.start + i * step;
    bool exception = false;
    if (e.kind == content::EventKind::kWeeklyWithExceptions) {
      if (i == 4) continue;  // a cancelled occurrence
      if (i == 2) {
        start += 86400;  // moved a day later
        exception = true;
      }
    }
    if (start < to && start + length > from) out.push_back({i, start, exception});
  }
  return out;
}

Json EventJson(const content::Content& c, const content::Mailbox& mb, uint32_t key, IdMode mode) {
  const content::Event& e = mb.events[key];
  std::string label = mb.guid + "/e/" + std::to_string(key);
  std::string change = ChangeKey(label, e.revision);
  std::string id = EventId(mb, key, -1, mode);
  bool series = e.kind != content::EventKind::kSingle && e.kind != content::EventKind::kAllDay;
  Json j;
  j["@odata.etag"] = "W/\"" + change + "\"";
  j["id"] = id;
  j["createdDateTime"] = IsoTime(e.created);
  j["lastModifiedDateTime"] = IsoTime(e.modified);
  j["changeKey"] = change;
  j["categories"] = Json::array();
  j["transactionId"] = nullptr;
  j["originalStartTimeZone"] = "UTC";
  j["originalEndTimeZone"] = "UTC";
  SeededRandom r = content::ItemRandom(mb, "event", key);
  j["iCalUId"] = "040000008200E00074C5B7101A82E008" + ark::HexEncode(r.Bytes(24));
  j["reminderMinutesBeforeStart"] = 15;
  j["isReminderOn"] = true;
  j["hasAttachments"] = false;
  std::string subject = content::RandomSubject(r);
  std::string text = content::RandomParagraph(r, 2);
  j["subject"] = subject;
  j["bodyPreview"] = Preview(text);
  j["importance"] = "normal";
  j["sensitivity"] = "normal";
  j["isAllDay"] = e.kind == content::EventKind::kAllDay;
  j["isCancelled"] = false;
  j["isOrganizer"] = true;
  j["responseRequested"] = true;
  j["seriesMasterId"] = nullptr;
  j["showAs"] = "busy";
  j["type"] = series ? "seriesMaster" : "singleInstance";
  j["webLink"] = WebLink(id, "ICalendarItemDetails");
  j["onlineMeetingUrl"] = nullptr;
  j["isOnlineMeeting"] = false;
  j["onlineMeetingProvider"] = "unknown";
  j["allowNewTimeProposals"] = true;
  j["isDraft"] = false;
  j["hideAttendees"] = false;
  j["responseStatus"] = {{"response", "organizer"}, {"time", "0001-01-01T00:00:00Z"}};
  j["body"] = {{"contentType", "text"}, {"content", text}};
  j["start"] = {{"dateTime", DateTimeTimeZone(e.start)}, {"timeZone", "UTC"}};
  j["end"] = {{"dateTime", DateTimeTimeZone(e.start + static_cast<content::Time>(e.minutes) * 60)},
              {"timeZone", "UTC"}};
  std::string room = "Conference Room " + std::to_string(r.Between(1, 12));
  j["location"] = {{"displayName", room}, {"locationType", "default"}, {"uniqueIdType", "unknown"}};
  j["locations"] = Json::array({{{"displayName", room}, {"locationType", "default"}, {"uniqueIdType", "unknown"}}});
  if (series) {
    static const char* kDays[] = {"thursday", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday"};
    bool daily = e.kind == content::EventKind::kDaily;
    Json pattern = {{"type", daily ? "daily" : "weekly"}, {"interval", 1}, {"month", 0}, {"dayOfMonth", 0},
                    {"firstDayOfWeek", "sunday"}, {"index", "first"}};
    pattern["daysOfWeek"] = daily ? Json::array() : Json::array({kDays[(e.start / 86400) % 7]});
    j["recurrence"] = {{"pattern", pattern},
                       {"range",
                        {{"type", "numbered"},
                         {"startDate", Date(e.start)},
                         {"endDate", "0001-01-01"},
                         {"recurrenceTimeZone", "UTC"},
                         {"numberOfOccurrences", e.occurrences}}}};
  } else {
    j["recurrence"] = nullptr;
  }
  Json attendees = Json::array();
  int count = static_cast<int>(r.Between(1, 4));
  for (int i = 0; i < count && !c.people.empty(); ++i) {
    const content::Person& p = c.people[r.Below(c.people.size())];
    attendees.push_back({{"type", i == 0 ? "required" : "optional"},
                         {"status", {{"response", "none"}, {"time", "0001-01-01T00:00:00Z"}}},
                         {"emailAddress", {{"name", p.display_name}, {"address", p.mail}}}});
  }
  j["attendees"] = attendees;
  j["organizer"] = {{"emailAddress", {{"name", mb.display_name}, {"address", mb.address}}}};
  if (!e.custom_json.empty()) {
    Json custom = Json::parse(e.custom_json, nullptr, false);
    if (custom.is_object()) {
      for (auto it = custom.begin(); it != custom.end(); ++it) {
        if (it.key() != "id" && it.key().rfind("@odata", 0) != 0) j[it.key()] = it.value();
      }
    }
  }
  return j;
}

Json OccurrenceJson(const content::Content& c, const content::Mailbox& mb, uint32_t key, const Occurrence& o,
                    IdMode mode) {
  Json j = EventJson(c, mb, key, mode);
  if (o.index < 0) return j;
  const content::Event& e = mb.events[key];
  j["id"] = EventId(mb, key, o.index, mode);
  j["seriesMasterId"] = EventId(mb, key, -1, mode);
  j["type"] = o.exception ? "exception" : "occurrence";
  j["recurrence"] = nullptr;
  j["start"] = {{"dateTime", DateTimeTimeZone(o.start)}, {"timeZone", "UTC"}};
  j["end"] = {{"dateTime", DateTimeTimeZone(o.start + static_cast<content::Time>(e.minutes) * 60)},
              {"timeZone", "UTC"}};
  if (o.exception) j["originalStart"] = IsoTime(o.start - 86400);
  return j;
}

}  // namespace m365sim::mail
