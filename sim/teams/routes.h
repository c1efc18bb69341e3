// Microsoft Teams endpoints: teams, channels (standard, private, shared), messages, replies, delta,
// getAllMessages, hosted contents, files folders, members, and posting for restore.
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::teams {

void RegisterRoutes(http::Router& graph, workloads::Service& svc);

}  // namespace m365sim::teams
