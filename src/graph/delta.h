// Delta queries: one round of changes of a collection, resumable, with a clean restart on 410.
//
// A round starts at the collection's delta URL (first time), at the stored
// deltaLink (later runs), or at the stored nextLink (a round interrupted by a
// crash), follows nextLinks verbatim, and ends with a new deltaLink. The
// cursor is handed to `checkpoint` after each page has been processed, so a
// caller that persists it resumes exactly where it stopped.
//
// When the service answers 410 Gone (OneDrive's resyncRequired, Outlook's
// syncStateNotFound and their variants), the stored state is useless: the
// round starts again from the full enumeration (or from the fresh link the
// service offers in Location), after `on_resync` has told the caller, who
// must then treat the round as complete listing: anything it knows that the
// round does not return was deleted meanwhile. Nothing is lost.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "graph/graph_client.h"

namespace ark::graph {

// What a caller persists per collection. A plain value type; the caller
// stores it however it likes (the links are opaque strings).
struct DeltaCursor {
  // The delta URL of the collection, with its query options (e.g.
  // "/users/{id}/mailFolders/{id}/messages/delta?$select=id,subject").
  std::string initial_url;
  // Where an unfinished round continues; empty between rounds.
  std::string next_link;
  // The link of the last finished round; empty before the first.
  std::string delta_link;
};

struct DeltaRound {
  int pages = 0;
  uint64_t items = 0;
  // The round restarted with a full enumeration after a 410.
  bool resynced = false;
  // The round was a full enumeration (first round, or resync).
  bool full = false;
};

struct DeltaCallbacks {
  // Each page's "value": changed items, and deletions ("@removed" for
  // Outlook and directory objects, "deleted" for drive items).
  std::function<Status(nlohmann::json& items)> on_items;
  // The cursor after a processed page or the finished round; persist it.
  std::function<Status(const DeltaCursor& cursor)> checkpoint;
  // A 410 forced a full enumeration; see above. Called before its first page.
  std::function<Status(const std::string& reason)> on_resync;
};

// Runs one round. `headers` (e.g. Prefer: odata.maxpagesize=200,
// IdType="ImmutableId") are sent with every page.
Result<DeltaRound> RunDeltaRound(GraphClient& client, DeltaCursor& cursor, std::string_view what,
                                 const DeltaCallbacks& callbacks, const http::Headers& headers = {});

}  // namespace ark::graph
