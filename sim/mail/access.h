// Finding a mailbox and its items from a Graph URL, with Outlook's permission rules and errors.
#pragma once

#include <string_view>
#include <variant>

#include "content/model.h"
#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::mail {

enum class Area { kMail, kContacts, kCalendar };

// The mailbox addressed by {user} (id or UPN of a user, or a group's id) or
// by /me; checks the caller's permission (Mail.Read/ReadWrite, Contacts.*,
// Calendars.*; delegated callers reach their own mailbox only) and the
// Outlook throttling limits. Returns the mailbox index or the response to send.
std::variant<uint32_t, http::Response> OpenMailbox(workloads::Call& call, Area area, bool write);

// A mail folder by id or well-known name ("inbox"); kNone when absent.
uint32_t ResolveFolder(const content::Mailbox& mb, std::string_view id);
// A message by id; kNone when absent, deleted, or addressed by a mutable
// id from before a move.
uint32_t ResolveMessage(const content::Mailbox& mb, std::string_view id, int32_t* attachment = nullptr);
uint32_t ResolveContactFolder(const content::Mailbox& mb, std::string_view id);
uint32_t ResolveContact(const content::Mailbox& mb, std::string_view id);
uint32_t ResolveCalendar(const content::Mailbox& mb, std::string_view id);
uint32_t ResolveEvent(const content::Mailbox& mb, std::string_view id, int32_t* occurrence = nullptr);

http::Response ItemNotFound(workloads::Call& call);

// Registers `suffix` under both /v1.0/users/{user} and /v1.0/me.
void AddMailboxRoute(http::Router& graph, workloads::Service& svc, std::string_view method, const std::string& suffix,
                     workloads::CallHandler handler);
// "users('x')" or "me", for @odata.context.
std::string UserPath(workloads::Call& call);
// The {user} of the URL, or the caller for /me.
std::string UserSegment(workloads::Call& call);

// Declares `mbi`, the mailbox index, or returns the error response.
#define M365SIM_OPEN_MAILBOX(area, write)                            auto opened_mailbox = ::m365sim::mail::OpenMailbox(call, area, write);   if (auto* e = std::get_if<http::Response>(&opened_mailbox)) {        return std::move(*e);                                            }                                                                  uint32_t mbi = std::get<uint32_t>(opened_mailbox)

}  // namespace m365sim::mail
