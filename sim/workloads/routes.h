// Registers every part-2 workload's routes (the one list of them).
#pragma once

#include "http/router.h"

namespace m365sim::workloads {

struct Service;

void RegisterAllRoutes(http::Router& graph, http::Router& files, Service& svc);

}  // namespace m365sim::workloads
