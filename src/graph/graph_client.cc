// GraphClient::Send: the attempt loop (token, pacing, exchange, classification of the answer, waiting).
#include "graph/graph_client.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "core/random.h"
#include "graph/graph_error.h"

namespace ark::graph {
namespace {

bool IsIdempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

// Counts what reached the caller's sink: after the first byte a retry would
// duplicate data, so only the caller (e.g. a ranged download) may resume.
class CountingSink final : public http::BodySink {
 public:
  explicit CountingSink(http::BodySink* inner) : inner_(inner) {}
  Status Begin(int status, const http::Headers& headers) override { return inner_->Begin(status, headers); }
  Status Write(std::string_view chunk) override {
    bytes_ += chunk.size();
    return inner_->Write(chunk);
  }
  uint64_t bytes() const { return bytes_; }

 private:
  http::BodySink* inner_;
  uint64_t bytes_ = 0;
};

}  // namespace

GraphOptions GraphOptions::FromConfig(const Config& config) {
  GraphOptions o;
  o.base_url = config.microsoft.graph_base;
  o.pacing = PacingOptions::FromConfig(config.throttling);
  return o;
}

GraphClient::GraphClient(http::HttpClient& http, std::shared_ptr<identity::TokenProvider> tokens,
                         GraphOptions options)
    : http_(http), tokens_(std::move(tokens)), options_(std::move(options)), pacer_(options_.pacing) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') options_.base_url.pop_back();
}

std::string GraphClient::Resolve(std::string_view url) const {
  if (url.starts_with("https://") || url.starts_with("http://")) return std::string(url);
  return options_.base_url + (url.starts_with('/') ? "" : "/") + std::string(url);
}

void GraphClient::Sleep(std::chrono::milliseconds d) const {
  if (d.count() <= 0) return;
  if (options_.sleep) {
    options_.sleep(d);
  } else {
    std::this_thread::sleep_for(d);
  }
}

GraphStats GraphClient::stats() const {
  return {requests_.load(), retries_.load(), throttled_.load(), refreshes_.load()};
}

Result<http::HttpResponse> GraphClient::Send(const GraphRequest& request) {
  const std::string url = Resolve(request.url);
  const std::string what = request.what.empty() ? request.method + " " + url : request.what;
  std::vector<Pacer::Demand> demands = request.demands;
  if (demands.empty()) demands.push_back({ClassifyRequest(request.method, url), 1});
  const bool paced =
      options_.pacing.enabled &&
      std::any_of(demands.begin(), demands.end(), [](const auto& d) { return !d.scope.key.empty(); });
  const bool replayable = IsIdempotent(request.method) || request.retry_unsafe;
  const std::string client_request_id = NewUuid();
  bool refreshed = false;

  for (int attempt = 1;; ++attempt) {
    http::HttpRequest h;
    h.method = request.method;
    h.url = url;
    h.headers = request.headers;
    h.headers.Set("client-request-id", client_request_id);
    if (attempt > 1) h.headers.Set("Retry-Attempt", std::to_string(attempt - 1));
    h.accept_compressed = request.accept_compressed;
    std::optional<identity::AccessToken> token;
    if (request.authenticate) {
      ARK_ASSIGN_OR_RETURN(identity::AccessToken t, tokens_->Token());
      h.headers.Set("Authorization", "Bearer " + std::string(t.value.reveal()));
      token = std::move(t);
    }
    if (request.body_source != nullptr) {
      if (attempt > 1 && !request.body_source->Rewind()) {
        return Unavailable(what + ": the request failed and its body cannot be sent again");
      }
      h.body_source = request.body_source;
    } else {
      h.body = request.body;
      if (!request.body.empty() && !h.headers.Has("Content-Type"))
        h.headers.Set("Content-Type", "application/json");
    }
    std::optional<CountingSink> counting;
    if (request.sink != nullptr) h.sink = &counting.emplace(request.sink);

    Pacer::Permit permit = pacer_.Admit(demands);
    Result<http::HttpResponse> response = http_.Send(h);
    permit.Release();
    requests_.fetch_add(1, std::memory_order_relaxed);

    std::optional<std::chrono::milliseconds> delay;
    std::string why;
    if (!response.ok()) {
      bool transient = response.status().code() == StatusCode::kUnavailable;
      bool delivered = counting && counting->bytes() > 0;
      if (!transient || delivered || !replayable || attempt >= options_.retry.max_attempts) {
        return response.status().Context(what);
      }
      why = response.status().message();
    } else {
      int status = response->status;
      if (status == 401 && request.authenticate && !refreshed) {
        // The token expired or was revoked mid-run: one fresh token, one more try.
        refreshed = true;
        refreshes_.fetch_add(1, std::memory_order_relaxed);
        tokens_->Invalidate(*token);
        spdlog::info("graph: {}: token rejected (request-id {}); renewing it once", what,
                     response->RequestId());
        --attempt;
        continue;
      }
      bool throttled = status == 429 || status == 503;
      bool retryable =
          throttled || status == 504 || ((status == 500 || status == 502) && IsIdempotent(request.method));
      if (!retryable) {
        if (response->ok()) {
          for (const auto& d : demands) pacer_.OnSuccess(d.scope);
        } else if (status >= 400) {
          GraphError e = ParseGraphError(*response);
          spdlog::warn("graph: {} -> {} {} (request-id {}, client-request-id {})", what, status, e.code,
                       e.request_id, client_request_id);
        }
        return response;
      }
      if (auto h_retry = response->headers.Get("Retry-After")) {
        delay = http::ParseRetryAfter(*h_retry, options_.clock());
      }
      if (attempt >= options_.retry.max_attempts) {
        spdlog::warn("graph: {} -> {} after {} attempts (request-id {}); giving up", what, status, attempt,
                     response->RequestId());
        return response;
      }
      if (delay && *delay > options_.retry.max_retry_after) {
        return Unavailable(what + ": Microsoft Graph asks to wait " + std::to_string(delay->count() / 1000) +
                           " s before retrying; try again later (request-id " + response->RequestId() + ")");
      }
      if (throttled) {
        throttled_.fetch_add(1, std::memory_order_relaxed);
        std::chrono::milliseconds pause =
            delay.value_or(http::BackoffDelay(options_.retry, attempt, http::RandomUnit()));
        for (const auto& d : demands) pacer_.OnThrottled(d.scope, pause);
        // A paced scope is now held back as a whole until then: Admit() waits.
        if (paced) delay = std::chrono::milliseconds(0);
      }
      why = "HTTP " + std::to_string(status) + " (request-id " + response->RequestId() + ")";
    }
    std::chrono::milliseconds wait =
        delay.value_or(http::BackoffDelay(options_.retry, attempt, http::RandomUnit()));
    retries_.fetch_add(1, std::memory_order_relaxed);
    spdlog::info("graph: {}: {}; attempt {} of {} in {} ms", what, why, attempt + 1,
                 options_.retry.max_attempts, wait.count());
    Sleep(wait);
  }
}

Result<nlohmann::json> GraphClient::GetJson(std::string_view url, std::string_view what,
                                            const http::Headers& headers) {
  GraphRequest request;
  request.url = std::string(url);
  request.headers = headers;
  request.what = std::string(what);
  for (int damaged = 0;; ++damaged) {
    ARK_ASSIGN_OR_RETURN(http::HttpResponse response, Send(request));
    if (!response.ok())
      return GraphStatus(response, request.what.empty() ? "GET " + Resolve(url) : request.what);
    nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_discarded()) return doc;
    if (damaged >= 2) {
      return Unavailable((request.what.empty() ? Resolve(url) : request.what) +
                         ": Microsoft Graph answered with a damaged JSON body three times (request-id " +
                         response.RequestId() + ")");
    }
    spdlog::warn("graph: {}: the JSON body is damaged (request-id {}); fetching it again", request.what,
                 response.RequestId());
  }
}

Result<nlohmann::json> GraphClient::SendJson(std::string_view method, std::string_view url,
                                             const nlohmann::json& body, std::string_view what) {
  GraphRequest request;
  request.method = std::string(method);
  request.url = std::string(url);
  request.body = body.is_null() ? "" : body.dump();
  request.what = std::string(what);
  ARK_ASSIGN_OR_RETURN(http::HttpResponse response, Send(request));
  if (!response.ok())
    return GraphStatus(response, request.what.empty() ? request.method + " " + Resolve(url) : request.what);
  if (response.body.empty()) return nlohmann::json();
  nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Unavailable(request.what + ": Microsoft Graph answered with a damaged JSON body (request-id " +
                       response.RequestId() + ")");
  }
  return doc;
}

}  // namespace ark::graph
