// HttpClient: one exchange per Send(), on a pooled libcurl easy handle.
#include "http/http_client.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>

#include "core/random.h"
#include "http/curl_pool.h"
#include "http/transfer.h"

namespace ark::http {

struct HttpClient::Impl {
  explicit Impl(HttpOptions o) : options(std::move(o)), pool(options.max_idle_handles) {}
  HttpOptions options;
  CurlPool pool;
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> connections{0};
};

namespace {

// Owns the header list of one request.
struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  bool Add(const std::string& line) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next == nullptr) return false;
    list = next;
    return true;
  }
};

// Sets everything of `request` on `h`; false if libcurl ran out of memory.
bool Configure(CURL* h, const HttpOptions& o, const HttpRequest& request, Transfer& t, HeaderList& headers,
               char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  // Verification is always on; a private CA is trusted by bundle, never by switch.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (o.ca_file) {
    curl_easy_setopt(h, CURLOPT_CAINFO, o.ca_file->c_str());
    curl_easy_setopt(h, CURLOPT_PROXY_CAINFO, o.ca_file->c_str());
  }
  if (o.proxy) curl_easy_setopt(h, CURLOPT_PROXY, o.proxy->c_str());
  if (o.no_proxy) curl_easy_setopt(h, CURLOPT_NOPROXY, o.no_proxy->c_str());
  curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, o.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  if (request.timeout.count() > 0)
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 256L * 1024L);
  if (request.accept_compressed) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");

  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeaderLine);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBodyData);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);

  const std::string& method = request.method;
  bool has_body = t.source != nullptr;
  if (method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (has_body) {
    // Every body goes through the read callback with a known length; the
    // custom request string makes it a POST/PATCH/... instead of a PUT.
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t.source->size()));
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &OnReadBody);
    curl_easy_setopt(h, CURLOPT_READDATA, &t);
    curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, &OnSeekBody);
    curl_easy_setopt(h, CURLOPT_SEEKDATA, &t);
    if (method != "PUT") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  }

  bool ok = true;
  for (const auto& [name, value] : request.headers.fields()) {
    // "Name;" is curl's way to send a header with an empty value.
    std::string line = name;
    line += value.empty() ? ";" : ": ";
    line += value;
    ok = ok && headers.Add(line);
  }
  if (!request.headers.Has("client-request-id"))
    ok = ok && headers.Add("client-request-id: " + t.response->client_request_id);
  if (!request.headers.Has("User-Agent")) ok = ok && headers.Add("User-Agent: " + o.user_agent);
  // No "Expect: 100-continue" round trip before bodies.
  ok = ok && headers.Add("Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  return ok;
}

}  // namespace

std::string HttpOptions::DefaultUserAgent() { return std::string("ISV|Ark365|ark365/") + ARK365_VERSION; }

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() = default;

Result<std::unique_ptr<HttpClient>> HttpClient::Create(HttpOptions options) {
  if (options.ca_file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*options.ca_file, ec)) {
      return InvalidArgument("network.ca_file: '" + *options.ca_file +
                             "' is not a readable file; give the path of a PEM bundle of trusted certificate "
                             "authorities");
    }
  }
  if (options.stall_timeout.count() < 1)
    return InvalidArgument("the stall timeout must be at least 1 second");
  return std::unique_ptr<HttpClient>(new HttpClient(std::make_unique<Impl>(std::move(options))));
}

const HttpOptions& HttpClient::options() const { return impl_->options; }

HttpStats HttpClient::stats() const { return {impl_->requests.load(), impl_->connections.load()}; }

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  HttpResponse response;
  response.client_request_id = request.headers.GetOr("client-request-id");
  if (response.client_request_id.empty()) response.client_request_id = NewUuid();

  StringSource string_source(request.body);
  Transfer t;
  t.request = &request;
  t.options = &impl_->options;
  t.response = &response;
  bool has_body = request.body_source != nullptr || !request.body.empty() || request.method == "POST" ||
                  request.method == "PUT" || request.method == "PATCH";
  if (has_body) t.source = request.body_source != nullptr ? request.body_source : &string_source;

  CURL* h = impl_->pool.Acquire();
  if (h == nullptr) return ResourceExhausted("out of memory: cannot create an HTTP handle");
  char error_buffer[CURL_ERROR_SIZE] = {0};
  HeaderList headers;
  CURLcode rc = CURLE_OUT_OF_MEMORY;
  if (Configure(h, impl_->options, request, t, headers, error_buffer)) rc = curl_easy_perform(h);

  long connects = 0;
  long version = 0;
  curl_off_t total_us = 0;
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total_us);
  impl_->pool.Release(h);
  impl_->requests.fetch_add(1, std::memory_order_relaxed);
  impl_->connections.fetch_add(static_cast<uint64_t>(connects), std::memory_order_relaxed);
  response.http_version = version == CURL_HTTP_VERSION_2_0 ? 20 : version == CURL_HTTP_VERSION_3 ? 30 : 11;
  response.elapsed = std::chrono::microseconds(total_us);

  if (!t.abort_status.ok()) return t.abort_status;
  if (rc != CURLE_OK) {
    Status error = TransportError(rc, error_buffer, t);
    spdlog::debug("http: {} {} failed after {} ms: {} (client-request-id {})", request.method, request.url,
                  total_us / 1000, error.message(), response.client_request_id);
    return error;
  }
  spdlog::debug("http: {} {} -> {} in {} ms, {} body bytes, HTTP/{}, client-request-id {}, request-id {}",
                request.method, request.url, response.status, total_us / 1000, response.body_bytes,
                response.http_version == 20 ? "2" : "1.1", response.client_request_id, response.RequestId());
  return response;
}

}  // namespace ark::http
