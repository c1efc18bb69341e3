// OData paging, links, $select and delta rounds for every workload's collections.
#include "workloads/odata.h"

#include <algorithm>
#include <charconv>

#include "common/seeded_random.h"
#include "common/text.h"
#include "core/encoding.h"
#include "directory/graph_json.h"
#include "graphapi/errors.h"
#include "http/url.h"

namespace m365sim::workloads {
namespace {

constexpr uint64_t kSkipSalt = 0x5c1b70c3;

std::string SkipToken(size_t offset) {
  std::string body = "p:" + std::to_string(offset);
  return ark::Base64UrlEncode(body + ":" + std::to_string(StableHash(body, kSkipSalt) & 0xffffff));
}

std::optional<size_t> ParseNumber(std::string_view text) {
  size_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// The request's query without the paging and delta parameters.
http::Params QueryWithout(const http::Request& r, std::initializer_list<std::string_view> drop) {
  http::Params out;
  for (const auto& [k, v] : r.query.items()) {
    if (std::find(drop.begin(), drop.end(), k) == drop.end()) out.Add(k, v);
  }
  return out;
}

std::string RawPath(const http::Request& r) { return std::string(http::SplitTarget(r.target).first); }

const char* NextParam(DeltaStyle style) { return style == DeltaStyle::kDrive ? "token" : "$skiptoken"; }
const char* DeltaParam(DeltaStyle style) { return style == DeltaStyle::kDrive ? "token" : "$deltatoken"; }

http::Response Gone(Call& call, DeltaStyle style, const std::string& fresh_link) {
  if (style == DeltaStyle::kDrive) {
    http::Response response = graphapi::GraphError(
        call.req, 410, "resyncRequired",
        "Resync required. Replace any local items with the server's version (including deletes) if you're sure "
        "that the service was up to date with your local changes when you last sync'd. Upload any local "
        "changes that the server doesn't know about.");
    response.headers.Set("Location", fresh_link);
    return response;
  }
  if (style == DeltaStyle::kOutlook) {
    return graphapi::GraphError(call.req, 410, "SyncStateNotFound",
                                "The sync state generation is not found; generation=1;");
  }
  return graphapi::GraphError(call.req, 410, "syncStateNotFound",
                              "The sync state for this request was not found; start a new delta round.");
}

}  // namespace

size_t PageSize(const http::Request& r, size_t default_size, size_t max_size, bool* from_prefer) {
  size_t size = default_size;
  if (from_prefer) *from_prefer = false;
  std::string_view prefer = r.headers.Get("Prefer");
  if (size_t at = prefer.find("odata.maxpagesize="); at != std::string_view::npos) {
    std::string_view rest = prefer.substr(at + 18);
    size_t end = rest.find_first_not_of("0123456789");
    if (auto n = ParseNumber(rest.substr(0, end)); n && *n > 0) {
      size = *n;
      if (from_prefer) *from_prefer = true;
    }
  }
  if (auto top = r.query.Get("$top")) {
    if (auto n = ParseNumber(*top); n && *n > 0) {
      size = *n;
      if (from_prefer) *from_prefer = false;
    }
  }
  return std::clamp<size_t>(size, 1, max_size);
}

std::optional<size_t> PageOffset(const http::Request& r) {
  if (auto token = r.query.Get("$skiptoken")) {
    auto raw = ark::Base64UrlDecode(*token);
    if (!raw || raw->rfind("p:", 0) != 0) return std::nullopt;
    size_t colon = raw->rfind(':');
    if (colon <= 2) return std::nullopt;
    std::string body = raw->substr(0, colon);
    auto check = ParseNumber(std::string_view(*raw).substr(colon + 1));
    if (!check || *check != (StableHash(body, kSkipSalt) & 0xffffff)) return std::nullopt;
    return ParseNumber(std::string_view(body).substr(2));
  }
  if (auto skip = r.query.Get("$skip")) return ParseNumber(*skip);
  return 0;
}

std::string NextPageLink(const http::Request& r, size_t next_offset) {
  http::Params query = QueryWithout(r, {"$skiptoken", "$skip"});
  query.Add("$skiptoken", SkipToken(next_offset));
  // Graph writes the '$' of system query options literally in its links.
  std::string link = http::AppendQuery(r.origin + RawPath(r), query);
  for (size_t at = link.find("%24"); at != std::string::npos; at = link.find("%24", at)) link.replace(at, 3, "$");
  return link;
}

Json CollectionBody(const std::string& context, Json values, const std::optional<std::string>& next_link) {
  Json body;
  body["@odata.context"] = context;
  body["value"] = std::move(values);
  if (next_link) body["@odata.nextLink"] = *next_link;
  return body;
}

void AppendMembers(Json& into, const Json& from) {
  for (auto it = from.begin(); it != from.end(); ++it) into[it.key()] = it.value();
}

Json Select(const Json& entity, std::string_view select) {
  if (select.empty()) return entity;
  Json out = directory::SelectProperties(entity, select);
  // Keep the facets that say what an item is, as Graph does for removed entries.
  for (const char* keep : {"@removed", "deleted"}) {
    if (entity.contains(keep)) out[keep] = entity[keep];
  }
  return out;
}

http::Response ListResponse(Call& call, const std::string& context, std::vector<Json> items, size_t default_page,
                            size_t max_page) {
  auto offset = PageOffset(call.req);
  if (!offset) return BadRequest(call, "BadRequest", "The $skiptoken is not valid for this request.");
  bool from_prefer = false;
  size_t page = PageSize(call.req, default_page, max_page, &from_prefer);
  std::string select = call.req.query.GetOr("$select");
  Json values = Json::array();
  for (size_t i = *offset; i < items.size() && values.size() < page; ++i) values.push_back(Select(items[i], select));
  std::optional<std::string> next;
  if (*offset + page < items.size()) next = NextPageLink(call.req, *offset + page);
  Json body = CollectionBody(context, std::move(values), next);
  if (call.req.query.GetOr("$count") == "true") {
    Json with_count;
    with_count["@odata.context"] = body["@odata.context"];
    with_count["@odata.count"] = items.size();
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() != "@odata.context") with_count[it.key()] = it.value();
    }
    body = std::move(with_count);
  }
  http::Response response = graphapi::GraphJson(call.req, body);
  if (from_prefer) response.headers.Set("Preference-Applied", "odata.maxpagesize=" + std::to_string(page));
  return response;
}

std::variant<DeltaRound, http::Response> BeginDelta(Call& call, DeltaStyle style, const std::string& collection,
                                                    const std::string& options, delta::Seq latest) {
  (void)latest;
  const http::Request& r = call.req;
  std::optional<std::string> token = r.query.Get("$skiptoken");
  if (!token) token = r.query.Get("$deltatoken");
  if (!token && style == DeltaStyle::kDrive) token = r.query.Get("token");
  std::string fresh = r.origin + RawPath(r);
  if (!token) {
    DeltaRound round;
    round.state.collection = collection;
    round.state.epoch = call.svc.store.epoch();
    round.state.options = options;
    return round;
  }
  if (call.req.Param("fault") == "delta-token-invalid") return Gone(call, style, fresh);
  delta::DecodedToken decoded = delta::DecodeDeltaToken(*token, collection, call.svc.store.epoch());
  if (decoded.state) return DeltaRound{*decoded.state};
  if (decoded.problem == delta::TokenProblem::kExpired) return Gone(call, style, fresh);
  if (style == DeltaStyle::kOutlook) {
    return graphapi::GraphError(call.req, 400, "ErrorInvalidUrlQuery",
                                "The sync state data is corrupt or otherwise invalid.");
  }
  return graphapi::GraphError(call.req, 400, "invalidRequest",
                              "The delta token is not valid for this collection; start a new delta round.");
}

Json DeltaPage(Call& call, DeltaStyle style, const DeltaRound& round, const delta::ChangeJournal& journal,
               size_t page_size, const std::string& context, const std::string& delta_path,
               const std::function<std::optional<Json>(const delta::JournalEntry&)>& render) {
  const delta::DeltaState& s = round.state;
  Json values = Json::array();
  delta::Seq cursor = s.cursor;
  bool more = false;
  size_t chunk = page_size * 2 + 16;
  while (!more) {
    auto batch = journal.Since(cursor, chunk, !s.first_round);
    for (const auto& e : batch) {
      if (values.size() == page_size) {
        more = true;
        break;
      }
      cursor = e.seq;
      if (auto j = render(e)) {
        if (j->is_array()) {
          for (auto& one : *j) values.push_back(std::move(one));
        } else {
          values.push_back(std::move(*j));
        }
      }
    }
    if (batch.size() < chunk) break;
  }
  Json body;
  body["@odata.context"] = context;
  delta::DeltaState next = s;
  if (more) {
    next.cursor = cursor;
    body["@odata.nextLink"] =
        delta_path + "?" + NextParam(style) + "=" + delta::EncodeDeltaToken(next);
  } else {
    next.base = std::max(cursor, journal.last_seq());
    next.cursor = next.base;
    next.first_round = false;
    body["@odata.deltaLink"] =
        delta_path + "?" + DeltaParam(style) + "=" + delta::EncodeDeltaToken(next);
  }
  body["value"] = std::move(values);
  (void)call;
  return body;
}

Json LatestDeltaLink(Call& call, DeltaStyle style, const std::string& collection, const std::string& options,
                     delta::Seq latest, const std::string& context, const std::string& delta_path) {
  delta::DeltaState s;
  s.collection = collection;
  s.epoch = call.svc.store.epoch();
  s.options = options;
  s.base = s.cursor = latest;
  s.first_round = false;
  Json body;
  body["@odata.context"] = context;
  body["value"] = Json::array();
  body["@odata.deltaLink"] = delta_path + "?" + DeltaParam(style) + "=" + delta::EncodeDeltaToken(s);
  return body;
}

}  // namespace m365sim::workloads
