// Paging through Graph collections: @odata.nextLink is followed verbatim until there is none.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "graph/graph_client.h"

namespace ark::graph {

// Calls `on_page` with every page of the collection at `url`, in order. The
// nextLink of each page is requested exactly as given (it carries the skip
// token and every original query option); `headers` (e.g. ConsistencyLevel,
// Prefer) are sent with every page, since Graph does not carry them over.
// Empty pages are normal. An error from `on_page` stops the walk.
Status ForEachPage(GraphClient& client, const std::string& url, std::string_view what,
                   const std::function<Status(nlohmann::json& page)>& on_page,
                   const http::Headers& headers = {});

// Calls `on_item` with every element of every page's "value".
Status ForEachItem(GraphClient& client, const std::string& url, std::string_view what,
                   const std::function<Status(nlohmann::json& item)>& on_item,
                   const http::Headers& headers = {});

// The "value" array of a page (an empty array when absent).
nlohmann::json& PageItems(nlohmann::json& page);

}  // namespace ark::graph
