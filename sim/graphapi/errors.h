// Graph's error responses and standard response headers.
//
// Every Graph error body is {"error":{"code","message","innerError":{"date",
// "request-id","client-request-id"}}}, with Graph's headers. Codes differ per
// workload (graph-protocol.md §2.1): directory "Authorization_RequestDenied",
// Outlook "ErrorAccessDenied", files "accessDenied" — callers pick them.
#pragma once

#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace m365sim::graphapi {

// Graph's JSON content type.
inline constexpr std::string_view kODataJson =
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

// The request-id of this request: the client's "client-request-id" when it is
// a GUID, else a new GUID; stable for one request (cached in request.params).
std::string RequestId(http::Request& request);

http::Response GraphError(http::Request& request, int status, std::string_view code,
                          std::string_view message);

// A 200 (or `status`) JSON response with Graph's content type.
http::Response GraphJson(http::Request& request, const nlohmann::json& body, int status = 200);
http::Response GraphJson(http::Request& request, const nlohmann::ordered_json& body, int status = 200);

// Middleware for the graph listener: adds request-id, client-request-id,
// x-ms-ags-diagnostic, Strict-Transport-Security and OData-Version to every
// response, and turns a plain application/json content type into Graph's.
http::Middleware StandardHeaders();

}  // namespace m365sim::graphapi
