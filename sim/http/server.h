// HttpsServer: the emulator's HTTPS listeners (Boost.Beast over Asio and OpenSSL, hidden in server.cc).
//
// One multi-threaded io_context serves every listener. Connections are kept
// alive; each request is read whole (bounded by max_body_bytes, 413 beyond),
// handed to the listener's Router on a server thread, and its response is
// written back buffered or streamed (Response::producer) so that a large
// download never sits in memory. TLS 1.2 and 1.3 only.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/router.h"

namespace m365sim::http {

struct ListenerConfig {
  std::string name;  // "login", "graph", "files": Request::listener
  // Address to bind. "127.0.0.1" (the default loopback) also binds [::1] on
  // the same port when the machine has IPv6, so that "localhost" works
  // whichever address a client resolves first.
  std::string host = "127.0.0.1";
  uint16_t port = 0;               // 0: chosen by the OS
  const Router* router = nullptr;  // not owned; must outlive the server
};

struct ServerOptions {
  std::string certificate_chain_pem;  // server certificate (then intermediates), PEM text
  std::string private_key_pem;
  int threads = 2;
  size_t max_body_bytes = 64u << 20;  // Graph upload fragments are < 60 MiB
  std::chrono::seconds idle_timeout{75};
  // Size of the pieces a streamed body is written in.
  size_t stream_chunk_bytes = 256u << 10;
};

class HttpsServer {
 public:
  // Binds every listener and starts the threads. Fails with a message naming
  // the listener and address when a port cannot be bound.
  static ark::Result<std::unique_ptr<HttpsServer>> Start(const ServerOptions& options,
                                                         const std::vector<ListenerConfig>& listeners);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  // The bound port of listener `name`, or 0 if there is none.
  uint16_t port(const std::string& name) const;
  // Stops accepting, closes connections and joins the threads. Idempotent.
  void Stop();

  struct Impl;

 private:
  explicit HttpsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace m365sim::http
