// OData conventions of Graph's collections: page sizes, skip tokens, absolute links, $select, delta rounds.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "delta/journal.h"
#include "delta/token.h"
#include "http/request.h"
#include "http/response.h"
#include "workloads/service.h"

namespace m365sim::workloads {

using Json = nlohmann::ordered_json;

// The page size: $top, else Prefer: odata.maxpagesize, else `default_size`;
// never above `max_size` (Graph clamps). Sets *from_prefer when the Prefer
// header decided it (the response then says Preference-Applied).
size_t PageSize(const http::Request& r, size_t default_size, size_t max_size, bool* from_prefer = nullptr);

// The offset a $skiptoken (ours) or $skip asks for; 0 for the first page,
// nullopt for a token that is not ours.
std::optional<size_t> PageOffset(const http::Request& r);

// The absolute URL of the next page: the request's own path and query with
// $skiptoken replaced, on the origin the client used.
std::string NextPageLink(const http::Request& r, size_t next_offset);

// {"@odata.context": ..., "value": [...], "@odata.nextLink"?: ...}
Json CollectionBody(const std::string& context, Json values, const std::optional<std::string>& next_link);

// Copies the members of `from` into `into` (after what `into` has).
void AppendMembers(Json& into, const Json& from);

// Applies $select (comma-separated) to an entity; ids and annotations stay.
Json Select(const Json& entity, std::string_view select);

// Serves a list: slices `items` by the request's paging and answers with
// Graph's collection shape (select applied).
http::Response ListResponse(Call& call, const std::string& context, std::vector<Json> items,
                            size_t default_page, size_t max_page);

// ---- delta ----

enum class DeltaStyle {
  kOutlook,    // @removed {"reason":"deleted"}; 410 SyncStateNotFound
  kDrive,      // deleted {} facet; token= links; 410 resyncRequired with Location
  kDirectory,  // @removed; 410 syncStateNotFound
  kTeams,      // @removed; 410 syncStateNotFound
};

struct DeltaRound {
  delta::DeltaState state;  // where this request continues
};

// Parses the request's delta position ($skiptoken, $deltatoken or token=)
// for `collection`; a new round when there is none. `options` is the
// canonical form of the query options that shape the feed; a round keeps
// the options it started with. Returns the 410/400 to send for a token
// that is unusable.
std::variant<DeltaRound, http::Response> BeginDelta(Call& call, DeltaStyle style, const std::string& collection,
                                                    const std::string& options, delta::Seq latest);

// Renders one page: entries after the round's cursor, each through `render`
// (nullopt skips an entry, an array contributes several values), and the
// nextLink or deltaLink. `delta_path` is
// the absolute URL of the delta function without query. Call inside the
// store's read lock.
Json DeltaPage(Call& call, DeltaStyle style, const DeltaRound& round, const delta::ChangeJournal& journal,
               size_t page_size, const std::string& context, const std::string& delta_path,
               const std::function<std::optional<Json>(const delta::JournalEntry&)>& render);

// The "latest" round of OneDrive (token=latest): no items, a deltaLink at the current position.
Json LatestDeltaLink(Call& call, DeltaStyle style, const std::string& collection, const std::string& options,
                     delta::Seq latest, const std::string& context, const std::string& delta_path);

}  // namespace m365sim::workloads
