// ScriptedServer: a blocking-socket HTTP/1.1 peer for deterministic transport tests.
#include "http/scripted_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace ark::http::testing {
namespace {

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads one request; false when the peer closed the connection.
bool ReadRequest(int fd, std::string& buffer, ScriptedRequest& out) {
  size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    char chunk[8192];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string head = buffer.substr(0, end);
  buffer.erase(0, end + 4);
  size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  size_t sp1 = request_line.find(' ');
  size_t sp2 = request_line.rfind(' ');
  out.method = request_line.substr(0, sp1);
  out.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      size_t v = line.find_first_not_of(' ', colon + 1);
      out.headers.Add(line.substr(0, colon), v == std::string::npos ? "" : line.substr(v));
    }
    pos = next + 2;
  }
  size_t length = std::stoul(out.headers.GetOr("Content-Length", "0"));
  while (buffer.size() < length) {
    char chunk[65536];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  out.body = buffer.substr(0, length);
  buffer.erase(0, length);
  return true;
}

}  // namespace

ScriptedServer::ScriptedServer(Script script) : script_(std::move(script)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("ScriptedServer: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

ScriptedServer::~ScriptedServer() {
  stopping_ = true;
  stopped_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  {
    std::lock_guard lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (std::thread& t : threads_) t.join();
}

std::vector<ScriptedRequest> ScriptedServer::requests() {
  std::lock_guard lock(mu_);
  return requests_;
}

ScriptedReply ScriptedServer::Reply(int status, const std::string& body, const Headers& headers) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " Scripted\r\n";
  for (const auto& [k, v] : headers.fields()) {
    out.append(k).append(": ").append(v).append("\r\n");
  }
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return {out, ScriptedReply::Then::kKeepAlive};
}

void ScriptedServer::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int index = connections_.fetch_add(1);
    std::lock_guard lock(mu_);
    open_fds_.push_back(fd);
    threads_.emplace_back([this, fd, index] { Serve(fd, index); });
  }
}

void ScriptedServer::Serve(int fd, int index) {
  std::string buffer;
  while (!stopping_) {
    ScriptedRequest request;
    request.connection_index = index;
    if (!ReadRequest(fd, buffer, request)) break;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
    }
    ScriptedReply reply = script_(request);
    if (!WriteAll(fd, reply.bytes) || reply.then == ScriptedReply::Then::kClose) break;
    if (reply.then == ScriptedReply::Then::kStall) {
      // Holds the connection open without a byte until the test ends.
      std::unique_lock lock(mu_);
      stopped_.wait(lock, [this] { return stopping_.load(); });
      break;
    }
  }
  std::lock_guard lock(mu_);
  std::erase(open_fds_, fd);
  ::close(fd);
}

}  // namespace ark::http::testing
