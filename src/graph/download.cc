// Download: the redirect to the pre-authenticated URL, Range resumption and URL renewal.
#include "graph/download.h"

#include <spdlog/spdlog.h>

#include "graph/graph_error.h"

namespace ark::graph {
namespace {

// Delivers each byte of the content once across the successive responses.
class ResumingSink final : public http::BodySink {
 public:
  ResumingSink(http::BodySink& inner, DownloadResult& result) : inner_(inner), result_(result) {}

  Status Begin(int status, const http::Headers& headers) override {
    skip_ = 0;
    if (status == 206) {
      // "bytes 1000-1999/5000": the server must resume exactly where we stopped.
      std::string range = headers.GetOr("Content-Range");
      size_t space = range.find(' ');
      uint64_t start = space == std::string::npos ? 0 : std::strtoull(range.c_str() + space + 1, nullptr, 10);
      if (start != delivered_) {
        return DataLoss("the server resumed the download at byte " + std::to_string(start) + " instead of " +
                        std::to_string(delivered_));
      }
    } else if (delivered_ > 0) {
      skip_ = delivered_;  // the whole content again: drop what was delivered
    }
    if (!begun_) {
      begun_ = true;
      result_.headers = headers;
      return inner_.Begin(status, headers);
    }
    return Status::Ok();
  }

  Status Write(std::string_view chunk) override {
    if (skip_ > 0) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(skip_, chunk.size()));
      skip_ -= n;
      chunk.remove_prefix(n);
      if (chunk.empty()) return Status::Ok();
    }
    delivered_ += chunk.size();
    return inner_.Write(chunk);
  }

  uint64_t delivered() const { return delivered_; }

 private:
  http::BodySink& inner_;
  DownloadResult& result_;
  uint64_t delivered_ = 0;
  uint64_t skip_ = 0;
  bool begun_ = false;
};

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}
bool IsExpiredLink(int status) { return status == 401 || status == 403 || status == 404 || status == 410; }

}  // namespace

Result<DownloadResult> Download(GraphClient& client, const std::string& content_url, http::BodySink& sink,
                                std::string_view what, const DownloadOptions& options) {
  DownloadResult result;
  ResumingSink resuming(sink, result);
  std::string download_url;  // the pre-authenticated URL, once known
  int redirects = 0;
  while (true) {
    GraphRequest request;
    request.sink = &resuming;
    request.accept_compressed = false;  // byte ranges must be ranges of the content itself
    request.what = std::string(what);
    bool direct = download_url.empty();
    if (direct) {
      request.url = content_url;
      request.headers = options.headers;
    } else {
      request.url = download_url;
      request.authenticate = false;  // the URL carries its own authorization
      if (resuming.delivered() > 0)
        request.headers.Set("Range", "bytes=" + std::to_string(resuming.delivered()) + "-");
    }
    uint64_t before = resuming.delivered();
    Result<http::HttpResponse> response = client.Send(request);
    if (!response.ok()) {
      bool progressed = resuming.delivered() > before;
      if (response.status().code() == StatusCode::kUnavailable && progressed &&
          result.resumes < options.max_resumes) {
        ++result.resumes;
        spdlog::info("graph: {}: interrupted after {} bytes; resuming ({})", what, resuming.delivered(),
                     response.status().message());
        continue;
      }
      return response.status();
    }
    int status = response->status;
    if (direct && IsRedirect(status)) {
      download_url = response->headers.GetOr("Location");
      if (download_url.empty() || ++redirects > 5) {
        return Unavailable(std::string(what) + ": the content URL redirected without a usable Location");
      }
      continue;
    }
    if (!direct && IsExpiredLink(status) && result.url_refreshes < options.max_resumes) {
      ++result.url_refreshes;
      spdlog::info("graph: {}: the download URL answered {} (expired); asking for a new one", what, status);
      download_url.clear();
      continue;
    }
    if (!response->ok()) return GraphStatus(*response, what);
    result.bytes = resuming.delivered();
    return result;
  }
}

}  // namespace ark::graph
