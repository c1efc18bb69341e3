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

// accounts.cc
http::Response ListAccounts(Context& ctx, http::Request& request);
http::Response GetAccount(Context& ctx, http::Request& request);
http::Response CreateAccount(Context& ctx, http::Request& request);
http::Response UpdateAccount(Context& ctx, http::Request& request);
http::Response DeleteAccount(Context& ctx, http::Request& request);
http::Response RevokeSessions(Context& ctx, http::Request& request);
http::Response GetPendingMfa(Context& ctx, http::Request& request);
http::Response ListDeviceCodes(Context& ctx, http::Request& request);
http::Response ApproveDeviceCode(Context& ctx, http::Request& request);
http::Response DeclineDeviceCode(Context& ctx, http::Request& request);

// apps.cc
http::Response ListApps(Context& ctx, http::Request& request);
http::Response GetApp(Context& ctx, http::Request& request);
http::Response CreateApp(Context& ctx, http::Request& request);
http::Response UpdateApp(Context& ctx, http::Request& request);
http::Response DeleteApp(Context& ctx, http::Request& request);
http::Response AddSecret(Context& ctx, http::Request& request);
http::Response ExpireSecret(Context& ctx, http::Request& request);
http::Response GrantConsent(Context& ctx, http::Request& request);
http::Response RevokeConsent(Context& ctx, http::Request& request);

}  // namespace m365sim::admin
