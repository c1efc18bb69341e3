// One helper to build the Graph requests of restore (method, URL, body with its type, what for messages).
#pragma once

#include <string>

#include "graph/graph_client.h"
#include "graph/graph_error.h"
#include "graph/urls.h"

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

// Ok for a 2xx answer, the Graph error as a Status otherwise.
inline Status CheckResponse(const http::HttpResponse& response, std::string_view what) {
  if (response.status >= 200 && response.status < 300) return Status::Ok();
  return graph::GraphStatus(response, what);
}

// A drive item's URL; the root is addressed as /drives/{id}/root, which every Graph deployment accepts.
inline std::string DriveItemUrl(std::string_view drive, std::string_view item) {
  if (item == "root") return "/drives/" + graph::urls::Segment(drive) + "/root";
  return graph::urls::DriveItem(drive, item);
}

}  // namespace ark::restore
