// The Throttler: admits or refuses each Graph request by the limits Microsoft applies to its scope.
//
// The Graph endpoints describe each request as a Charge (which app, which
// workload and resource, how many resource units); the Throttler checks the
// buckets of every scope the request falls in, keyed as Microsoft keys them
// (app across tenants; app+mailbox for Outlook, with its 4-request
// concurrency limit; app+tenant resource units for SharePoint/OneDrive and
// for the directory; app+tenant requests per second for Teams, by kind of
// call, and per channel), and returns a Decision: allowed, or the 429 to
// send with its Retry-After and headers. It also keeps the accounting of
// /_sim/v1/stats: per scope, the requests seen, refused and the units of
// admitted work, and from those the minimal time a perfect client needs.
// Thread-safety: all members may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "throttle/bucket.h"
#include "throttle/limits.h"

namespace m365sim::throttle {

enum class Workload { kOutlook, kSharePoint, kTeams, kIdentity, kOther };
enum class TeamsCall { kGetTeam, kGetChannelMessage, kListChannels, kGetAllMessages, kPostMessage, kOther };

struct Charge {
  std::string app_id;        // the token's appid
  std::string user_id;       // the signed-in user of a delegated token, else empty
  Workload workload = Workload::kOther;
  std::string resource;      // Outlook: mailbox GUID; Teams: channel id (or team id)
  uint32_t cost = 1;         // resource units (SharePoint/OneDrive, directory)
  TeamsCall teams_call = TeamsCall::kOther;
  uint64_t upload_bytes = 0;  // Outlook request bodies
};

struct Decision {
  bool allowed = true;
  std::string code;          // error code of the 429 body
  std::string message;
  std::string scope;         // which limit refused: "outlook.mailbox-concurrency", ...
  double retry_after_s = 0;  // scaled seconds
  std::vector<std::pair<std::string, std::string>> headers;
  // Held for as long as the request runs (Outlook's concurrency limit).
  std::shared_ptr<void> lease;
};

class Throttler {
 public:
  // Monotonic seconds; the default is steady_clock.
  using Clock = std::function<double()>;

  Throttler(Limits limits, uint32_t licensed_users, std::string tenant_id, Clock clock = {});

  Decision Admit(const Charge& charge);

  // A Retry-After header value for a wait of `seconds`, in the configured form.
  std::string RetryAfterValue(double seconds) const;
  static std::string FormatRetryAfter(double seconds, RetryAfterFormat format);

  // {"scopes":[{"scope","key","requests","throttled","units","limit","window_seconds",
  //   "minimal_seconds"}], "minimal_seconds": max over scopes, "time_scale": ...}
  nlohmann::json Stats() const;
  void ResetStats();

  Limits limits() const;
  void SetLimits(const Limits& limits);

 private:
  struct Scope {
    std::string kind;        // "outlook.mailbox", "sharepoint.app-tenant-minute", ...
    std::string key;
    TokenBucket bucket;
    double window_s;         // unscaled window of the limit, for reporting
    uint64_t requests = 0;
    uint64_t throttled = 0;
    double units = 0;        // admitted units
  };
  Scope& ScopeFor(const std::string& kind, const std::string& key, double limit, double window_s, double now);
  bool TakeFrom(Scope& scope, double cost, double now, double* retry_after);
  double Now() const;

  mutable std::mutex mu_;
  Limits limits_;
  uint32_t licensed_users_;
  std::string tenant_id_;
  Clock clock_;
  std::map<std::pair<std::string, std::string>, Scope> scopes_;
  std::map<std::string, std::shared_ptr<std::atomic<int>>> concurrency_;  // active Outlook requests
};

}  // namespace m365sim::throttle
