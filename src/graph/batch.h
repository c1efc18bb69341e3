// JSON batching: up to 20 Graph requests in one POST /$batch, with per-item retry.
//
// Items throttled inside a batch come back with their own status 429 (or
// 503/504) and Retry-After; the batch itself is 200. Such items, and items
// that failed only because an item they depend on did (424), are sent again
// in a smaller batch after the longest Retry-After among them, a bounded
// number of times. Every other item result is final and returned as is.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "graph/graph_client.h"

namespace ark::graph {

inline constexpr size_t kMaxBatchItems = 20;

struct BatchItem {
  std::string id;  // unique within the batch
  std::string method = "GET";
  // Relative to the version root ("/users/x/messages/y") or an absolute Graph URL.
  std::string url;
  http::Headers headers;
  std::optional<nlohmann::json> body;  // JSON; needs a Content-Type header (added when missing)
  std::vector<std::string> depends_on;
};

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's destructor, see resources.h.
struct BatchResult {
  std::string id;
  int status = 0;
  http::Headers headers;
  nlohmann::json body;
};

struct BatchOptions {
  // Rounds of re-sending throttled items, the first send included.
  int max_rounds = 6;
};

// Results in the order of `items`. Fails only when the batch as a whole could
// not be exchanged; per-item failures are in their results.
Result<std::vector<BatchResult>> SendBatch(GraphClient& client, const std::vector<BatchItem>& items,
                                           std::string_view what, const BatchOptions& options = {});

}  // namespace ark::graph
