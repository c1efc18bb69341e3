// The route table of part 2: one call per workload.
#include "workloads/routes.h"

#include "batch/batch.h"
#include "files/routes.h"
#include "mail/routes.h"
#include "people/routes.h"
#include "simapi/routes.h"
#include "sites/routes.h"
#include "teams/routes.h"
#include "workloads/service.h"

namespace m365sim::workloads {

void RegisterAllRoutes(http::Router& graph, http::Router& files, Service& svc) {
  people::RegisterRoutes(graph, svc);
  mail::RegisterRoutes(graph, svc);
  files::RegisterRoutes(graph, files, svc);
  sites::RegisterRoutes(graph, svc);
  teams::RegisterRoutes(graph, svc);
  batch::RegisterRoutes(graph, svc);
  simapi::RegisterRoutes(graph, svc);
}

}  // namespace m365sim::workloads
