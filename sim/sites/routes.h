// SharePoint sites and lists: search, getAllSites, addressing by id and by path, subsites, lists, columns, items, delta.
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::sites {

void RegisterRoutes(http::Router& graph, workloads::Service& svc);

}  // namespace m365sim::sites
