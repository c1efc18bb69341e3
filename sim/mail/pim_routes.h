// Contacts and calendar endpoints (contactFolders, contacts, calendars, events, calendarView and their deltas).
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::mail {

void RegisterPimRoutes(http::Router& graph, workloads::Service& svc);

}  // namespace m365sim::mail
