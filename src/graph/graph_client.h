// GraphClient: every Microsoft Graph request of Ark365 — authenticated, paced, retried the way Microsoft
// asks.
//
// Per request:
//   - a bearer token from the TokenProvider; on a 401 the token is dropped and
//     the request is sent once more with a fresh one (token expiry mid-run);
//   - the Pacer admits it under its throttling scope (mailbox concurrency,
//     per-scope rates), and hears about every 429/503;
//   - 429, 503 and 504 are retried after exactly the Retry-After the service
//     asked for (integer, fractional or HTTP-date), or after an exponential
//     backoff with jitter when it gave none; connection failures, stalls and
//     truncated bodies are retried for replayable requests; 500/502 for
//     idempotent ones; attempts are bounded;
//   - 400, 401 (after the one refresh), 403, 404 and other answers are
//     returned at once: retrying cannot change them;
//   - one client-request-id for all attempts (with Retry-Attempt: n), and the
//     request-id of every failure in the log.
// URLs are sent exactly as given when absolute (nextLink, deltaLink,
// download and upload URLs are opaque); relative ones are appended to the
// configured base URL. Nothing here knows which service is behind the URL.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "graph/pacer.h"
#include "http/http_client.h"
#include "http/retry.h"
#include "identity/token.h"
#include "identity/token_provider.h"

namespace ark::graph {

struct GraphOptions {
  // Graph's base URL with the version (configuration: microsoft.graph_base).
  std::string base_url = "https://graph.microsoft.com/v1.0";
  http::BackoffPolicy retry{.max_attempts = 8,
                            .initial_delay = std::chrono::milliseconds(1000),
                            .multiplier = 2.0,
                            .max_delay = std::chrono::seconds(60),
                            .max_retry_after = std::chrono::minutes(15)};
  PacingOptions pacing;
  // How waiting is done between attempts; tests pass their own.
  std::function<void(std::chrono::milliseconds)> sleep;
  // Wall clock, for Retry-After dates.
  identity::Clock clock = identity::SystemClock();

  static GraphOptions FromConfig(const Config& config);
};

struct GraphRequest {
  std::string method = "GET";
  std::string url;
  http::Headers headers;
  // The body (JSON unless a Content-Type header says otherwise), or a source.
  std::string body;
  http::BodySource* body_source = nullptr;
  // Receives the body of a 2xx answer (downloads); see HttpRequest::sink.
  http::BodySink* sink = nullptr;
  // False for pre-authenticated URLs (download and upload URLs), which must
  // not receive the Authorization header.
  bool authenticate = true;
  // Replay a non-idempotent request (POST, PATCH) after a connection failure
  // (e.g. a $batch of reads); 429/503/504 answers are always replayed.
  bool retry_unsafe = false;
  bool accept_compressed = true;
  // Throttling demands; empty means "classify the URL".
  std::vector<Pacer::Demand> demands;
  // What is being done, for log lines and error messages.
  std::string what;
};

struct GraphStats {
  uint64_t requests = 0;  // HTTP exchanges, retries included
  uint64_t retries = 0;
  uint64_t throttled = 0;  // 429 and 503 answers
  uint64_t token_refreshes = 0;
};

class GraphClient {
 public:
  GraphClient(http::HttpClient& http, std::shared_ptr<identity::TokenProvider> tokens, GraphOptions options);

  // The final response after retries: any status (the caller decides; see
  // GraphStatus()), or the error that prevented a response.
  Result<http::HttpResponse> Send(const GraphRequest& request);

  // GET returning the JSON body; any non-2xx becomes a Status. A body that
  // is not JSON (damaged in transit) is fetched again, up to 3 times.
  Result<nlohmann::json> GetJson(std::string_view url, std::string_view what,
                                 const http::Headers& headers = {});
  // A JSON request (POST/PATCH/PUT); 2xx answers' JSON (null when empty).
  Result<nlohmann::json> SendJson(std::string_view method, std::string_view url, const nlohmann::json& body,
                                  std::string_view what);

  // The absolute URL for `url` (returned unchanged when already absolute).
  std::string Resolve(std::string_view url) const;

  Pacer& pacer() { return pacer_; }
  const GraphOptions& options() const { return options_; }
  GraphStats stats() const;

 private:
  void Sleep(std::chrono::milliseconds d) const;

  http::HttpClient& http_;
  std::shared_ptr<identity::TokenProvider> tokens_;
  GraphOptions options_;
  Pacer pacer_;
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> throttled_{0};
  std::atomic<uint64_t> refreshes_{0};
};

}  // namespace ark::graph
