// SendBatch: building $batch bodies, matching responses by id, and re-sending throttled items.
#include "graph/batch.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "graph/graph_error.h"

namespace ark::graph {
namespace {

bool Retryable(int status) { return status == 429 || status == 503 || status == 504 || status == 424; }

// The URL relative to the version root, as $batch wants it.
std::string Relative(const GraphClient& client, const std::string& url) {
  const std::string& base = client.options().base_url;
  if (url.starts_with(base)) return url.substr(base.size());
  return url.starts_with('/') ? url : "/" + url;
}

nlohmann::json BatchBody(const GraphClient& client, const std::vector<const BatchItem*>& items,
                         const std::set<std::string>& present) {
  nlohmann::json requests = nlohmann::json::array();
  for (const BatchItem* item : items) {
    nlohmann::json r = {{"id", item->id}, {"method", item->method}, {"url", Relative(client, item->url)}};
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [k, v] : item->headers.fields()) headers[k] = v;
    if (item->body) {
      r["body"] = *item->body;
      if (!item->headers.Has("Content-Type")) headers["Content-Type"] = "application/json";
    }
    if (!headers.empty()) r["headers"] = headers;
    nlohmann::json depends = nlohmann::json::array();
    for (const std::string& d : item->depends_on) {
      if (present.contains(d)) depends.push_back(d);  // a dependency already done is no longer one
    }
    if (!depends.empty()) r["dependsOn"] = depends;
    requests.push_back(std::move(r));
  }
  return {{"requests", requests}};
}

BatchResult ParseResult(const nlohmann::json& r) {
  BatchResult out;
  out.id = r.value("id", "");
  out.status = r.value("status", 0);
  if (auto h = r.find("headers"); h != r.end() && h->is_object()) {
    for (const auto& [k, v] : h->items()) out.headers.Add(k, v.is_string() ? v.get<std::string>() : v.dump());
  }
  if (auto b = r.find("body"); b != r.end()) out.body = *b;
  return out;
}

}  // namespace

Result<std::vector<BatchResult>> SendBatch(GraphClient& client, const std::vector<BatchItem>& items,
                                           std::string_view what, const BatchOptions& options) {
  if (items.empty()) return std::vector<BatchResult>();
  if (items.size() > kMaxBatchItems) {
    return InvalidArgument(std::string(what) + ": a batch holds at most 20 requests, not " +
                           std::to_string(items.size()));
  }
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!index.emplace(items[i].id, i).second) {
      return InvalidArgument(std::string(what) + ": two batch requests share the id '" + items[i].id + "'");
    }
  }
  std::vector<BatchResult> results(items.size());
  std::vector<const BatchItem*> pending;
  pending.reserve(items.size());
  for (const BatchItem& item : items) pending.push_back(&item);
  bool all_reads =
      std::all_of(items.begin(), items.end(), [](const BatchItem& i) { return i.method == "GET"; });

  for (int round = 1; !pending.empty(); ++round) {
    std::set<std::string> present;
    for (const BatchItem* item : pending) present.insert(item->id);
    GraphRequest request;
    request.method = "POST";
    request.url = "/$batch";
    request.body = BatchBody(client, pending, present).dump();
    request.retry_unsafe = all_reads;
    request.what = std::string(what) + " ($batch of " + std::to_string(pending.size()) + ")";
    for (const BatchItem* item : pending) {
      request.demands.push_back({ClassifyRequest(item->method, client.Resolve(item->url)), 1});
    }
    ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client.Send(request));
    if (!response.ok()) return GraphStatus(response, request.what);
    nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || !doc.contains("responses") || !doc["responses"].is_array()) {
      return Unavailable(request.what + ": the $batch answer has no responses (request-id " +
                         response.RequestId() + ")");
    }
    std::vector<const BatchItem*> again;
    std::chrono::milliseconds wait{0};
    bool paused_by_pacer = false;
    std::set<std::string> answered;
    for (const nlohmann::json& r : doc["responses"]) {
      BatchResult result = ParseResult(r);
      auto it = index.find(result.id);
      if (it == index.end() || !present.contains(result.id)) continue;
      answered.insert(result.id);
      if (Retryable(result.status) && round < options.max_rounds) {
        std::optional<std::chrono::milliseconds> delay;
        if (auto h = result.headers.Get("Retry-After"))
          delay = http::ParseRetryAfter(*h, client.options().clock());
        if (delay) wait = std::max(wait, *delay);
        if (result.status == 429 || result.status == 503) {
          const BatchItem& item = items[it->second];
          ThrottleScope scope = ClassifyRequest(item.method, client.Resolve(item.url));
          client.pacer().OnThrottled(scope, delay.value_or(std::chrono::seconds(1)));
          paused_by_pacer = paused_by_pacer || (client.options().pacing.enabled && !scope.key.empty());
        }
        again.push_back(&items[it->second]);
        continue;
      }
      results[it->second] = std::move(result);
    }
    for (const BatchItem* item : pending) {
      if (!answered.contains(item->id)) {
        return Unavailable(request.what + ": the $batch answer lacks the response to '" + item->id +
                           "' (request-id " + response.RequestId() + ")");
      }
    }
    if (!again.empty()) {
      std::sort(again.begin(), again.end(),
                [&](const BatchItem* a, const BatchItem* b) { return index.at(a->id) < index.at(b->id); });
      spdlog::info("graph: {}: {} of {} requests throttled; sending them again (round {})", request.what,
                   again.size(), pending.size(), round + 1);
      if (wait.count() == 0) wait = http::BackoffDelay(client.options().retry, round, http::RandomUnit());
      // Throttled scopes are paused in the pacer, which holds back the next round; otherwise wait here.
      if (!paused_by_pacer) {
        if (client.options().sleep) {
          client.options().sleep(wait);
        } else {
          std::this_thread::sleep_for(wait);
        }
      }
    }
    pending = std::move(again);
  }
  return results;
}

}  // namespace ark::graph
