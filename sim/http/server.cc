// HttpsServer on Boost.Beast: TLS handshake, keep-alive request loop, buffered and streamed responses.
//
// The only translation unit of the emulator that includes Beast and Asio, so
// that their compile cost is paid once. Each connection is a Session running
// on its own strand of one shared io_context; handlers run synchronously on
// the server thread that read the request.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <optional>
#include <thread>

namespace m365sim::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

constexpr std::chrono::seconds kHandshakeTimeout{30};
constexpr std::chrono::seconds kShutdownTimeout{5};
constexpr uint32_t kHeaderLimit = 64u << 10;

struct ListenerState {
  std::string name;
  const Router* router = nullptr;
  const ServerOptions* options = nullptr;
};

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  return Response::Json(status, {{"error", {{"code", code}, {"message", message}}}});
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ssl::context& ctx, const ListenerState& listener)
      : stream_(std::move(socket), ctx), listener_(listener) {}

  void Run() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::OnRun, shared_from_this()));
  }

 private:
  struct Streamed {
    bhttp::response<bhttp::buffer_body> message;
    std::optional<bhttp::response_serializer<bhttp::buffer_body>> serializer;
    BodyProducer producer;
    std::vector<char> buffer;
  };

  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  void OnRun() {
    beast::error_code ec;
    Tcp().socket().set_option(tcp::no_delay(true), ec);
    auto endpoint = Tcp().socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
    Tcp().expires_after(kHandshakeTimeout);
    stream_.async_handshake(ssl::stream_base::server,
                            beast::bind_front_handler(&Session::OnHandshake, shared_from_this()));
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return;  // a client that gave up or does not trust our CA; nothing to answer
    DoRead();
  }

  void DoRead() {
    parser_.emplace();
    parser_->body_limit(listener_.options->max_body_bytes);
    parser_->header_limit(kHeaderLimit);
    Tcp().expires_after(listener_.options->idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t /*bytes*/) {
    if (ec == bhttp::error::end_of_stream) return DoClose();
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;
      version_ = 11;
      return WriteBuffered(
          ErrorResponse(413, "RequestEntityTooLarge", "The request body is larger than allowed."));
    }
    if (ec) return;  // idle timeout, reset or garbage: drop the connection
    auto& message = parser_->get();
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    auto [raw_path, raw_query] = SplitTarget(request.target);
    auto path = DecodePath(raw_path);
    if (!path)
      return WriteBuffered(ErrorResponse(400, "BadRequest", "The request path has a malformed escape."));
    request.path = *path;
    request.raw_query = std::string(raw_query);
    request.query = Params::Parse(raw_query);
    for (const auto& field : message) request.headers.Add(field.name_string(), field.value());
    request.body = std::move(message.body());
    request.listener = listener_.name;
    request.remote_address = remote_address_;
    request.origin = "https://" + std::string(request.headers.Get("Host"));
    parser_.reset();

    Response response;
    try {
      response = listener_.router->Dispatch(request);
    } catch (const std::exception& e) {
      spdlog::error("m365sim: handler for {} {} failed: {}", request.method, request.path, e.what());
      response = ErrorResponse(500, "generalException", "An internal error occurred in the emulator.");
    }
    if (response.abort_connection) return Abort();
    if (response.producer) return WriteStreamed(std::move(response));
    WriteBuffered(std::move(response));
  }

  template <typename Message>
  void CopyHeaders(const Response& response, Message& message) {
    for (const auto& [name, value] : response.headers.fields()) message.insert(name, value);
    if (!response.headers.Has("Date")) message.set(bhttp::field::date, HttpDateNow());
  }

  static std::string HttpDateNow() {
    char buf[64];
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
  }

  void WriteBuffered(Response response) {
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version_);
    CopyHeaders(response, *message);
    message->body() = std::move(response.body);
    message->keep_alive(keep_alive_);
    message->prepare_payload();
    bool close = message->need_eof();
    Tcp().expires_after(listener_.options->idle_timeout);
    bhttp::async_write(stream_, *message,
                       [self = shared_from_this(), message, close](beast::error_code ec, size_t) {
                         if (ec) return;
                         if (close) return self->DoClose();
                         self->DoRead();
                       });
  }

  void WriteStreamed(Response response) {
    streamed_ = std::make_unique<Streamed>();
    auto& s = *streamed_;
    s.message.result(static_cast<bhttp::status>(response.status));
    s.message.version(version_);
    CopyHeaders(response, s.message);
    s.message.keep_alive(keep_alive_);
    if (response.content_length) {
      s.message.content_length(*response.content_length);
    } else {
      s.message.chunked(true);
    }
    s.message.body().data = nullptr;
    s.message.body().more = true;
    s.producer = std::move(response.producer);
    s.buffer.resize(listener_.options->stream_chunk_bytes);
    s.serializer.emplace(s.message);
    Tcp().expires_after(listener_.options->idle_timeout);
    bhttp::async_write_header(stream_, *s.serializer,
                              beast::bind_front_handler(&Session::OnStreamWritten, shared_from_this()));
  }

  void WriteNextPiece() {
    auto& s = *streamed_;
    std::optional<size_t> n;
    try {
      n = s.producer(s.buffer.data(), s.buffer.size());
    } catch (const std::exception& e) {
      spdlog::error("m365sim: body producer failed: {}", e.what());
      n.reset();
    }
    if (!n) return Abort();
    auto& body = s.message.body();
    body.data = *n == 0 ? nullptr : s.buffer.data();
    body.size = *n;
    body.more = *n != 0;
    Tcp().expires_after(listener_.options->idle_timeout);
    bhttp::async_write(stream_, *s.serializer,
                       beast::bind_front_handler(&Session::OnStreamWritten, shared_from_this()));
  }

  void OnStreamWritten(beast::error_code ec, size_t /*bytes*/) {
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) return;
    if (streamed_->serializer->is_done()) {
      bool close = streamed_->message.need_eof();
      streamed_.reset();
      if (close) return DoClose();
      return DoRead();
    }
    WriteNextPiece();
  }

  // Closes the TCP connection at once with a reset, without a TLS close_notify.
  void Abort() {
    beast::error_code ec;
    Tcp().socket().set_option(asio::socket_base::linger(true, 0), ec);
    Tcp().socket().close(ec);
  }

  void DoClose() {
    Tcp().expires_after(kShutdownTimeout);
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ec;
      self->Tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    });
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  const ListenerState& listener_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::unique_ptr<Streamed> streamed_;
  std::string remote_address_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
};

class Acceptor : public std::enable_shared_from_this<Acceptor> {
 public:
  Acceptor(asio::io_context& ioc, ssl::context& ctx, const ListenerState& listener)
      : ioc_(ioc), ctx_(ctx), listener_(listener), acceptor_(asio::make_strand(ioc)) {}

  ark::Status Bind(const tcp::endpoint& endpoint) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec && endpoint.address().is_v6()) acceptor_.set_option(asio::ip::v6_only(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      return ark::Unavailable(ec.message());
    }
    return ark::Status::Ok();
  }

  uint16_t port() const {
    beast::error_code ec;
    auto endpoint = acceptor_.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
  }

  void Start() { DoAccept(); }

  void Close() {
    asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void DoAccept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&Acceptor::OnAccept, shared_from_this()));
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open()) return;
    if (!ec) std::make_shared<Session>(std::move(socket), ctx_, listener_)->Run();
    DoAccept();
  }

  asio::io_context& ioc_;
  ssl::context& ctx_;
  const ListenerState& listener_;
  tcp::acceptor acceptor_;
};

}  // namespace

struct HttpsServer::Impl {
  explicit Impl(int thread_count) : ioc(thread_count), ssl_ctx(ssl::context::tls_server) {}

  ServerOptions options;
  asio::io_context ioc;
  ssl::context ssl_ctx;
  std::vector<std::unique_ptr<ListenerState>> listeners;
  std::vector<std::shared_ptr<Acceptor>> acceptors;
  std::map<std::string, uint16_t> ports;
  std::vector<std::thread> threads;
  bool stopped = false;

  ark::Status ConfigureTls() {
    beast::error_code ec;
    ssl_ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                            ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                        ec);
    if (!ec) ssl_ctx.use_certificate_chain(asio::buffer(options.certificate_chain_pem), ec);
    if (!ec) ssl_ctx.use_private_key(asio::buffer(options.private_key_pem), ssl::context::pem, ec);
    if (ec) return ark::InvalidArgument("the server certificate or key cannot be used: " + ec.message());
    return ark::Status::Ok();
  }

  // Binds `config` (and [::1] beside 127.0.0.1); retries when an OS-chosen v4
  // port happens to be taken on v6.
  ark::Status Listen(const ListenerConfig& config) {
    beast::error_code ec;
    auto address = asio::ip::make_address(config.host, ec);
    if (ec) return ark::InvalidArgument("listen address '" + config.host + "' is not an IP address");
    auto state = std::make_unique<ListenerState>(ListenerState{config.name, config.router, &options});
    for (int attempt = 0; attempt < 20; ++attempt) {
      auto primary = std::make_shared<Acceptor>(ioc, ssl_ctx, *state);
      ark::Status bound = primary->Bind(tcp::endpoint(address, config.port));
      if (!bound.ok()) {
        return ark::Unavailable("cannot listen on " + config.host + ":" + std::to_string(config.port) +
                                " for the " + config.name + " listener: " + bound.message() +
                                "; choose another port or omit the port to let the system pick one");
      }
      uint16_t port = primary->port();
      std::shared_ptr<Acceptor> secondary;
      if (address == asio::ip::make_address("127.0.0.1")) {
        secondary = std::make_shared<Acceptor>(ioc, ssl_ctx, *state);
        ark::Status v6 = secondary->Bind(tcp::endpoint(asio::ip::make_address("::1"), port));
        if (!v6.ok()) {
          secondary.reset();
          // Without IPv6 on the machine, 127.0.0.1 alone is fine; a clash on an
          // OS-chosen port is retried with another port.
          if (config.port == 0 && v6.message().find("in use") != std::string::npos) continue;
        }
      }
      acceptors.push_back(primary);
      if (secondary) acceptors.push_back(secondary);
      ports[config.name] = port;
      listeners.push_back(std::move(state));
      return ark::Status::Ok();
    }
    return ark::Unavailable("cannot find a free port for the " + config.name +
                            " listener on both 127.0.0.1 and ::1");
  }
};

HttpsServer::HttpsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpsServer::~HttpsServer() { Stop(); }

ark::Result<std::unique_ptr<HttpsServer>> HttpsServer::Start(const ServerOptions& options,
                                                             const std::vector<ListenerConfig>& listeners) {
  int threads = std::max(1, options.threads);
  auto impl = std::make_unique<Impl>(threads);
  impl->options = options;
  ARK_RETURN_IF_ERROR(impl->ConfigureTls());
  for (const auto& listener : listeners) {
    if (listener.router == nullptr) return ark::Internal("listener " + listener.name + " has no router");
    ARK_RETURN_IF_ERROR(impl->Listen(listener));
  }
  for (auto& acceptor : impl->acceptors) acceptor->Start();
  for (int i = 0; i < threads; ++i) {
    impl->threads.emplace_back([ioc = &impl->ioc] { ioc->run(); });
  }
  return std::unique_ptr<HttpsServer>(new HttpsServer(std::move(impl)));
}

uint16_t HttpsServer::port(const std::string& name) const {
  auto it = impl_->ports.find(name);
  return it == impl_->ports.end() ? 0 : it->second;
}

void HttpsServer::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  for (auto& acceptor : impl_->acceptors) acceptor->Close();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

}  // namespace m365sim::http
