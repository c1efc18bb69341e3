// HttpClient: every outbound HTTP request of Ark365, over libcurl.
//
// What it guarantees:
//   - TLS peer and host verification always on (custom CA bundle allowed);
//   - HTTP/2 where the server offers it, HTTP/1.1 otherwise;
//   - connection and TLS-session reuse across requests and threads;
//   - connect and stall timeouts, so that a dead peer never hangs a worker;
//   - a `client-request-id` header on every request (one is generated when the
//     caller did not set it; Microsoft's services echo it for support cases);
//   - redirects are NOT followed: the caller decides, because a redirect to a
//     pre-authenticated URL must not carry the Authorization header;
//   - request logs at debug level, redacted by the log sinks.
// It knows neither OAuth nor Graph.
//
// Thread-safety: Send() may be called from any number of threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/body.h"
#include "http/headers.h"
#include "http/http_options.h"

namespace ark::http {

struct HttpRequest {
  std::string method = "GET";
  // Absolute http(s) URL, sent as given (links from servers are opaque).
  std::string url;
  Headers headers;
  // The request body, unless `body_source` is set. Not owned.
  std::string_view body;
  BodySource* body_source = nullptr;
  // When set, the body of a 2xx response goes here instead of into
  // HttpResponse::body; other responses are still buffered (bounded), so
  // that an error page never lands in a file. Not owned.
  BodySink* sink = nullptr;
  // Ask for gzip/deflate/br/zstd encodings (JSON compresses well; file
  // downloads should not, so that byte ranges stay byte ranges).
  bool accept_compressed = true;
  // Bound on the whole exchange; zero means only connect and stall timeouts.
  std::chrono::milliseconds timeout{0};
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  // The buffered body: the whole body without a sink, the error body (at
  // most HttpOptions::max_error_body) with one.
  std::string body;
  // Body bytes received, including those handed to the sink.
  uint64_t body_bytes = 0;
  // The client-request-id that was sent.
  std::string client_request_id;
  // 11 for HTTP/1.1, 20 for HTTP/2.
  int http_version = 0;
  std::chrono::microseconds elapsed{0};

  bool ok() const { return status >= 200 && status < 300; }
  // The server's id of the request (Graph and Entra send `request-id`).
  std::string RequestId() const { return headers.GetOr("request-id"); }
};

// Counters for benchmarks and diagnostics.
struct HttpStats {
  uint64_t requests = 0;
  uint64_t connections_opened = 0;
};

class HttpClient {
 public:
  // Fails when an option is unusable (e.g. a CA file that does not exist).
  static Result<std::unique_ptr<HttpClient>> Create(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs one exchange. An HTTP error status is a response, not an error:
  // the Status is an error only when no complete response arrived:
  //   kUnavailable        connection refused/reset, stalled, truncated body,
  //                       name resolution failed (retrying may help)
  //   kDeadlineExceeded   the request's own timeout passed
  //   kFailedPrecondition the server's TLS certificate is not trusted
  //   kInvalidArgument    a malformed URL or request
  //   anything a sink or source returned.
  Result<HttpResponse> Send(const HttpRequest& request);

  const HttpOptions& options() const;
  HttpStats stats() const;

 private:
  struct Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ark::http
