// Graph's /users and /groups for part 2: lists with $select/$filter/$top/$count, single objects, delta, members.
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::people {

void RegisterRoutes(http::Router& graph, workloads::Service& svc);

}  // namespace m365sim::people
