// JSON batching: POST /v1.0/$batch runs up to 20 requests through the Graph router.
//
// Each request is dispatched like a request of its own (same auth header,
// same throttling: a throttled item gets its own 429 and Retry-After), in
// order; an item whose dependsOn names a failed item gets 424. The outer
// response is 200 when the batch itself is well formed, 400 otherwise.
#pragma once

#include "http/router.h"
#include "workloads/service.h"

namespace m365sim::batch {

void RegisterRoutes(http::Router& graph, workloads::Service& svc);

}  // namespace m365sim::batch
