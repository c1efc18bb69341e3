// Throttler: the scopes of each workload, the order they are checked in, and their accounting.
#include "throttle/throttler.h"

#include <cmath>
#include <cstdio>

#include "core/time.h"

namespace m365sim::throttle {
namespace {

double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

const char* TeamsCallName(TeamsCall call) {
  switch (call) {
    case TeamsCall::kGetTeam:
      return "get-team";
    case TeamsCall::kGetChannelMessage:
      return "get-channel-message";
    case TeamsCall::kListChannels:
      return "list-channels";
    case TeamsCall::kGetAllMessages:
      return "get-all-messages";
    case TeamsCall::kPostMessage:
      return "post-message";
    case TeamsCall::kOther:
      return "other";
  }
  return "other";
}

}  // namespace

Throttler::Throttler(Limits limits, uint32_t licensed_users, std::string tenant_id, Clock clock)
    : limits_(limits), licensed_users_(licensed_users), tenant_id_(std::move(tenant_id)), clock_(std::move(clock)) {}

double Throttler::Now() const { return clock_ ? clock_() : SteadySeconds(); }

Throttler::Scope& Throttler::ScopeFor(const std::string& kind, const std::string& key, double limit,
                                      double window_s, double now) {
  auto id = std::make_pair(kind, key);
  auto it = scopes_.find(id);
  if (it == scopes_.end()) {
    double scaled_window = window_s / std::max(limits_.time_scale, 1e-6);
    Scope scope{kind, key, TokenBucket(limit, limit / scaled_window, now), window_s};
    it = scopes_.emplace(id, std::move(scope)).first;
  }
  return it->second;
}

bool Throttler::TakeFrom(Scope& scope, double cost, double now, double* retry_after) {
  scope.requests++;
  if (scope.bucket.Take(cost, now, retry_after)) return true;
  scope.throttled++;
  return false;
}

Decision Throttler::Admit(const Charge& charge) {
  std::lock_guard lock(mu_);
  Decision d;
  if (!limits_.enabled) return d;
  double now = Now();
  std::vector<std::pair<Scope*, double>> touched;
  auto refuse = [&](std::string scope, double retry, std::string code, std::string message) {
    d.allowed = false;
    d.scope = std::move(scope);
    d.retry_after_s = retry;
    d.code = std::move(code);
    d.message = std::move(message);
    return d;
  };
  auto take = [&](const std::string& kind, const std::string& key, double limit, double window, double cost,
                  double* retry) {
    Scope& s = ScopeFor(kind, key, limit, window, now);
    touched.emplace_back(&s, cost);
    return TakeFrom(s, cost, now, retry);
  };
  double retry = 0;
  if (!take("global.app", charge.app_id, limits_.global_requests, limits_.global_window_s, 1, &retry)) {
    return refuse("global.app", retry, "TooManyRequests", "Please retry again later.");
  }
  const std::string app_tenant = charge.app_id + "/" + tenant_id_;
  switch (charge.workload) {
    case Workload::kOutlook: {
      std::string key = charge.app_id + "/" + charge.resource;
      bool rate_ok = take("outlook.app-mailbox", key, limits_.outlook_requests, limits_.outlook_window_s, 1, &retry);
      auto& counter = concurrency_[key];
      if (!counter) counter = std::make_shared<std::atomic<int>>(0);
      if (counter->load() >= static_cast<int>(limits_.outlook_concurrency)) {
        ScopeFor("outlook.app-mailbox-concurrency", key, limits_.outlook_concurrency, 1, now).throttled++;
        return refuse("outlook.app-mailbox-concurrency", std::max(0.1, 1.0 / limits_.time_scale),
                      "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
      }
      if (!rate_ok) {
        return refuse("outlook.app-mailbox", retry, "ApplicationThrottled",
                      "Application is over its MailboxRequests limit.");
      }
      if (charge.upload_bytes > 0 &&
          !take("outlook.app-mailbox-upload", key, static_cast<double>(limits_.outlook_upload_bytes),
                limits_.outlook_upload_window_s, static_cast<double>(charge.upload_bytes), &retry)) {
        return refuse("outlook.app-mailbox-upload", retry, "ApplicationThrottled",
                      "Application is over its IncomingBytes limit.");
      }
      counter->fetch_add(1);
      d.lease = std::shared_ptr<void>(nullptr, [counter = counter](void*) { counter->fetch_sub(1); });
      break;
    }
    case Workload::kSharePoint: {
      uint32_t per_minute = limits_.sharepoint_ru_per_minute;
      uint32_t per_day = limits_.sharepoint_ru_per_day;
      uint32_t table_minute = 0, table_day = 0;
      SharePointRuLimits(licensed_users_, &table_minute, &table_day);
      if (per_minute == 0) per_minute = table_minute;
      if (per_day == 0) per_day = table_day;
      double cost = charge.cost;
      Scope& minute = ScopeFor("sharepoint.app-tenant-minute", app_tenant, per_minute, 60, now);
      touched.emplace_back(&minute, cost);
      bool minute_ok = TakeFrom(minute, cost, now, &retry);
      double minute_retry = retry;
      auto ratelimit_headers = [&](double reset) {
        double used = minute.bucket.Used(now);
        if (!limits_.ratelimit_headers || used < 0.8) return;
        d.headers.emplace_back("RateLimit-Limit", std::to_string(per_minute));
        d.headers.emplace_back("RateLimit-Remaining",
                               std::to_string(static_cast<int64_t>(std::max(0.0, std::floor(minute.bucket.Available(now))))));
        d.headers.emplace_back("RateLimit-Reset", std::to_string(static_cast<int64_t>(std::ceil(reset))));
      };
      if (!minute_ok) {
        ratelimit_headers(minute_retry);
        return refuse("sharepoint.app-tenant-minute", minute_retry, "activityLimitReached",
                      "The request has been throttled");
      }
      if (!take("sharepoint.app-tenant-day", app_tenant, per_day, 86400, cost, &retry)) {
        return refuse("sharepoint.app-tenant-day", retry, "activityLimitReached", "The request has been throttled");
      }
      if (!charge.user_id.empty() && !take("sharepoint.user", charge.user_id, limits_.sharepoint_user_requests,
                                           limits_.sharepoint_user_window_s, 1, &retry)) {
        return refuse("sharepoint.user", retry, "activityLimitReached", "The request has been throttled");
      }
      ratelimit_headers((minute.bucket.capacity() - minute.bucket.Available(now)) / minute.bucket.rate());
      break;
    }
    case Workload::kTeams: {
      uint32_t rps = limits_.teams_other_rps;
      switch (charge.teams_call) {
        case TeamsCall::kGetTeam:
          rps = limits_.teams_get_team_rps;
          break;
        case TeamsCall::kGetChannelMessage:
          rps = limits_.teams_get_channel_message_rps;
          break;
        case TeamsCall::kListChannels:
          rps = limits_.teams_list_channels_rps;
          break;
        case TeamsCall::kGetAllMessages:
          rps = limits_.teams_get_all_messages_rps;
          break;
        case TeamsCall::kPostMessage:
          rps = limits_.teams_post_message_rps;
          break;
        case TeamsCall::kOther:
          break;
      }
      std::string kind = std::string("teams.app-tenant.") + TeamsCallName(charge.teams_call);
      if (!take(kind, app_tenant, rps, 1, 1, &retry)) {
        return refuse(kind, retry, "TooManyRequests", "Please retry again later.");
      }
      if (!charge.resource.empty() &&
          !take("teams.app-channel", charge.app_id + "/" + charge.resource, limits_.teams_per_channel_rps, 1, 1,
                &retry)) {
        return refuse("teams.app-channel", retry, "TooManyRequests", "Please retry again later.");
      }
      break;
    }
    case Workload::kIdentity: {
      uint32_t limit = limits_.identity_ru_per_10s ? limits_.identity_ru_per_10s : IdentityRuPer10s(licensed_users_);
      d.headers.emplace_back("x-ms-resource-unit", std::to_string(charge.cost));
      if (!take("identity.app-tenant", app_tenant, limit, 10, charge.cost, &retry)) {
        d.headers.emplace_back("x-ms-throttle-scope",
                               "Tenant_Application/ReadWrite/" + charge.app_id + "/" + tenant_id_);
        d.headers.emplace_back("x-ms-throttle-information", "ResourceUnitLimitExceeded");
        return refuse("identity.app-tenant", retry, "TooManyRequests", "Please retry again later.");
      }
      break;
    }
    case Workload::kOther:
      break;
  }
  for (auto& [scope, cost] : touched) scope->units += cost;
  return d;
}

std::string Throttler::FormatRetryAfter(double seconds, RetryAfterFormat format) {
  switch (format) {
    case RetryAfterFormat::kFractional: {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.3f", std::max(seconds, 0.001));
      return buffer;
    }
    case RetryAfterFormat::kHttpDate: {
      // HTTP dates have whole seconds: round up so that waiting until then is enough.
      auto when = std::chrono::system_clock::now() +
                  std::chrono::seconds(static_cast<int64_t>(std::ceil(std::max(seconds, 0.0))) + 1);
      return ark::FormatHttpDate(std::chrono::time_point_cast<std::chrono::seconds>(when));
    }
    case RetryAfterFormat::kInteger:
      break;
  }
  return std::to_string(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(seconds))));
}

std::string Throttler::RetryAfterValue(double seconds) const {
  std::lock_guard lock(mu_);
  return FormatRetryAfter(seconds, limits_.retry_after_format);
}

nlohmann::json Throttler::Stats() const {
  std::lock_guard lock(mu_);
  nlohmann::json scopes = nlohmann::json::array();
  double minimal = 0;
  for (const auto& [id, s] : scopes_) {
    // A perfect client spends the bucket's initial capacity at once and then
    // runs at exactly the refill rate.
    double seconds = std::max(0.0, (s.units - s.bucket.capacity()) / s.bucket.rate());
    minimal = std::max(minimal, seconds);
    scopes.push_back({{"scope", s.kind},
                      {"key", s.key},
                      {"requests", s.requests},
                      {"throttled", s.throttled},
                      {"units", s.units},
                      {"limit", s.bucket.capacity()},
                      {"window_seconds", s.window_s},
                      {"minimal_seconds", seconds},
                      {"minimal_seconds_unscaled", seconds * limits_.time_scale}});
  }
  return {{"time_scale", limits_.time_scale},
          {"scopes", scopes},
          {"minimal_seconds", minimal},
          {"minimal_seconds_unscaled", minimal * limits_.time_scale}};
}

void Throttler::ResetStats() {
  std::lock_guard lock(mu_);
  scopes_.clear();
}

Limits Throttler::limits() const {
  std::lock_guard lock(mu_);
  return limits_;
}

void Throttler::SetLimits(const Limits& limits) {
  std::lock_guard lock(mu_);
  limits_ = limits;
  scopes_.clear();  // buckets are rebuilt with the new sizes and scale
}

}  // namespace m365sim::throttle
