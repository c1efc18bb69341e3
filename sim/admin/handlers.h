// Handlers of the /_sim/v1 admin API (docs/m365sim.md lists each route and body).
#pragma once

#include <functional>

#include "http/router.h"
#include "serve/context.h"

namespace m365sim::admin {

using Handler = std::function<http::Response(Context&, http::Request&)>;

// Wraps `handler`: requires "Authorization: Bearer <sim_token>" (401 otherwise).
http::Handler Authenticated(Context& ctx, Handler handler);
// A JSON error of the admin API: {"error":{"code","message"}}.
http::Response AdminError(int status, std::string_view code, std::string_view message);

http::Response GetTenant(Context& ctx, http::Request& request);
http::Response GetClock(Context& ctx, http::Request& request);
http::Response SetClock(Context& ctx, http::Request& request);
http::Response GetCounters(Context& ctx, http::Request& request);
http::Response ResetCounters(Context& ctx, http::Request& request);

}  // namespace m365sim::admin
