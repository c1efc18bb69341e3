// Service: the shared state and helpers of part 2's Graph endpoints (mail, files, sites, teams, ...).
//
// Install() generates the tenant's content from the directory, creates the
// throttler and the fault injector, and registers every workload's routes
// on the graph and files routers. Each protected route runs as a Call: the
// validated caller, the request, the service. Helpers here are what every
// workload does the same way: permission checks with the workload's own
// error codes, throttling (a 429 with Retry-After, or a lease held for the
// request's lifetime), immutable-id preference, times, absolute URLs.
// Thread-safety: the Service is built before the listeners start and is
// shared by all server threads; its members are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/generator.h"
#include "content/store.h"
#include "faults/injector.h"
#include "graphapi/caller.h"
#include "http/router.h"
#include "serve/context.h"
#include "throttle/throttler.h"
#include "workloads/options.h"

namespace m365sim::workloads {


class UploadSessions;

struct Service {
  Service(Context& c, const WorkloadOptions& o, std::unique_ptr<content::Content> content, uint32_t licensed);
  ~Service();

  Context& ctx;
  WorkloadOptions options;
  content::Store store;
  throttle::Throttler throttler;
  faults::Injector faults;
  std::string url_secret;  // signs the files listener's pre-authenticated URLs
  std::unique_ptr<UploadSessions> uploads;

  // The SimClock's now, in seconds since the epoch.
  content::Time Now() const;
};

// What a protected handler works with.
struct Call {
  http::Request& req;
  const graphapi::Caller& caller;
  Service& svc;
  // Held until the response is written (Outlook's concurrency limit).
  std::shared_ptr<void> lease;
  // Added to the response (RateLimit-*, x-ms-resource-unit).
  std::vector<std::pair<std::string, std::string>> headers;

  // "https://localhost:P/v1.0"
  std::string Base() const { return req.origin + "/v1.0"; }
  // Prefer: IdType="ImmutableId"
  bool ImmutableIds() const;
};

using CallHandler = std::function<http::Response(Call&)>;

// Registers a Graph route that authenticates, then runs `handler`.
void AddRoute(http::Router& graph, Service& svc, std::string_view method, std::string_view pattern,
              CallHandler handler);

// Throttles the call: nullopt to go on (the lease is kept in `call`), or the 429 to send.
std::optional<http::Response> Admit(Call& call, const throttle::Charge& charge);
throttle::Charge ChargeFor(const Call& call, throttle::Workload workload, std::string resource = "",
                           uint32_t cost = 1);

// The 403 for a caller without one of the permissions (Graph's per-workload code and message).
std::optional<http::Response> Require(Call& call, const std::vector<std::string_view>& roles,
                                      const std::vector<std::string_view>& scopes, std::string_view code,
                                      std::string_view message);

// Graph error bodies for common cases.
http::Response NotFound(Call& call, std::string_view code, std::string_view message);
http::Response BadRequest(Call& call, std::string_view code, std::string_view message);

// Installs everything; the result must outlive the routers.
std::unique_ptr<Service> Install(http::Router& graph, http::Router& files, Context& ctx,
                                 const WorkloadOptions& options);

}  // namespace m365sim::workloads
