// The libcurl callbacks of a transfer (headers, body, upload) and the mapping of curl errors to Status.
#include "http/transfer.h"

#include <cstdio>

namespace ark::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// "HTTP/1.1 200 OK", "HTTP/2 404" -> the status code, or 0.
int ParseStatusLine(std::string_view line) {
  size_t sp = line.find(' ');
  if (sp == std::string_view::npos || line.size() < sp + 4) return 0;
  int code = 0;
  for (size_t i = sp + 1; i < sp + 4; ++i) {
    char c = line[i];
    if (c < '0' || c > '9') return 0;
    code = code * 10 + (c - '0');
  }
  return code;
}

// Called when the blank line ends the final header block.
bool FinishHeaders(Transfer& t) {
  t.headers_done = true;
  t.response->status = t.block_status;
  if (t.request->sink == nullptr || !t.response->ok()) return true;
  t.to_sink = true;
  Status s = t.request->sink->Begin(t.response->status, t.response->headers);
  if (!s.ok()) {
    t.abort_status = s;
    return false;
  }
  return true;
}

}  // namespace

size_t OnHeaderLine(char* data, size_t size, size_t count, void* userp) {
  auto& t = *static_cast<Transfer*>(userp);
  size_t len = size * count;
  std::string_view line = Trim(std::string_view(data, len));
  if (line.starts_with("HTTP/")) {
    // A new header block: a 1xx interim response was before it, or this is the first.
    t.block_status = ParseStatusLine(line);
    t.response->headers.clear();
    return len;
  }
  if (line.empty()) {
    bool interim = t.block_status >= 100 && t.block_status < 200;
    if (!interim && !t.headers_done && !FinishHeaders(t)) return 0;
    return len;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos && !t.headers_done) {
    t.response->headers.Add(std::string(Trim(line.substr(0, colon))),
                            std::string(Trim(line.substr(colon + 1))));
  }
  return len;
}

size_t OnBodyData(char* data, size_t size, size_t count, void* userp) {
  auto& t = *static_cast<Transfer*>(userp);
  size_t len = size * count;
  t.response->body_bytes += len;
  if (t.to_sink) {
    Status s = t.request->sink->Write(std::string_view(data, len));
    if (!s.ok()) {
      t.abort_status = s;
      return 0;
    }
    return len;
  }
  bool success_without_sink = t.request->sink == nullptr && t.response->ok();
  uint64_t limit = success_without_sink ? t.options->max_buffered_body : t.options->max_error_body;
  std::string& body = t.response->body;
  if (body.size() + len > limit) {
    if (success_without_sink) {
      t.abort_status =
          ResourceExhausted("the response from " + UrlAuthority(t.request->url) + " is larger than " +
                            std::to_string(limit) + " bytes, the most kept in memory");
      return 0;
    }
    body.append(data, limit - body.size());  // an error page: keep its start for diagnosis
    return len;
  }
  body.append(data, len);
  return len;
}

size_t OnReadBody(char* buffer, size_t size, size_t count, void* userp) {
  auto& t = *static_cast<Transfer*>(userp);
  Result<size_t> n = t.source->Read(std::span<char>(buffer, size * count));
  if (!n.ok()) {
    t.abort_status = n.status();
    return CURL_READFUNC_ABORT;
  }
  return *n;
}

int OnSeekBody(void* userp, curl_off_t offset, int origin) {
  auto& t = *static_cast<Transfer*>(userp);
  if (offset == 0 && origin == SEEK_SET && t.source->Rewind()) return CURL_SEEKFUNC_OK;
  return CURL_SEEKFUNC_CANTSEEK;
}

int OnProgress(void* userp, curl_off_t /*dltotal*/, curl_off_t dlnow, curl_off_t /*ultotal*/,
               curl_off_t ulnow) {
  auto& t = *static_cast<Transfer*>(userp);
  auto now = std::chrono::steady_clock::now();
  if (dlnow + ulnow != t.last_bytes) {
    t.last_bytes = dlnow + ulnow;
    t.last_progress = now;
    return 0;
  }
  if (now - t.last_progress < t.options->stall_timeout) return 0;
  t.abort_status = Unavailable(std::string(t.headers_done ? "the download from " : "the request to ") +
                               UrlAuthority(t.request->url) + " stalled: no data moved for " +
                               std::to_string(t.options->stall_timeout.count()) + " s");
  return 1;
}

std::string UrlAuthority(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  return std::string(url.substr(0, end));
}

Status TransportError(CURLcode code, const char* detail, const Transfer& t) {
  std::string where = UrlAuthority(t.request->url);
  std::string curl_says =
      std::string(" (") + (detail != nullptr && *detail ? detail : curl_easy_strerror(code)) + ")";
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return InvalidArgument("cannot send a request to '" + where + "': the URL is not valid" + curl_says);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
      return FailedPrecondition("the TLS certificate of " + where +
                                " is not trusted; if it is issued by a private certificate authority "
                                "(e.g. a TLS-inspecting proxy), set network.ca_file to that authority's PEM "
                                "bundle" +
                                curl_says);
    case CURLE_COULDNT_RESOLVE_HOST:
      return Unavailable("cannot resolve the host of " + where + "; check DNS and network.proxy" + curl_says);
    case CURLE_COULDNT_RESOLVE_PROXY:
      return Unavailable("cannot resolve the proxy host; check network.proxy or https_proxy" + curl_says);
    case CURLE_COULDNT_CONNECT:
      return Unavailable("cannot connect to " + where + curl_says);
    case CURLE_OPERATION_TIMEDOUT:
      if (t.request->timeout.count() > 0) {
        return DeadlineExceeded("the request to " + where + " did not finish within " +
                                std::to_string(t.request->timeout.count()) + " ms" + curl_says);
      }
      return Unavailable("no connection to " + where + " within the connect timeout" + curl_says);
    case CURLE_GOT_NOTHING:
      return Unavailable(where + " closed the connection before sending a response" + curl_says);
    case CURLE_PARTIAL_FILE:
      return Unavailable("the response from " + where + " was truncated after " +
                         std::to_string(t.response->body_bytes) + " body bytes" + curl_says);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      if (t.headers_done) {
        return Unavailable("the connection to " + where + " was lost after " +
                           std::to_string(t.response->body_bytes) + " body bytes" + curl_says);
      }
      return Unavailable("the connection to " + where + " was reset before the response headers" + curl_says);
    case CURLE_SSL_CONNECT_ERROR:
      return Unavailable("the TLS handshake with " + where + " failed" + curl_says);
    case CURLE_OUT_OF_MEMORY:
      return ResourceExhausted("out of memory while talking to " + where);
    default:
      return Unavailable("the request to " + where + " failed" + curl_says);
  }
}

}  // namespace ark::http
