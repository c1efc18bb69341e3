// RunDeltaRound: the page loop, checkpoints, and the 410 restart.
#include "graph/delta.h"

#include <spdlog/spdlog.h>

#include "graph/graph_error.h"
#include "graph/paging.h"

namespace ark::graph {
namespace {

constexpr int kMaxResyncsPerRound = 3;

std::string Text(const nlohmann::json& page, const char* key) {
  auto it = page.find(key);
  return it != page.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<DeltaRound> RunDeltaRound(GraphClient& client, DeltaCursor& cursor, std::string_view what,
                                 const DeltaCallbacks& callbacks, const http::Headers& headers) {
  DeltaRound round;
  std::string url = !cursor.next_link.empty() ? cursor.next_link : cursor.delta_link;
  round.full = url.empty();
  if (url.empty()) url = cursor.initial_url;
  if (url.empty()) return InvalidArgument(std::string(what) + ": the delta cursor has no URL to start from");
  int resyncs = 0;
  int damaged = 0;
  while (true) {
    GraphRequest request;
    request.url = url;
    request.headers = headers;
    request.what = std::string(what) + " (delta page " + std::to_string(round.pages + 1) + ")";
    ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client.Send(request));
    if (response.status == 410) {
      GraphError e = ParseGraphError(response);
      if (++resyncs > kMaxResyncsPerRound) {
        return Unavailable(std::string(what) + ": Microsoft Graph keeps asking for a resync (" + e.code +
                           ")");
      }
      std::string reason = e.code.empty() ? "410 Gone" : e.code;
      spdlog::warn("graph: {}: {} (request-id {}); enumerating the collection again", what, reason,
                   e.request_id);
      // OneDrive may offer a fresh start in Location; otherwise the collection's own delta URL.
      std::string location = response.headers.GetOr("Location");
      url = location.empty() ? cursor.initial_url : location;
      cursor.next_link.clear();
      cursor.delta_link.clear();
      round.resynced = true;
      round.full = true;
      if (callbacks.on_resync) ARK_RETURN_IF_ERROR(callbacks.on_resync(reason));
      continue;
    }
    if (!response.ok()) return GraphStatus(response, request.what);
    nlohmann::json page = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!page.is_object()) {
      // A damaged page: the same link again (it is a pure read of server-side state).
      if (++damaged > kMaxResyncsPerRound) {
        return Unavailable(request.what + ": Microsoft Graph keeps answering damaged JSON (request-id " +
                           response.RequestId() + ")");
      }
      continue;
    }
    ++round.pages;
    nlohmann::json& items = PageItems(page);
    round.items += items.size();
    if (callbacks.on_items) ARK_RETURN_IF_ERROR(callbacks.on_items(items));
    std::string next = Text(page, "@odata.nextLink");
    std::string delta = Text(page, "@odata.deltaLink");
    if (next.empty() && delta.empty()) {
      return Unavailable(request.what +
                         ": the delta page has neither a nextLink nor a deltaLink (request-id " +
                         response.RequestId() + ")");
    }
    if (!next.empty()) {
      cursor.next_link = next;
      if (callbacks.checkpoint) ARK_RETURN_IF_ERROR(callbacks.checkpoint(cursor));
      url = std::move(next);
      continue;
    }
    cursor.next_link.clear();
    cursor.delta_link = delta;
    if (callbacks.checkpoint) ARK_RETURN_IF_ERROR(callbacks.checkpoint(cursor));
    return round;
  }
}

}  // namespace ark::graph
