// $batch: validation, per-item dispatch, dependsOn and the batch response.
#include "batch/batch.h"

#include <set>

#include "common/text.h"
#include "core/encoding.h"
#include "graphapi/auth.h"
#include "graphapi/errors.h"
#include "http/url.h"

namespace m365sim::batch {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxRequests = 20;

std::string Drain(http::Response& r) {
  if (!r.producer) return std::move(r.body);
  std::string out;
  std::string buffer(256 * 1024, '\0');
  for (;;) {
    auto n = r.producer(buffer.data(), buffer.size());
    if (!n || *n == 0) break;
    out.append(buffer.data(), *n);
  }
  return out;
}

Json ItemResponse(const std::string& id, http::Response r) {
  Json headers = Json::object();
  for (const auto& [k, v] : r.headers.fields()) {
    for (const char* keep : {"Content-Type", "Retry-After", "Location", "ETag", "OData-Version", "Preference-Applied",
                             "Cache-Control", "Content-Range"}) {
      if (EqualsIgnoreCase(k, keep)) headers[keep] = v;
    }
  }
  std::string body = Drain(r);
  Json item = {{"id", id}, {"status", r.status}, {"headers", headers}};
  if (!body.empty()) {
    Json parsed = Json::parse(body, nullptr, false);
    if (!parsed.is_discarded() && std::string(r.headers.Get("Content-Type")).find("json") != std::string::npos) {
      item["body"] = parsed;
    } else {
      item["body"] = ark::Base64Encode(body);
    }
  }
  return item;
}

Json Failed(const std::string& id, const std::string& request_id, int status, const std::string& code,
            const std::string& message) {
  return {{"id", id},
          {"status", status},
          {"headers", {{"Content-Type", "application/json"}}},
          {"body", {{"error", {{"code", code}, {"message", message}, {"innerError", {{"request-id", request_id}}}}}}}};
}

http::Response Run(http::Router& graph, http::Request& outer) {
  Json body = Json::parse(outer.body, nullptr, false);
  if (!body.is_object() || !body.contains("requests") || !body["requests"].is_array()) {
    return graphapi::GraphError(outer, 400, "BadRequest", "Invalid batch payload format.");
  }
  const Json& requests = body["requests"];
  if (requests.size() > kMaxRequests) {
    return graphapi::GraphError(outer, 400, "BadRequest", "Number of batch requests exceeds the limit of 20.");
  }
  std::set<std::string> ids;
  for (const auto& r : requests) {
    if (!r.is_object() || !r.contains("id") || !r.contains("method") || !r.contains("url") || !r["id"].is_string()) {
      return graphapi::GraphError(outer, 400, "BadRequest", "Each batch request needs id, method and url.");
    }
    if (!ids.insert(ToLowerAscii(r["id"].get<std::string>())).second) {
      return graphapi::GraphError(outer, 400, "BadRequest",
                                  "Batch request ids must be unique: '" + r["id"].get<std::string>() + "' repeats.");
    }
    if (r.contains("body") && !(r.contains("headers") && r["headers"].is_object())) {
      return graphapi::GraphError(outer, 400, "BadRequest",
                                  "A batch request with a body needs headers with Content-Type.");
    }
  }
  std::map<std::string, int> status_of;
  Json responses = Json::array();
  std::string outer_id = graphapi::RequestId(outer);
  for (const auto& r : requests) {
    std::string id = r["id"].get<std::string>();
    bool dependency_failed = false;
    if (r.contains("dependsOn") && r["dependsOn"].is_array()) {
      for (const auto& d : r["dependsOn"]) {
        auto it = status_of.find(ToLowerAscii(d.is_string() ? d.get<std::string>() : ""));
        if (it == status_of.end() || it->second >= 400) dependency_failed = true;
      }
    }
    if (dependency_failed) {
      status_of[ToLowerAscii(id)] = 424;
      responses.push_back(Failed(id, outer_id, 424, "FailedDependency", "A request this one depends on failed."));
      continue;
    }
    http::Request inner;
    inner.method = ToLowerAscii(r["method"].get<std::string>());
    for (char& c : inner.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string url = r["url"].get<std::string>();
    if (url.rfind("https://", 0) == 0) url = url.substr(url.find('/', 8));
    if (url.rfind("/v1.0/", 0) == 0) url = url.substr(5);
    if (url.empty() || url[0] != '/') url = "/" + url;
    inner.target = "/v1.0" + url;
    auto [raw_path, raw_query] = http::SplitTarget(inner.target);
    inner.path = http::DecodePath(raw_path).value_or(std::string(raw_path));
    inner.raw_query = std::string(raw_query);
    inner.query = http::Params::Parse(raw_query);
    inner.listener = outer.listener;
    inner.remote_address = outer.remote_address;
    inner.origin = outer.origin;
    for (const char* h : {"Authorization", "client-request-id", "User-Agent"}) {
      if (outer.headers.Has(h)) inner.headers.Set(h, outer.headers.Get(h));
    }
    if (r.contains("headers") && r["headers"].is_object()) {
      for (auto it = r["headers"].begin(); it != r["headers"].end(); ++it) {
        if (it.value().is_string()) inner.headers.Set(it.key(), it.value().get<std::string>());
      }
    }
    if (r.contains("body")) {
      const Json& b = r["body"];
      bool json = std::string(inner.headers.Get("Content-Type")).find("json") != std::string::npos;
      if (b.is_string() && !json) {
        inner.body = ark::Base64Decode(b.get<std::string>()).value_or(b.get<std::string>());
      } else {
        inner.body = b.dump();
      }
    }
    http::Response response = graph.Dispatch(inner);
    status_of[ToLowerAscii(id)] = response.status;
    responses.push_back(ItemResponse(id, std::move(response)));
  }
  return graphapi::GraphJson(outer, Json{{"responses", responses}});
}

}  // namespace

void RegisterRoutes(http::Router& graph, workloads::Service& svc) {
  graph.Add("POST", "/v1.0/$batch", svc.ctx.graph_auth->Protect([&graph](http::Request& r, const graphapi::Caller&) {
    return Run(graph, r);
  }));
}

}  // namespace m365sim::batch
