// Handlers of the directory endpoints (part 1): /me, /me/memberOf, /organization, service principals.
#pragma once

#include "graphapi/caller.h"
#include "http/request.h"
#include "http/response.h"
#include "serve/context.h"

namespace m365sim::directory {

http::Response GetOrganization(Context& ctx, http::Request& request, const graphapi::Caller& caller);

}  // namespace m365sim::directory
