// Response: what a handler returns — status, headers and a buffered or streamed body.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/headers.h"

namespace m365sim::http {

// Produces a streamed body in pieces: writes at most `capacity` bytes into
// `buffer` and returns how many; 0 means the body is complete; nullopt aborts
// the connection mid-body (fault injection). Called on a server thread, one
// call at a time per response; it must not block for long.
using BodyProducer = std::function<std::optional<size_t>(char* buffer, size_t capacity)>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the body comes from the producer and `body` is ignored. With
  // `content_length` the response has a Content-Length; otherwise it is chunked.
  BodyProducer producer;
  std::optional<uint64_t> content_length;
  // Closes the connection without answering (fault injection: reset before headers).
  bool abort_connection = false;

  // JSON body with Content-Type application/json; charset=utf-8.
  static Response Json(int status, const nlohmann::json& body);
  static Response Text(int status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");
  static Response Html(int status, std::string html);
  // 302 (or `status`) with a Location header and an empty body.
  static Response Redirect(std::string_view location, int status = 302);
  static Response Empty(int status);
};

}  // namespace m365sim::http
