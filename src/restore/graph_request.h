// One helper to build the Graph requests of restore (method, URL, body with its type, what for messages).
#pragma once

#include <string>

#include "graph/graph_client.h"

namespace ark::restore {

inline graph::GraphRequest MakeRequest(std::string method, std::string url, std::string what,
                                       std::string body = {}, std::string content_type = {},
                                       const http::Headers& headers = {}) {
  graph::GraphRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers = headers;
  if (!content_type.empty()) request.headers.Set("Content-Type", std::move(content_type));
  request.body = std::move(body);
  request.what = std::move(what);
  return request;
}

}  // namespace ark::restore
