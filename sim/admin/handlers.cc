// Admin API handlers: tenant ground truth, clock, counters.
#include "admin/handlers.h"

#include <openssl/crypto.h>

#include "core/time.h"
#include "tenant/serialize.h"

namespace m365sim::admin {

http::Response AdminError(int status, std::string_view code, std::string_view message) {
  return http::Response::Json(status, {{"error", {{"code", code}, {"message", message}}}});
}

http::Handler Authenticated(Context& ctx, Handler handler) {
  return [&ctx, handler = std::move(handler)](http::Request& request) {
    std::string_view header = request.headers.Get("Authorization");
    std::string expected = "Bearer " + ctx.sim_token;
    if (header.size() != expected.size() ||
        CRYPTO_memcmp(header.data(), expected.data(), expected.size()) != 0) {
      http::Response r =
          AdminError(401, "unauthenticated",
                     "the admin API needs 'Authorization: Bearer <sim_token>' with the sim_token of "
                     "endpoints.json");
      r.headers.Set("WWW-Authenticate", "Bearer realm=\"m365sim\"");
      return r;
    }
    return handler(ctx, request);
  };
}

http::Response GetTenant(Context& ctx, http::Request& /*request*/) {
  std::string body = ctx.store->Read([](const tenant::Tenant& t) { return tenant::TenantToJson(t).dump(); });
  return http::Response::Text(200, std::move(body), "application/json; charset=utf-8");
}

http::Response GetClock(Context& ctx, http::Request& /*request*/) {
  return http::Response::Json(200, {{"offset_seconds", ctx.clock->offset().count()},
                                    {"now", ark::FormatRfc3339(ctx.clock->Now(), true)}});
}

http::Response SetClock(Context& ctx, http::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("offset_seconds") || !body["offset_seconds"].is_number_integer()) {
    return AdminError(400, "invalidRequest", "send {\"offset_seconds\": <integer>} to set the clock offset");
  }
  ctx.clock->SetOffset(std::chrono::seconds(body["offset_seconds"].get<int64_t>()));
  return GetClock(ctx, request);
}

http::Response GetCounters(Context& ctx, http::Request& /*request*/) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, count] : ctx.counters->Snapshot()) j[name] = count;
  return http::Response::Json(200, {{"counters", j}});
}

http::Response ResetCounters(Context& ctx, http::Request& /*request*/) {
  ctx.counters->Reset();
  return http::Response::Empty(204);
}

}  // namespace m365sim::admin
