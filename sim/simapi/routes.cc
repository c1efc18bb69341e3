// /_sim/v1 handlers for tests and benchmarks (docs/m365sim.md "Admin API: content, faults, throttling").
#include "simapi/routes.h"

#include <memory>

#include "admin/handlers.h"
#include "content/mutate.h"
#include "simapi/truth.h"

namespace m365sim::simapi {
namespace {

using Json = nlohmann::ordered_json;

http::Response Ok(const Json& body) { return http::Response::Json(200, body); }

http::Response Bad(const std::string& message) { return admin::AdminError(400, "invalid_request", message); }

Json LimitsJson(const throttle::Limits& l) {
  return {{"enabled", l.enabled},
          {"time_scale", l.time_scale},
          {"retry_after_format", throttle::RetryAfterFormatName(l.retry_after_format)},
          {"ratelimit_headers", l.ratelimit_headers},
          {"outlook_requests", l.outlook_requests},
          {"outlook_window_seconds", l.outlook_window_s},
          {"outlook_concurrency", l.outlook_concurrency},
          {"sharepoint_ru_per_minute", l.sharepoint_ru_per_minute},
          {"sharepoint_ru_per_day", l.sharepoint_ru_per_day},
          {"teams_get_channel_message_rps", l.teams_get_channel_message_rps},
          {"identity_ru_per_10s", l.identity_ru_per_10s}};
}

http::Response SetLimits(workloads::Service& svc, http::Request& r) {
  Json body = Json::parse(r.body, nullptr, false);
  if (!body.is_object()) return Bad("expected a JSON object of limits");
  throttle::Limits l = svc.throttler.limits();
  try {
    if (body.contains("enabled")) l.enabled = body["enabled"].get<bool>();
    if (body.contains("time_scale")) l.time_scale = body["time_scale"].get<double>();
    if (body.contains("ratelimit_headers")) l.ratelimit_headers = body["ratelimit_headers"].get<bool>();
    if (body.contains("outlook_requests")) l.outlook_requests = body["outlook_requests"].get<uint32_t>();
    if (body.contains("outlook_window_seconds")) l.outlook_window_s = body["outlook_window_seconds"].get<double>();
    if (body.contains("outlook_concurrency")) l.outlook_concurrency = body["outlook_concurrency"].get<uint32_t>();
    if (body.contains("sharepoint_ru_per_minute")) l.sharepoint_ru_per_minute = body["sharepoint_ru_per_minute"].get<uint32_t>();
    if (body.contains("sharepoint_ru_per_day")) l.sharepoint_ru_per_day = body["sharepoint_ru_per_day"].get<uint32_t>();
    if (body.contains("teams_get_channel_message_rps")) {
      l.teams_get_channel_message_rps = body["teams_get_channel_message_rps"].get<uint32_t>();
    }
    if (body.contains("identity_ru_per_10s")) l.identity_ru_per_10s = body["identity_ru_per_10s"].get<uint32_t>();
    if (body.contains("retry_after_format") &&
        !throttle::ParseRetryAfterFormat(body["retry_after_format"].get<std::string>(), &l.retry_after_format)) {
      return Bad("retry_after_format must be integer, fractional or http-date");
    }
  } catch (const nlohmann::json::exception& e) {
    return Bad(std::string("a limit has the wrong type: ") + e.what());
  }
  if (l.time_scale <= 0) return Bad("time_scale must be positive");
  svc.throttler.SetLimits(l);
  return Ok(LimitsJson(l));
}

}  // namespace

void RegisterRoutes(http::Router& graph, workloads::Service& svc) {
  Context& ctx = svc.ctx;
  auto truth = std::make_shared<Truth>(svc);
  graph.Add("GET", "/_sim/v1/truth", admin::Authenticated(ctx, [&svc, truth](Context&, http::Request& r) {
    TruthScope scope{r.query.GetOr("user"), r.query.GetOr("drive"), r.query.GetOr("site"), r.query.GetOr("team"),
                     r.query.GetOr("content") != "false"};
    auto listing = truth->List(scope);
    if (!listing) return admin::AdminError(404, "not_found", "no user, drive, site or team matches the scope");
    return Ok(*listing);
  }));
  graph.Add("GET", "/_sim/v1/stats", admin::Authenticated(ctx, [&svc](Context& c, http::Request&) {
    Json body = svc.throttler.Stats();
    Json counters = Json::object();
    for (const auto& [k, v] : c.counters->Snapshot()) counters[k] = v;
    body["counters"] = counters;
    return Ok(body);
  }));
  graph.Add("POST", "/_sim/v1/stats/reset", admin::Authenticated(ctx, [&svc](Context&, http::Request&) {
    svc.throttler.ResetStats();
    return http::Response::Empty(204);
  }));
  graph.Add("POST", "/_sim/v1/mutate", admin::Authenticated(ctx, [&svc](Context&, http::Request& r) {
    Json body = Json::parse(r.body, nullptr, false);
    if (!body.is_object() || !body.contains("seed") || !body["seed"].is_number_unsigned()) {
      return Bad("give {\"seed\": <unsigned integer>, \"fraction\": <0 < f <= 1>}");
    }
    double fraction = body.value("fraction", 0.1);
    if (!(fraction > 0 && fraction <= 1)) return Bad("fraction must be in (0, 1]");
    uint64_t seed = body["seed"].get<uint64_t>();
    content::Time now = svc.Now();
    auto counts = svc.store.Write([&](content::Content& c) { return content::Mutate(c, seed, fraction, now); });
    return Ok(Json{{"added", counts.added}, {"edited", counts.edited}, {"moved", counts.moved},
                   {"renamed", counts.renamed}, {"deleted", counts.deleted}});
  }));
  graph.Add("GET", "/_sim/v1/faults", admin::Authenticated(ctx, [&svc](Context&, http::Request&) {
    return Ok(Json{{"faults", svc.faults.List()}});
  }));
  graph.Add("POST", "/_sim/v1/faults", admin::Authenticated(ctx, [&svc](Context&, http::Request& r) {
    Json body = Json::parse(r.body, nullptr, false);
    auto rule = faults::ParseFaultRule(nlohmann::json::parse(r.body, nullptr, false));
    if (!rule.ok()) return Bad(rule.status().message());
    std::string id = svc.faults.Add(*rule);
    Json out = faults::FaultRuleJson(*rule);
    out["id"] = id;
    return http::Response::Json(201, out);
  }));
  graph.Add("DELETE", "/_sim/v1/faults", admin::Authenticated(ctx, [&svc](Context&, http::Request&) {
    svc.faults.Clear();
    return http::Response::Empty(204);
  }));
  graph.Add("DELETE", "/_sim/v1/faults/{id}", admin::Authenticated(ctx, [&svc](Context&, http::Request& r) {
    if (!svc.faults.Remove(std::string(r.Param("id")))) return admin::AdminError(404, "not_found", "no such fault rule");
    return http::Response::Empty(204);
  }));
  graph.Add("POST", "/_sim/v1/delta/invalidate", admin::Authenticated(ctx, [&svc](Context&, http::Request&) {
    svc.store.BumpEpoch();
    return Ok(Json{{"epoch", svc.store.epoch()}});
  }));
  graph.Add("GET", "/_sim/v1/throttling", admin::Authenticated(ctx, [&svc](Context&, http::Request&) {
    return Ok(LimitsJson(svc.throttler.limits()));
  }));
  graph.Add("PUT", "/_sim/v1/throttling", admin::Authenticated(ctx, [&svc](Context&, http::Request& r) {
    return SetLimits(svc, r);
  }));
}

}  // namespace m365sim::simapi
