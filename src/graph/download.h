// Streamed downloads of Graph content (file versions, MIME messages, attachments) into a sink.
//
// The content URL (".../items/{id}/content", ".../messages/{id}/$value") either
// answers with the bytes, or with 302 to a pre-authenticated download URL on
// another host, which is fetched WITHOUT the Authorization header. A transfer
// cut short (reset, stall, truncated body) continues where it stopped with a
// Range request to the download URL; a server that ignores the Range (200
// instead of 206) has the bytes already delivered skipped. A download URL
// that has expired (401/403/404/410 there) is replaced by asking the content
// URL again. The sink sees every byte exactly once, in order, and nothing
// is held in memory beyond one buffer.
#pragma once

#include <string>

#include "core/status.h"
#include "graph/graph_client.h"
#include "http/body.h"

namespace ark::graph {

struct DownloadOptions {
  // Interrupted transfers resumed, and expired download URLs replaced.
  int max_resumes = 6;
  // Sent with the request to the content URL (e.g. Prefer: IdType="ImmutableId").
  http::Headers headers;
};

struct DownloadResult {
  uint64_t bytes = 0;
  int resumes = 0;        // Range requests after an interruption
  int url_refreshes = 0;  // expired download URLs fetched again
  // Headers of the first response that carried content (ETag, Content-Type, ...).
  http::Headers headers;
};

Result<DownloadResult> Download(GraphClient& client, const std::string& content_url, http::BodySink& sink,
                                std::string_view what, const DownloadOptions& options = {});

}  // namespace ark::graph
