// The part-2 routes of the /_sim/v1 admin API: truth, stats, mutate, faults, delta invalidation, throttling.
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::simapi {

void RegisterRoutes(http::Router& graph, workloads::Service& svc);

}  // namespace m365sim::simapi
