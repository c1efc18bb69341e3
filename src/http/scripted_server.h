// Test support for http/: a plain-TCP HTTP/1.1 peer that answers each request with scripted bytes.
//
// It exists to produce, deterministically, what real servers do only under
// failure: resets before the headers, bodies cut short, stalls. The script
// sees the parsed request and returns the exact bytes to write and what to
// do next. Tests of the real TLS/HTTP stack run against m365sim (tests/e2e).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/headers.h"

namespace ark::http::testing {

struct ScriptedRequest {
  std::string method;
  std::string target;
  Headers headers;
  std::string body;
  int connection_index = 0;  // 0 for the first accepted connection
};

struct ScriptedReply {
  std::string bytes;  // written as-is (status line, headers, body)
  enum class Then { kKeepAlive, kClose, kStall } then = Then::kKeepAlive;
};

class ScriptedServer {
 public:
  using Script = std::function<ScriptedReply(const ScriptedRequest&)>;
  explicit ScriptedServer(Script script);
  ~ScriptedServer();

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_.load(); }
  std::vector<ScriptedRequest> requests();

  // A reply with a status, headers and a body (Content-Length set).
  static ScriptedReply Reply(int status, const std::string& body, const Headers& headers = {});

 private:
  void AcceptLoop();
  void Serve(int fd, int index);

  Script script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable stopped_;
  std::vector<ScriptedRequest> requests_;
  std::vector<std::thread> threads_;
  std::vector<int> open_fds_;  // shut down on destruction so that blocked reads return
  std::thread acceptor_;
};

}  // namespace ark::http::testing
