// JSON requests to Microsoft Graph over http::HttpClient (see graph_call.h).
#include "org/graph_call.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace ark::org {
namespace {

constexpr int kAttempts = 4;
constexpr std::chrono::seconds kMaxRetryAfter{30};

std::chrono::milliseconds RetryDelay(const http::HttpResponse& r, int attempt) {
  std::string after = r.headers.GetOr("Retry-After");
  if (!after.empty() && after.find_first_not_of("0123456789.") == std::string::npos) {
    auto ms = std::chrono::milliseconds(static_cast<int64_t>(std::stod(after) * 1000));
    return std::min<std::chrono::milliseconds>(ms, kMaxRetryAfter);
  }
  return std::chrono::milliseconds(500) * (1 << attempt);
}

Status GraphError(const http::HttpResponse& r, std::string_view method, const std::string& url) {
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  std::string code;
  std::string message;
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    code = body["error"].value("code", "");
    message = body["error"].value("message", "");
  }
  std::string text = "Microsoft Graph answered " + std::string(method) + " " + url + " with HTTP " +
                     std::to_string(r.status) + (code.empty() ? "" : " " + code) +
                     (message.empty() ? "" : ": " + message);
  spdlog::debug("graph: {} (request-id {}, client-request-id {})", text, r.RequestId(), r.client_request_id);
  switch (r.status) {
    case 401:
      return Unauthenticated(text);
    case 403:
      return PermissionDenied(text);
    case 404:
      return NotFound(text);
    case 400:
    case 409:
      return FailedPrecondition(text);
    case 429:
    case 503:
    case 504:
      return Unavailable(text + "; Microsoft is busy, try again in a few minutes");
    default:
      return Unavailable(text);
  }
}

}  // namespace

GraphCall MakeGraphCall(http::HttpClient& http, std::string graph_base, const BearerToken& token) {
  while (!graph_base.empty() && graph_base.back() == '/') graph_base.pop_back();
  return [&http, graph_base, token](std::string_view method, const std::string& target,
                                    const nlohmann::json* body) -> Result<nlohmann::json> {
    http::HttpRequest request;
    request.method = std::string(method);
    request.url = target.starts_with("https://") ? target : graph_base + target;
    std::string payload = body != nullptr ? body->dump() : std::string();
    request.body = payload;
    if (body != nullptr) request.headers.Set("Content-Type", "application/json");
    request.headers.Set("Accept", "application/json");
    bool renewed = false;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      ARK_ASSIGN_OR_RETURN(Secret bearer, token.get());
      request.headers.Set("Authorization", "Bearer " + std::string(bearer.reveal()));
      Result<http::HttpResponse> r = http.Send(request);
      if (!r.ok()) {
        if (r.status().code() != StatusCode::kUnavailable || attempt + 1 == kAttempts) return r.status();
        std::this_thread::sleep_for(std::chrono::milliseconds(500) * (1 << attempt));
        continue;
      }
      if (r->ok()) {
        if (r->body.empty()) return nlohmann::json::object();
        nlohmann::json parsed = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
        if (parsed.is_discarded()) {
          return Unavailable("Microsoft Graph answered " + request.url + " with a body that is not JSON");
        }
        return parsed;
      }
      if (r->status == 401 && !renewed) {
        token.reject();
        renewed = true;
        continue;
      }
      bool retryable = r->status == 429 || r->status == 503 || r->status == 504;
      if (!retryable || attempt + 1 == kAttempts) return GraphError(*r, method, request.url);
      std::this_thread::sleep_for(RetryDelay(*r, attempt));
    }
    return Unavailable("Microsoft Graph did not answer " + request.url);
  };
}

}  // namespace ark::org
