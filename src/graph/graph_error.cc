// ParseGraphError and GraphStatus.
#include "graph/graph_error.h"

#include <nlohmann/json.hpp>

namespace ark::graph {

GraphError ParseGraphError(const http::HttpResponse& response) {
  GraphError e;
  e.http_status = response.status;
  e.request_id = response.RequestId();
  e.client_request_id = response.headers.GetOr("client-request-id", response.client_request_id);
  nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("error") || !doc["error"].is_object()) return e;
  const nlohmann::json& err = doc["error"];
  auto text = [](const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  e.code = text(err, "code");
  e.message = text(err, "message");
  for (const char* inner_key : {"innerError", "innererror"}) {
    auto it = err.find(inner_key);
    if (it == err.end() || !it->is_object()) continue;
    if (e.request_id.empty()) e.request_id = text(*it, "request-id");
    if (std::string c = text(*it, "code"); !c.empty()) e.inner_code = c;
  }
  return e;
}

Status GraphStatus(const http::HttpResponse& response, std::string_view what) {
  GraphError e = ParseGraphError(response);
  std::string detail = "HTTP " + std::to_string(e.http_status);
  if (!e.code.empty()) detail += " " + e.code;
  if (!e.message.empty()) detail += ": " + e.message;
  std::string ids = " (request-id " + (e.request_id.empty() ? std::string("-") : e.request_id) +
                    ", client-request-id " +
                    (e.client_request_id.empty() ? std::string("-") : e.client_request_id) + ")";
  std::string head(what);
  int s = e.http_status;
  if (s == 401) {
    return Unauthenticated(head + ": Microsoft Graph did not accept the access token (" + detail +
                           "); check the organization's credentials with `ark365 org test`" + ids);
  }
  if (s == 403) {
    return PermissionDenied(head + ": Microsoft Graph denied access (" + detail +
                            "); the application lacks a permission or admin consent for this; grant Ark365's "
                            "permissions (`ark365 org test` lists what is missing)" +
                            ids);
  }
  if (s == 404) return NotFound(head + ": not found (" + detail + ")" + ids);
  if (s == 409) return AlreadyExists(head + ": " + detail + ids);
  if (s == 413 || s == 507) return ResourceExhausted(head + ": " + detail + ids);
  if (s == 429 || s >= 500) {
    return Unavailable(head + ": Microsoft Graph is throttling or unavailable (" + detail +
                       "); try again later" + ids);
  }
  return FailedPrecondition(head + ": Microsoft Graph refused the request (" + detail + ")" + ids);
}

}  // namespace ark::graph
