// Graph's error responses: parsing {"error":{"code","message","innerError":{...}}} and turning them into
// Status.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "http/http_client.h"

namespace ark::graph {

struct GraphError {
  int http_status = 0;
  std::string code;     // "itemNotFound", "ErrorAccessDenied", "resyncRequired", ...
  std::string message;  // Graph's text
  std::string inner_code;
  std::string request_id;
  std::string client_request_id;
};

// Reads the error document of a non-2xx response; fields stay empty when the
// body is not Graph's shape (a proxy's page, an empty 503).
GraphError ParseGraphError(const http::HttpResponse& response);

// The Status for a failed Graph call: `what` says what was being done
// ("listing the mail folders of adele@contoso.com"), the status decides the
// code and the advice, and the request-id is included for Microsoft support.
//   401 unauthenticated, 403 permission denied (grant the permission), 404 not
//   found, 409 already exists, 410/412 failed precondition, 413/507 resource
//   exhausted, 429/5xx unavailable, other 4xx failed precondition.
Status GraphStatus(const http::HttpResponse& response, std::string_view what);

}  // namespace ark::graph
