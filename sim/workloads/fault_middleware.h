// The middleware that applies fault rules (faults/injector.h) to the graph and files listeners.
#pragma once

#include <string>

#include "http/router.h"

namespace m365sim::workloads {

struct Service;

// Faults that need the workload's cooperation (expired download URL, upload
// session expiry) are signalled to the handler through the request
// parameter "fault"; the handler answers as the service would.
http::Middleware FaultMiddleware(Service& svc, std::string listener);

}  // namespace m365sim::workloads
