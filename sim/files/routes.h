// OneDrive and SharePoint document library endpoints: drives, items, children, delta, content, versions, uploads.
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::files {

void RegisterRoutes(http::Router& graph, http::Router& files, workloads::Service& svc);

}  // namespace m365sim::files
