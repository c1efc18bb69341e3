// FaultMiddleware: turns a fired rule into the broken response it describes.
#include "workloads/fault_middleware.h"

#include <algorithm>
#include <memory>
#include <thread>

#include "common/text.h"
#include "graphapi/auth.h"
#include "graphapi/errors.h"
#include "throttle/throttler.h"
#include "workloads/service.h"

namespace m365sim::workloads {
namespace {

struct StatusText {
  int status;
  const char* code;
  const char* message;
};
constexpr StatusText kStatuses[] = {
    {429, "TooManyRequests", "Please retry again later."},
    {500, "generalException", "An unspecified error has occurred."},
    {502, "BadGateway", "The server, while acting as a proxy, received an invalid response."},
    {503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry after a delay."},
    {504, "GatewayTimeout", "The server, while acting as a proxy, did not receive a timely response."},
};

throttle::RetryAfterFormat FormatOf(const std::string& name) {
  throttle::RetryAfterFormat f = throttle::RetryAfterFormat::kInteger;
  throttle::ParseRetryAfterFormat(name, &f);
  return f;
}

// A producer over a buffered body, so the body faults treat both kinds alike.
http::BodyProducer ProducerOf(http::Response& response, uint64_t* size) {
  if (response.producer) {
    *size = response.content_length.value_or(0);
    return std::move(response.producer);
  }
  auto body = std::make_shared<std::string>(std::move(response.body));
  *size = body->size();
  auto offset = std::make_shared<size_t>(0);
  return [body, offset](char* buffer, size_t capacity) -> std::optional<size_t> {
    size_t n = std::min(capacity, body->size() - *offset);
    std::copy_n(body->data() + *offset, n, buffer);
    *offset += n;
    return n;
  };
}

// Passes bytes through until `limit`, then ends the stream (nullopt: reset).
http::BodyProducer CutAfter(http::BodyProducer inner, uint64_t limit) {
  auto sent = std::make_shared<uint64_t>(0);
  return [inner = std::move(inner), sent, limit](char* buffer, size_t capacity) -> std::optional<size_t> {
    if (*sent >= limit) return std::nullopt;
    auto n = inner(buffer, std::min<uint64_t>(capacity, limit - *sent));
    if (!n || *n == 0) return std::nullopt;
    *sent += *n;
    return n;
  };
}

bool IsDeltaRequest(const http::Request& r) {
  std::string path = ToLowerAscii(r.path);
  return path.find("delta") != std::string::npos &&
         (r.query.Has("$deltatoken") || r.query.Has("$skiptoken") || r.query.Has("token"));
}

}  // namespace

http::Middleware FaultMiddleware(Service& svc, std::string listener) {
  return [&svc, listener](http::Request& r, const http::Handler& next) -> http::Response {
    if (r.path.rfind("/_sim/", 0) == 0) return next(r);
    auto rule = svc.faults.Decide(listener, r.method, r.path);
    if (!rule) return next(r);
    svc.ctx.counters->Increment("faults/" + FaultKindName(*rule));
    using faults::FaultKind;
    switch (rule->kind) {
      case FaultKind::kStatus: {
        const StatusText* text = &kStatuses[0];
        for (const auto& s : kStatuses) {
          if (s.status == rule->status) text = &s;
        }
        http::Response response = graphapi::GraphError(r, text->status, text->code, text->message);
        if (rule->retry_after >= 0) {
          response.headers.Set("Retry-After", throttle::Throttler::FormatRetryAfter(
                                                  rule->retry_after, FormatOf(rule->retry_after_format)));
        }
        return response;
      }
      case FaultKind::kResetBeforeHeaders: {
        http::Response response;
        response.abort_connection = true;
        return response;
      }
      case FaultKind::kTokenExpired:
        return graphapi::InvalidToken(r, "Access token has expired or is not yet valid.");
      case FaultKind::kDeltaTokenInvalid:
        if (IsDeltaRequest(r)) r.params["fault"] = "delta-token-invalid";
        return next(r);
      case FaultKind::kExpiredDownloadUrl:
        r.params["fault"] = "expired-download-url";
        return next(r);
      case FaultKind::kUploadSessionExpired:
        r.params["fault"] = "upload-session-expired";
        return next(r);
      case FaultKind::kInvalidJson: {
        http::Response response = next(r);
        response.producer = nullptr;
        response.content_length.reset();
        response.body = "{\"@odata.context\":\"" + r.origin + "/v1.0/$metadata#\",\"value\":[{\"id\":\"AAMk";
        response.headers.Set("Content-Type", graphapi::kODataJson);
        return response;
      }
      case FaultKind::kResetMidBody:
      case FaultKind::kTruncatedBody:
      case FaultKind::kSlowBody: {
        http::Response response = next(r);
        uint64_t size = 0;
        http::BodyProducer inner = ProducerOf(response, &size);
        if (rule->kind == FaultKind::kSlowBody) {
          // Small pieces with a pause each; the pause is bounded so a server
          // thread is never held for long at a time.
          uint64_t rate = rule->bytes_per_second;
          response.producer = [inner = std::move(inner), rate](char* buffer, size_t capacity) {
            size_t piece = std::min<uint64_t>(capacity, std::max<uint64_t>(rate / 10, 1));
            std::this_thread::sleep_for(std::chrono::microseconds(piece * 1000000 / rate));
            return inner(buffer, piece);
          };
          if (size) response.content_length = size;
          return response;
        }
        // Half the body, or the first 64 KiB of a stream of unknown length.
        response.producer = CutAfter(std::move(inner), size ? size / 2 : 64 * 1024);
        if (rule->kind == FaultKind::kTruncatedBody && size) {
          response.content_length = size;
        } else {
          response.content_length.reset();
        }
        return response;
      }
    }
    return next(r);
  };
}

}  // namespace m365sim::workloads
