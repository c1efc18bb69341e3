// Mailbox and item resolution: ids decoded, well-known names, Outlook's 403/404 bodies.
#include "mail/access.h"

#include "common/text.h"
#include "content/ids.h"
#include "graphapi/errors.h"

namespace m365sim::mail {
namespace {

using content::kNone;
using content::OutlookKind;

std::optional<content::OutlookKey> Decode(const content::Mailbox& mb, std::string_view id, OutlookKind kind) {
  auto key = content::DecodeOutlookId(id);
  if (!key || key->kind != kind || key->mailbox_guid != mb.guid) return std::nullopt;
  return key;
}

}  // namespace

void AddMailboxRoute(http::Router& graph, workloads::Service& svc, std::string_view method, const std::string& suffix,
                     workloads::CallHandler handler) {
  workloads::AddRoute(graph, svc, method, "/v1.0/users/{user}" + suffix, handler);
  workloads::AddRoute(graph, svc, method, "/v1.0/me" + suffix, handler);
}

std::string UserPath(workloads::Call& call) {
  std::string_view user = call.req.Param("user");
  return user.empty() ? "me" : "users('" + std::string(user) + "')";
}

std::string UserSegment(workloads::Call& call) {
  std::string_view user = call.req.Param("user");
  return user.empty() ? call.caller.object_id : std::string(user);
}

http::Response ItemNotFound(workloads::Call& call) {
  return graphapi::GraphError(call.req, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
}

std::variant<uint32_t, http::Response> OpenMailbox(workloads::Call& call, Area area, bool write) {
  static const std::vector<std::string_view> kRead[] = {
      {"Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic.All"}, {"Contacts.Read", "Contacts.ReadWrite"},
      {"Calendars.Read", "Calendars.ReadWrite"}};
  static const std::vector<std::string_view> kWrite[] = {
      {"Mail.ReadWrite"}, {"Contacts.ReadWrite"}, {"Calendars.ReadWrite"}};
  const auto& needed = write ? kWrite[static_cast<int>(area)] : kRead[static_cast<int>(area)];
  if (auto denied = workloads::Require(call, needed, needed, "ErrorAccessDenied",
                                       "Access is denied. Check credentials and try again.")) {
    return *denied;
  }
  std::string who(call.req.Param("user"));
  if (who.empty()) who = call.caller.object_id;
  auto guid = call.svc.ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<std::string> {
    if (const tenant::User* u = t.FindUser(who)) return u->id;
    if (const tenant::Group* g = t.FindGroup(who)) return g->id;
    return std::nullopt;
  });
  if (!guid) {
    return graphapi::GraphError(call.req, 404, "ErrorInvalidUser", "The requested user '" + who + "' is invalid.");
  }
  if (!call.caller.app_only && !EqualsIgnoreCase(*guid, call.caller.object_id)) {
    return graphapi::GraphError(call.req, 403, "ErrorAccessDenied",
                                "Access is denied. Check credentials and try again.");
  }
  auto index = call.svc.store.Read([&](const content::Content& c) -> std::optional<uint32_t> {
    auto it = c.mailbox_by_guid.find(*guid);
    if (it == c.mailbox_by_guid.end()) return std::nullopt;
    return it->second;
  });
  if (!index) {
    return graphapi::GraphError(call.req, 404, "MailboxNotEnabledForRESTAPI",
                                "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
  }
  throttle::Charge charge = workloads::ChargeFor(call, throttle::Workload::kOutlook, *guid);
  if (call.req.method != "GET") charge.upload_bytes = call.req.body.size();
  if (auto throttled = workloads::Admit(call, charge)) return *throttled;
  return *index;
}

uint32_t ResolveFolder(const content::Mailbox& mb, std::string_view id) {
  for (uint32_t f = 0; f < mb.folders.size(); ++f) {
    if (!mb.folders[f].deleted && !mb.folders[f].well_known.empty() && EqualsIgnoreCase(mb.folders[f].well_known, id)) {
      return f;
    }
  }
  auto key = Decode(mb, id, OutlookKind::kMailFolder);
  if (!key || key->item >= mb.folders.size() || mb.folders[key->item].deleted) return kNone;
  return key->item;
}

uint32_t ResolveMessage(const content::Mailbox& mb, std::string_view id, int32_t* attachment) {
  auto key = Decode(mb, id, OutlookKind::kMessage);
  if (!key || key->item >= mb.messages.size()) return kNone;
  const content::Message& m = mb.messages[key->item];
  if (m.deleted || (!key->immutable && key->container != m.folder)) return kNone;
  if (attachment) *attachment = key->attachment;
  return key->item;
}

uint32_t ResolveContactFolder(const content::Mailbox& mb, std::string_view id) {
  if (EqualsIgnoreCase(id, "contacts")) return 0;
  auto key = Decode(mb, id, OutlookKind::kContactFolder);
  if (!key || key->item >= mb.contact_folders.size() || mb.contact_folders[key->item].deleted) return kNone;
  return key->item;
}

uint32_t ResolveContact(const content::Mailbox& mb, std::string_view id) {
  auto key = Decode(mb, id, OutlookKind::kContact);
  if (!key || key->item >= mb.contacts.size()) return kNone;
  const content::Contact& x = mb.contacts[key->item];
  if (x.deleted || (!key->immutable && key->container != x.folder)) return kNone;
  return key->item;
}

uint32_t ResolveCalendar(const content::Mailbox& mb, std::string_view id) {
  if (EqualsIgnoreCase(id, "calendar")) return 0;
  auto key = Decode(mb, id, OutlookKind::kCalendar);
  if (!key || key->item >= mb.calendars.size()) return kNone;
  return key->item;
}

uint32_t ResolveEvent(const content::Mailbox& mb, std::string_view id, int32_t* occurrence) {
  auto key = Decode(mb, id, OutlookKind::kEvent);
  if (!key || key->item >= mb.events.size() || mb.events[key->item].deleted) return kNone;
  if (occurrence) *occurrence = key->attachment;
  return key->item;
}

}  // namespace m365sim::mail
