// The route table of part 2: one call per workload.
#include "workloads/routes.h"

#include "mail/routes.h"
#include "people/routes.h"
#include "workloads/service.h"

namespace m365sim::workloads {

void RegisterAllRoutes(http::Router& graph, http::Router& files, Service& svc) {
  (void)files;
  people::RegisterRoutes(graph, svc);
  mail::RegisterRoutes(graph, svc);
}

}  // namespace m365sim::workloads
