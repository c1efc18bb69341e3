// Contacts and calendars: listing, delta feeds, calendarView expansion, creates for restore.
#include "mail/pim_routes.h"

#include "content/edit.h"
#include "content/ids.h"
#include "core/time.h"
#include "graphapi/errors.h"
#include "mail/access.h"
#include "mail/json.h"
#include "workloads/odata.h"

namespace m365sim::mail {
namespace {

using content::kNone;
using workloads::Call;
using workloads::Json;

IdMode Mode(Call& call) { return {call.ImmutableIds()}; }

Json WithContext(const std::string& context, const Json& entity) {
  Json j;
  j["@odata.context"] = context;
  workloads::AppendMembers(j, entity);
  return j;
}

// ---- contacts ----

http::Response ListContactFolders(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kContacts, false);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    const auto& mb = c.mailboxes[mbi];
    for (uint32_t f = 0; f < mb.contact_folders.size(); ++f) {
      if (!mb.contact_folders[f].deleted) out.push_back(ContactFolderJson(mb, f));
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#" + UserPath(call) + "/contactFolders",
                                 std::move(items), 10, 1000);
}

http::Response ListContacts(Call& call, bool in_folder) {
  M365SIM_OPEN_MAILBOX(Area::kContacts, false);
  IdMode mode = Mode(call);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t f = in_folder ? ResolveContactFolder(mb, call.req.Param("folder")) : 0;
    if (f == kNone) return std::nullopt;
    std::vector<Json> out;
    for (uint64_t k : mb.contact_journals[f].LiveKeys(0, SIZE_MAX)) {
      out.push_back(ContactJson(c, mb, static_cast<uint32_t>(k), mode));
    }
    return out;
  });
  if (!items) return ItemNotFound(call);
  return workloads::ListResponse(call, call.Base() + "/$metadata#" + UserPath(call) + "/contacts", std::move(*items),
                                 10, 1000);
}

http::Response GetContact(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kContacts, false);
  IdMode mode = Mode(call);
  auto json = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t k = ResolveContact(mb, call.req.Param("id"));
    if (k == kNone) return std::nullopt;
    return WithContext(call.Base() + "/$metadata#" + UserPath(call) + "/contacts/$entity", ContactJson(c, mb, k, mode));
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, workloads::Select(*json, call.req.query.GetOr("$select")));
}

http::Response ContactDelta(Call& call, bool folders) {
  M365SIM_OPEN_MAILBOX(Area::kContacts, false);
  IdMode mode = Mode(call);
  uint32_t folder = 0;
  if (!folders) {
    folder = call.svc.store.Read([&](const content::Content& c) {
      std::string_view id = call.req.Param("folder");
      return id.empty() ? 0u : ResolveContactFolder(c.mailboxes[mbi], id);
    });
    if (folder == kNone) return ItemNotFound(call);
  }
  std::string collection = "contacts/" + std::to_string(mbi) + (folders ? "/folders" : "/" + std::to_string(folder));
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kOutlook, collection,
                                     call.req.query.GetOr("$select"), 0);
  if (auto* e = std::get_if<http::Response>(&begun)) return std::move(*e);
  auto& round = std::get<workloads::DeltaRound>(begun);
  size_t page = workloads::PageSize(call.req, 10, 1000);
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const auto& mb = c.mailboxes[mbi];
    std::string path = call.Base() + "/users/" + UserSegment(call) +
                       (folders ? "/contactFolders/delta"
                                : "/contactFolders/" + ContactFolderId(mb, folder) + "/contacts/delta");
    const auto& journal = folders ? mb.contact_folder_journal : mb.contact_journals[folder];
    return workloads::DeltaPage(
        call, workloads::DeltaStyle::kOutlook, round, journal, page,
        call.Base() + "/$metadata#Collection(" + (folders ? "contactFolder" : "contact") + ")", path,
        [&](const delta::JournalEntry& e) -> std::optional<Json> {
          uint32_t k = static_cast<uint32_t>(e.key);
          if (folders) {
            if (e.removed) return Json{{"id", ContactFolderId(mb, k)}, {"@removed", {{"reason", "deleted"}}}};
            return workloads::Select(ContactFolderJson(mb, k), round.state.options);
          }
          if (e.removed) {
            return Json{{"@odata.type", "#microsoft.graph.contact"},
                        {"id", content::EncodeOutlookId({mb.guid, content::OutlookKind::kContact, folder, k, -1,
                                                         mode.immutable})},
                        {"@removed", {{"reason", "deleted"}}}};
          }
          return workloads::Select(ContactJson(c, mb, k, mode), round.state.options);
        });
  });
  return graphapi::GraphJson(call.req, body);
}

http::Response CreateContact(Call& call, bool in_folder) {
  M365SIM_OPEN_MAILBOX(Area::kContacts, true);
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object()) return graphapi::GraphError(call.req, 400, "RequestBodyRead", "Expected a JSON object.");
  IdMode mode = Mode(call);
  content::Time now = call.svc.Now();
  auto json = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& mb = c.mailboxes[mbi];
    uint32_t f = in_folder ? ResolveContactFolder(mb, call.req.Param("folder")) : 0;
    if (f == kNone) return std::nullopt;
    content::Contact x;
    x.folder = f;
    x.custom_json = body.dump();
    x.created = now;
    x.modified = now;
    uint32_t k = content::AddContact(c, mb, x);
    return ContactJson(c, mb, k, mode);
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#" + UserPath(call) + "/contacts/$entity", *json),
                             201);
}

// ---- calendar ----

http::Response ListCalendars(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kCalendar, false);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    const auto& mb = c.mailboxes[mbi];
    for (uint32_t k = 0; k < mb.calendars.size(); ++k) out.push_back(CalendarJson(mb, k));
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#" + UserPath(call) + "/calendars", std::move(items),
                                 10, 1000);
}

http::Response ListEvents(Call& call, bool in_calendar) {
  M365SIM_OPEN_MAILBOX(Area::kCalendar, false);
  IdMode mode = Mode(call);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t cal = in_calendar ? ResolveCalendar(mb, call.req.Param("calendar")) : 0;
    if (cal == kNone) return std::nullopt;
    std::vector<Json> out;
    for (uint64_t k : mb.event_journals[cal].LiveKeys(0, SIZE_MAX)) {
      out.push_back(EventJson(c, mb, static_cast<uint32_t>(k), mode));
    }
    return out;
  });
  if (!items) return ItemNotFound(call);
  return workloads::ListResponse(call, call.Base() + "/$metadata#" + UserPath(call) + "/events", std::move(*items),
                                 10, 1000);
}

http::Response GetEvent(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kCalendar, false);
  IdMode mode = Mode(call);
  auto json = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
    const auto& mb = c.mailboxes[mbi];
    int32_t occurrence = -1;
    uint32_t k = ResolveEvent(mb, call.req.Param("id"), &occurrence);
    if (k == kNone) return std::nullopt;
    Json e = EventJson(c, mb, k, mode);
    if (occurrence >= 0) {
      for (const auto& o : OccurrencesIn(mb.events[k], INT64_MIN / 2, INT64_MAX / 2)) {
        if (o.index == occurrence) e = OccurrenceJson(c, mb, k, o, mode);
      }
    }
    return WithContext(call.Base() + "/$metadata#" + UserPath(call) + "/events/$entity", e);
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, workloads::Select(*json, call.req.query.GetOr("$select")));
}

std::optional<std::pair<content::Time, content::Time>> Window(Call& call) {
  auto start = ark::ParseRfc3339(call.req.query.GetOr("startDateTime"));
  auto end = ark::ParseRfc3339(call.req.query.GetOr("endDateTime"));
  if (!start || !end) {
    // Graph accepts the dateTime form without an offset too (UTC by default).
    start = ark::ParseRfc3339(call.req.query.GetOr("startDateTime") + "Z");
    end = ark::ParseRfc3339(call.req.query.GetOr("endDateTime") + "Z");
  }
  if (!start || !end) return std::nullopt;
  auto secs = [](ark::SystemTime t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  };
  return std::make_pair(secs(*start), secs(*end));
}

http::Response MissingWindow(Call& call) {
  return graphapi::GraphError(call.req, 400, "ErrorInvalidParameter",
                              "This request requires a time window specified by the query string parameters "
                              "StartDateTime and EndDateTime.");
}

http::Response CalendarView(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kCalendar, false);
  auto window = Window(call);
  if (!window) return MissingWindow(call);
  IdMode mode = Mode(call);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    const auto& mb = c.mailboxes[mbi];
    std::string_view id = call.req.Param("calendar");
    uint32_t cal = id.empty() ? 0 : ResolveCalendar(mb, id);
    if (cal == kNone) return std::nullopt;
    std::vector<std::pair<content::Time, Json>> found;
    for (uint64_t k : mb.event_journals[cal].LiveKeys(0, SIZE_MAX)) {
      for (const auto& o : OccurrencesIn(mb.events[k], window->first, window->second)) {
        found.emplace_back(o.start, OccurrenceJson(c, mb, static_cast<uint32_t>(k), o, mode));
      }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Json> out;
    for (auto& [t, j] : found) out.push_back(std::move(j));
    return out;
  });
  if (!items) return ItemNotFound(call);
  return workloads::ListResponse(call, call.Base() + "/$metadata#" + UserPath(call) + "/calendarView",
                                 std::move(*items), 10, 1000);
}

http::Response CalendarViewDelta(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kCalendar, false);
  IdMode mode = Mode(call);
  std::string collection = "calendar/" + std::to_string(mbi) + "/0";
  // The window is part of the round: later pages and delta links carry it.
  std::string options = call.req.query.GetOr("startDateTime") + "|" + call.req.query.GetOr("endDateTime");
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kOutlook, collection, options, 0);
  if (auto* e = std::get_if<http::Response>(&begun)) return std::move(*e);
  auto& round = std::get<workloads::DeltaRound>(begun);
  size_t bar = round.state.options.find('|');
  auto from = ark::ParseRfc3339(round.state.options.substr(0, bar));
  auto to = ark::ParseRfc3339(round.state.options.substr(bar + 1));
  if (!from) from = ark::ParseRfc3339(round.state.options.substr(0, bar) + "Z");
  if (!to) to = ark::ParseRfc3339(round.state.options.substr(bar + 1) + "Z");
  if (!from || !to) return MissingWindow(call);
  auto secs = [](ark::SystemTime t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  };
  content::Time lo = secs(*from), hi = secs(*to);
  size_t page = workloads::PageSize(call.req, 10, 1000);
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const auto& mb = c.mailboxes[mbi];
    std::string path = call.Base() + "/users/" + UserSegment(call) + "/calendarView/delta";
    return workloads::DeltaPage(
        call, workloads::DeltaStyle::kOutlook, round, mb.event_journals[0], page,
        call.Base() + "/$metadata#Collection(event)", path, [&](const delta::JournalEntry& e) -> std::optional<Json> {
          uint32_t k = static_cast<uint32_t>(e.key);
          if (e.removed) {
            return Json{{"@odata.type", "#microsoft.graph.event"},
                        {"id", EventId(mb, k, -1, mode)},
                        {"@removed", {{"reason", "deleted"}}}};
          }
          Json list = Json::array();
          for (const auto& o : OccurrencesIn(mb.events[k], lo, hi)) list.push_back(OccurrenceJson(c, mb, k, o, mode));
          if (list.empty()) return std::nullopt;
          return list;
        });
  });
  return graphapi::GraphJson(call.req, body);
}

http::Response CreateEvent(Call& call, bool in_calendar) {
  M365SIM_OPEN_MAILBOX(Area::kCalendar, true);
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("start") || !body.contains("end")) {
    return graphapi::GraphError(call.req, 400, "ErrorInvalidRequest", "An event needs start and end.");
  }
  auto when = [](const Json& dt) -> std::optional<content::Time> {
    std::string text = dt.is_object() ? dt.value("dateTime", "") : "";
    auto t = ark::ParseRfc3339(text);
    if (!t) t = ark::ParseRfc3339(text + "Z");
    if (!t) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
  };
  auto start = when(body["start"]);
  auto end = when(body["end"]);
  if (!start || !end || *end < *start) {
    return graphapi::GraphError(call.req, 400, "ErrorInvalidRequest", "start and end must be dateTimeTimeZone values.");
  }
  IdMode mode = Mode(call);
  content::Time now = call.svc.Now();
  auto json = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& mb = c.mailboxes[mbi];
    uint32_t cal = in_calendar ? ResolveCalendar(mb, call.req.Param("calendar")) : 0;
    if (cal == kNone) return std::nullopt;
    content::Event e;
    e.calendar = cal;
    e.kind = body.value("isAllDay", false) ? content::EventKind::kAllDay : content::EventKind::kSingle;
    e.start = *start;
    e.minutes = static_cast<uint32_t>((*end - *start) / 60);
    e.custom_json = body.dump();
    e.created = now;
    e.modified = now;
    uint32_t k = content::AddEvent(c, mb, e);
    return EventJson(c, mb, k, mode);
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#" + UserPath(call) + "/events/$entity", *json),
                             201);
}

}  // namespace

void RegisterPimRoutes(http::Router& graph, workloads::Service& svc) {
  AddMailboxRoute(graph, svc, "GET", "/contactFolders", ListContactFolders);
  AddMailboxRoute(graph, svc, "GET", "/contactFolders/delta", [](Call& c) { return ContactDelta(c, true); });
  AddMailboxRoute(graph, svc, "GET", "/contactFolders/{folder}/contacts", [](Call& c) { return ListContacts(c, true); });
  AddMailboxRoute(graph, svc, "POST", "/contactFolders/{folder}/contacts", [](Call& c) { return CreateContact(c, true); });
  AddMailboxRoute(graph, svc, "GET", "/contactFolders/{folder}/contacts/delta",
                  [](Call& c) { return ContactDelta(c, false); });
  AddMailboxRoute(graph, svc, "GET", "/contacts", [](Call& c) { return ListContacts(c, false); });
  AddMailboxRoute(graph, svc, "POST", "/contacts", [](Call& c) { return CreateContact(c, false); });
  AddMailboxRoute(graph, svc, "GET", "/contacts/delta", [](Call& c) { return ContactDelta(c, false); });
  AddMailboxRoute(graph, svc, "GET", "/contacts/{id}", GetContact);
  AddMailboxRoute(graph, svc, "GET", "/calendars", ListCalendars);
  AddMailboxRoute(graph, svc, "GET", "/calendars/{calendar}/events", [](Call& c) { return ListEvents(c, true); });
  AddMailboxRoute(graph, svc, "POST", "/calendars/{calendar}/events", [](Call& c) { return CreateEvent(c, true); });
  AddMailboxRoute(graph, svc, "GET", "/calendars/{calendar}/calendarView", CalendarView);
  AddMailboxRoute(graph, svc, "GET", "/events", [](Call& c) { return ListEvents(c, false); });
  AddMailboxRoute(graph, svc, "POST", "/events", [](Call& c) { return CreateEvent(c, false); });
  AddMailboxRoute(graph, svc, "GET", "/events/{id}", GetEvent);
  AddMailboxRoute(graph, svc, "GET", "/calendarView", CalendarView);
  AddMailboxRoute(graph, svc, "GET", "/calendarView/delta", CalendarViewDelta);
}

}  // namespace m365sim::mail
