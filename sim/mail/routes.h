// Outlook endpoints: mail folders and messages (with delta, MIME, attachments), contacts, calendars and events.
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::mail {

void RegisterRoutes(http::Router& graph, workloads::Service& svc);

}  // namespace m365sim::mail
