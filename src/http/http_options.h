// How the HTTP client connects: trust, proxy, timeouts, identification. All of it is configuration.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/config.h"

namespace ark::http {

struct HttpOptions {
  // PEM bundle of the certificate authorities to trust instead of the
  // system's. Verification of the peer and its host name is always on:
  // there is deliberately no switch to turn it off.
  std::optional<std::string> ca_file;
  // Proxy URL ("http://proxy:3128"); unset means the environment's
  // (https_proxy, http_proxy, no_proxy), as curl reads them.
  std::optional<std::string> proxy;
  // Hosts that bypass the proxy ("localhost,.internal"), overriding no_proxy.
  std::optional<std::string> no_proxy;
  // Time allowed to establish a connection (TCP + TLS).
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(30)};
  // A transfer that moves no byte for this long (waiting for headers or in the
  // middle of a body) is aborted as stalled.
  std::chrono::seconds stall_timeout{60};
  // Sent on every request unless the request sets its own.
  std::string user_agent = DefaultUserAgent();
  // Negotiate HTTP/2 over TLS where the server offers it (ALPN).
  bool http2 = true;
  // Largest body kept in memory for a request without a sink (JSON pages).
  uint64_t max_buffered_body = 64ull << 20;
  // Largest error body (non-2xx) kept for diagnosis; the rest is dropped.
  uint64_t max_error_body = 1ull << 20;
  // Idle connection handles kept for reuse.
  int max_idle_handles = 64;

  // "ISV|Ark365|ark365/<version>", the decoration Microsoft asks ISVs to use.
  static std::string DefaultUserAgent();
};

// The [network] section of the configuration file as HttpOptions.
HttpOptions HttpOptionsFromConfig(const Config& config);

}  // namespace ark::http
