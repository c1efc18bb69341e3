// Transfer (private to http/): the state of one exchange as libcurl's callbacks see it.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <string>

#include "core/status.h"
#include "http/http_client.h"

namespace ark::http {

struct Transfer {
  const HttpRequest* request = nullptr;
  const HttpOptions* options = nullptr;
  HttpResponse* response = nullptr;
  BodySource* source = nullptr;
  // Status code of the header block being read (1xx blocks are skipped).
  int block_status = 0;
  // The final status line and its headers have been received.
  bool headers_done = false;
  // The body goes to request->sink.
  bool to_sink = false;
  // Stall detection: when bytes last moved in either direction.
  std::chrono::steady_clock::time_point last_progress = std::chrono::steady_clock::now();
  curl_off_t last_bytes = 0;
  // An error raised by the sink, the source or a limit; it wins over curl's code.
  Status abort_status;
};

// libcurl callbacks; `userp` is the Transfer.
size_t OnHeaderLine(char* data, size_t size, size_t count, void* userp);
size_t OnBodyData(char* data, size_t size, size_t count, void* userp);
size_t OnReadBody(char* buffer, size_t size, size_t count, void* userp);
int OnSeekBody(void* userp, curl_off_t offset, int origin);
// Aborts a transfer in which no byte moved for the stall timeout.
int OnProgress(void* userp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

// The error for a failed curl_easy_perform, for an administrator to read:
// what happened, with which host, and what to do about it when we know.
Status TransportError(CURLcode code, const char* detail, const Transfer& transfer);

// "https://host:port" of a URL, without path or query (which may carry tokens).
std::string UrlAuthority(std::string_view url);

}  // namespace ark::http
