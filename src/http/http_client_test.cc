// HttpClient over a scripted peer: headers, streaming, uploads, and every way a transfer can fail.
#include "http/http_client.h"

#include <gtest/gtest.h>

#include "core/random.h"
#include "http/scripted_server.h"

namespace ark::http {
namespace {

using testing::ScriptedReply;
using testing::ScriptedRequest;
using testing::ScriptedServer;

std::unique_ptr<HttpClient> MakeClient(HttpOptions o = {}) {
  Result<std::unique_ptr<HttpClient>> c = HttpClient::Create(std::move(o));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

TEST(HttpClientTest, SendsUserAgentAndClientRequestIdAndParsesTheResponse) {
  ScriptedServer server([](const ScriptedRequest&) {
    return ScriptedServer::Reply(200, R"({"value":[]})",
                                 {{"request-id", "r-1"}, {"Content-Type", "application/json"}});
  });
  auto client = MakeClient();
  HttpRequest req;
  req.url = server.Url("/v1.0/users?$top=1");
  Result<HttpResponse> r = client->Send(req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"value":[]})");
  EXPECT_EQ(r->RequestId(), "r-1");
  EXPECT_EQ(r->headers.Get("content-type"), "application/json");
  EXPECT_EQ(r->http_version, 11);
  std::vector<ScriptedRequest> seen_all = server.requests();
  ASSERT_EQ(seen_all.size(), 1u);
  const ScriptedRequest& seen = seen_all[0];
  EXPECT_EQ(seen.target, "/v1.0/users?$top=1");
  EXPECT_TRUE(seen.headers.GetOr("User-Agent").starts_with("ISV|Ark365|ark365/"))
      << seen.headers.GetOr("User-Agent");
  EXPECT_TRUE(IsUuid(seen.headers.GetOr("client-request-id")));
  EXPECT_EQ(seen.headers.GetOr("client-request-id"), r->client_request_id);
  EXPECT_FALSE(seen.headers.Has("Expect"));
}

TEST(HttpClientTest, CallerClientRequestIdIsKept) {
  ScriptedServer server([](const ScriptedRequest&) { return ScriptedServer::Reply(204, ""); });
  auto client = MakeClient();
  HttpRequest req;
  req.url = server.Url("/");
  req.headers.Set("client-request-id", "11111111-2222-3333-4444-555555555555");
  ASSERT_TRUE(client->Send(req).ok());
  EXPECT_EQ(server.requests()[0].headers.GetOr("client-request-id"), "11111111-2222-3333-4444-555555555555");
}

TEST(HttpClientTest, ReusesTheConnection) {
  ScriptedServer server([](const ScriptedRequest&) { return ScriptedServer::Reply(200, "ok"); });
  auto client = MakeClient();
  HttpRequest req;
  req.url = server.Url("/a");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client->Send(req).ok());
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(client->stats().requests, 5u);
  EXPECT_EQ(client->stats().connections_opened, 1u);
}

TEST(HttpClientTest, PostsBodyAndCustomMethods) {
  ScriptedServer server(
      [](const ScriptedRequest& r) { return ScriptedServer::Reply(200, r.method + ":" + r.body); });
  auto client = MakeClient();
  for (std::string method : {"POST", "PATCH", "PUT", "DELETE"}) {
    HttpRequest req;
    req.method = method;
    req.url = server.Url("/x");
    req.body = method == "DELETE" ? "" : "grant_type=client_credentials";
    req.headers.Set("Content-Type", "application/x-www-form-urlencoded");
    Result<HttpResponse> r = client->Send(req);
    ASSERT_TRUE(r.ok()) << method << ": " << r.status().message();
    EXPECT_EQ(r->body, method + ":" + std::string(req.body));
  }
  // A POST without a body still says Content-Length: 0 (upload-session commits need it).
  HttpRequest empty;
  empty.method = "POST";
  empty.url = server.Url("/commit");
  ASSERT_TRUE(client->Send(empty).ok());
  EXPECT_EQ(server.requests().back().headers.GetOr("Content-Length"), "0");
}

// A source that produces `size` bytes of a pattern in small pieces.
class PatternSource final : public BodySource {
 public:
  explicit PatternSource(uint64_t size) : size_(size) {}
  uint64_t size() const override { return size_; }
  Result<size_t> Read(std::span<char> buffer) override {
    size_t n = std::min<uint64_t>({buffer.size(), size_ - offset_, 1000});
    for (size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>('a' + (offset_ + i) % 26);
    offset_ += n;
    return n;
  }
  bool Rewind() override {
    offset_ = 0;
    return true;
  }

 private:
  uint64_t size_;
  uint64_t offset_ = 0;
};

TEST(HttpClientTest, StreamsRequestBodyFromSource) {
  ScriptedServer server([](const ScriptedRequest& r) {
    return ScriptedServer::Reply(202, std::to_string(r.body.size()) + " " + r.body.substr(26, 3));
  });
  auto client = MakeClient();
  PatternSource source(3 * 1024 * 1024 + 7);
  HttpRequest req;
  req.method = "PUT";
  req.url = server.Url("/upload");
  req.body_source = &source;
  Result<HttpResponse> r = client->Send(req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 202);
  EXPECT_EQ(r->body, std::to_string(3 * 1024 * 1024 + 7) + " abc");
}

TEST(HttpClientTest, SuccessBodyGoesToSinkErrorBodyDoesNot) {
  std::string big(5 * 1024 * 1024, 'z');
  ScriptedServer server([&](const ScriptedRequest& r) {
    if (r.target == "/ok") return ScriptedServer::Reply(200, big, {{"ETag", "\"1\""}});
    return ScriptedServer::Reply(404, R"({"error":{"code":"itemNotFound"}})");
  });
  auto client = MakeClient();

  class CountingSink final : public BodySink {
   public:
    Status Begin(int status, const Headers& headers) override {
      began_with = status;
      etag = headers.GetOr("ETag");
      return Status::Ok();
    }
    Status Write(std::string_view chunk) override {
      bytes += chunk.size();
      ++chunks;
      return Status::Ok();
    }
    int began_with = 0;
    std::string etag;
    uint64_t bytes = 0;
    int chunks = 0;
  };
  CountingSink sink;
  HttpRequest req;
  req.url = server.Url("/ok");
  req.sink = &sink;
  Result<HttpResponse> r = client->Send(req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(sink.began_with, 200);
  EXPECT_EQ(sink.etag, "\"1\"");
  EXPECT_EQ(sink.bytes, big.size());
  EXPECT_GT(sink.chunks, 1);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(r->body_bytes, big.size());

  CountingSink untouched;
  req.url = server.Url("/missing");
  req.sink = &untouched;
  r = client->Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(untouched.bytes, 0u);
  EXPECT_EQ(untouched.began_with, 0);
  EXPECT_NE(r->body.find("itemNotFound"), std::string::npos);
}

TEST(HttpClientTest, SinkErrorAbortsTransferAndIsReturned) {
  ScriptedServer server(
      [](const ScriptedRequest&) { return ScriptedServer::Reply(200, std::string(1 << 20, 'x')); });
  auto client = MakeClient();
  class FullDisk final : public BodySink {
    Status Write(std::string_view) override { return ResourceExhausted("disk full"); }
  } sink;
  HttpRequest req;
  req.url = server.Url("/f");
  req.sink = &sink;
  Result<HttpResponse> r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(r.status().message(), "disk full");
}

TEST(HttpClientTest, BufferedBodiesAreBounded) {
  ScriptedServer server([](const ScriptedRequest& r) {
    return ScriptedServer::Reply(r.target == "/err" ? 500 : 200, std::string(10000, 'e'));
  });
  HttpOptions o;
  o.max_buffered_body = 4096;
  o.max_error_body = 100;
  auto client = MakeClient(o);
  HttpRequest req;
  req.url = server.Url("/big");
  Result<HttpResponse> r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  req.url = server.Url("/err");
  r = client->Send(req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.size(), 100u);
}

TEST(HttpClientTest, RedirectsAreReturnedNotFollowed) {
  ScriptedServer server([](const ScriptedRequest&) {
    return ScriptedServer::Reply(302, "", {{"Location", "https://files.example/dl?tempauth=abc"}});
  });
  auto client = MakeClient();
  HttpRequest req;
  req.url = server.Url("/content");
  Result<HttpResponse> r = client->Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(r->headers.Get("Location"), "https://files.example/dl?tempauth=abc");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpClientTest, InterimResponsesAreSkipped) {
  ScriptedServer server([](const ScriptedRequest&) {
    ScriptedReply reply = ScriptedServer::Reply(201, "made");
    reply.bytes = "HTTP/1.1 100 Continue\r\n\r\n" + reply.bytes;
    return reply;
  });
  auto client = MakeClient();
  HttpRequest req;
  req.method = "POST";
  req.url = server.Url("/");
  req.body = "x";
  Result<HttpResponse> r = client->Send(req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "made");
}

TEST(HttpClientTest, ResetBeforeHeadersIsUnavailable) {
  ScriptedServer server([](const ScriptedRequest&) {
    return ScriptedReply{"", ScriptedReply::Then::kClose};
  });
  auto client = MakeClient();
  HttpRequest req;
  req.url = server.Url("/");
  Result<HttpResponse> r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("closed the connection before sending a response"), std::string::npos)
      << r.status().message();
}

TEST(HttpClientTest, TruncatedBodyIsUnavailableAndNamesTheBytes) {
  ScriptedServer server([](const ScriptedRequest&) {
    return ScriptedReply{"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + std::string(400, 'b'),
                         ScriptedReply::Then::kClose};
  });
  auto client = MakeClient();
  StringSink sink;
  HttpRequest req;
  req.url = server.Url("/");
  req.sink = &sink;
  Result<HttpResponse> r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("truncated after 400 body bytes"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(sink.data().size(), 400u);
}

TEST(HttpClientTest, StalledTransferIsAbortedByTheStallTimeout) {
  ScriptedServer server([](const ScriptedRequest&) {
    return ScriptedReply{"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc", ScriptedReply::Then::kStall};
  });
  HttpOptions o;
  o.stall_timeout = std::chrono::seconds(1);
  auto client = MakeClient(o);
  HttpRequest req;
  req.url = server.Url("/");
  Result<HttpResponse> r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("stalled"), std::string::npos) << r.status().message();
}

TEST(HttpClientTest, RequestTimeoutIsDeadlineExceeded) {
  ScriptedServer server([](const ScriptedRequest&) {
    return ScriptedReply{"", ScriptedReply::Then::kStall};
  });
  auto client = MakeClient();
  HttpRequest req;
  req.url = server.Url("/");
  req.timeout = std::chrono::milliseconds(300);
  Result<HttpResponse> r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
}

TEST(HttpClientTest, RefusedConnectionAndBadUrl) {
  auto client = MakeClient();
  int port;
  {
    ScriptedServer gone([](const ScriptedRequest&) { return ScriptedReply{}; });
    port = gone.port();
  }
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  Result<HttpResponse> r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("cannot connect to http://127.0.0.1:"), std::string::npos);
  req.url = "ftp://example.com/x";
  r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(HttpClientTest, MissingCaFileIsAConfigurationError) {
  HttpOptions o;
  o.ca_file = "/nonexistent/ca.pem";
  Result<std::unique_ptr<HttpClient>> c = HttpClient::Create(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("network.ca_file"), std::string::npos);
}

TEST(HttpClientTest, ProxyFromOptionsAndNoProxyBypass) {
  ScriptedServer proxy(
      [](const ScriptedRequest& r) { return ScriptedServer::Reply(200, "via proxy: " + r.target); });
  HttpOptions o;
  o.proxy = proxy.Url("");
  auto client = MakeClient(o);
  HttpRequest req;
  req.url = "http://graph.example.invalid/v1.0/users";
  Result<HttpResponse> r = client->Send(req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->body, "via proxy: http://graph.example.invalid/v1.0/users");
  o.no_proxy = "example.invalid";
  auto direct = MakeClient(o);
  r = direct->Send(req);
  ASSERT_FALSE(r.ok());  // bypassing the proxy, the made-up host does not resolve
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(proxy.requests().size(), 1u);
}

TEST(HttpClientTest, ConcurrentSendsFromManyThreads) {
  ScriptedServer server([](const ScriptedRequest& r) { return ScriptedServer::Reply(200, r.target); });
  auto client = MakeClient();
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        HttpRequest req;
        req.url = server.Url("/" + std::to_string(t) + "/" + std::to_string(i));
        Result<HttpResponse> r = client->Send(req);
        if (r.ok() && r->body == "/" + std::to_string(t) + "/" + std::to_string(i)) ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 160);
  EXPECT_LE(server.connections(), 8);
}

}  // namespace
}  // namespace ark::http
