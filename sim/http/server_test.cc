// Tests of HttpsServer over real TLS with libcurl: keep-alive, streamed bodies, limits, aborts, concurrency.
#include "http/server.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "tls/certificate_store.h"

namespace m365sim::http {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char dir[] = "/tmp/m365sim-server-test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    state_dir_ = new std::string(dir);
    auto tls = tls::EnsureServerTls(*state_dir_);
    ASSERT_TRUE(tls.ok()) << tls.status().ToString();
    tls_ = new tls::ServerTls(*tls);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*state_dir_);
    delete state_dir_;
    delete tls_;
  }

  void Start(size_t max_body = 1 << 20) {
    router_.Add("GET", "/hello", [](Request& r) {
      return Response::Json(200, {{"path", r.path}, {"listener", r.listener}});
    });
    router_.Add("POST", "/echo",
                [](Request& r) { return Response::Text(200, std::to_string(r.body.size())); });
    router_.Add("GET", "/stream/{bytes}", [](Request& r) {
      auto remaining = std::make_shared<size_t>(std::stoull(std::string(r.Param("bytes"))));
      Response res;
      res.content_length = *remaining;
      res.producer = [remaining, counter = std::make_shared<uint8_t>(0)](
                         char* buf, size_t cap) -> std::optional<size_t> {
        size_t n = std::min(cap, *remaining);
        for (size_t i = 0; i < n; ++i) buf[i] = static_cast<char>((*counter)++);
        *remaining -= n;
        return n;
      };
      return res;
    });
    router_.Add("GET", "/chunked", [](Request&) {
      Response res;
      res.producer = [n = std::make_shared<int>(0)](char* buf, size_t) -> std::optional<size_t> {
        if (*n == 3) return 0;
        buf[0] = static_cast<char>('a' + (*n)++);
        return 1;
      };
      return res;
    });
    router_.Add("GET", "/abort-mid-body", [](Request&) {
      Response res;
      res.content_length = 1000;
      res.producer = [sent = std::make_shared<bool>(false)](char* buf, size_t) -> std::optional<size_t> {
        if (*sent) return std::nullopt;
        *sent = true;
        buf[0] = 'x';
        return 1;
      };
      return res;
    });
    router_.Add("GET", "/reset", [](Request&) {
      Response res;
      res.abort_connection = true;
      return res;
    });
    ServerOptions options;
    options.certificate_chain_pem = tls_->chain_pem;
    options.private_key_pem = tls_->key_pem;
    options.max_body_bytes = max_body;
    auto server = HttpsServer::Start(options, {{"graph", "127.0.0.1", 0, &router_}});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    base_ = "https://localhost:" + std::to_string(server_->port("graph"));
  }

  struct Fetched {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    long new_connections = -1;
  };

  CURL* Easy(const std::string& url, std::string* body) {
    CURL* c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CAINFO, tls_->ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(
        c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
          static_cast<std::string*>(out)->append(p, s * n);
          return s * n;
        });
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    return c;
  }

  Fetched Fetch(CURL* c, const std::string& url, const std::string* post = nullptr) {
    Fetched f;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CAINFO, tls_->ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &f.body);
    curl_easy_setopt(
        c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
          static_cast<std::string*>(out)->append(p, s * n);
          return s * n;
        });
    if (post != nullptr) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, post->data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post->size()));
    } else {
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    f.code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f.status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &f.new_connections);
    return f;
  }

  static std::string* state_dir_;
  static tls::ServerTls* tls_;
  Router router_;
  std::unique_ptr<HttpsServer> server_;
  std::string base_;
};

std::string* ServerTest::state_dir_ = nullptr;
tls::ServerTls* ServerTest::tls_ = nullptr;

TEST_F(ServerTest, ServesJsonOverTlsAndKeepsTheConnectionAlive) {
  Start();
  CURL* c = curl_easy_init();
  Fetched first = Fetch(c, base_ + "/HELLO");
  ASSERT_EQ(first.code, CURLE_OK) << curl_easy_strerror(first.code);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(nlohmann::json::parse(first.body)["listener"], "graph");
  Fetched second = Fetch(c, base_ + "/hello");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.new_connections, 0) << "the second request must reuse the connection";
  curl_easy_cleanup(c);
}

TEST_F(ServerTest, AnswersOnIpv6LoopbackToo) {
  Start();
  CURL* c = curl_easy_init();
  Fetched f = Fetch(c, "https://[::1]:" + std::to_string(server_->port("graph")) + "/hello");
  curl_easy_cleanup(c);
  if (f.code == CURLE_COULDNT_CONNECT) GTEST_SKIP() << "no IPv6 on this machine";
  EXPECT_EQ(f.status, 200);
}

TEST_F(ServerTest, StreamsLargeBodiesWithContentLengthOrChunked) {
  Start();
  CURL* c = curl_easy_init();
  const size_t size = 20u << 20;
  Fetched f = Fetch(c, base_ + "/stream/" + std::to_string(size));
  ASSERT_EQ(f.code, CURLE_OK);
  ASSERT_EQ(f.body.size(), size);
  for (size_t i = 0; i < size; i += 4099)
    ASSERT_EQ(static_cast<uint8_t>(f.body[i]), static_cast<uint8_t>(i)) << i;
  Fetched chunked = Fetch(c, base_ + "/chunked");
  EXPECT_EQ(chunked.body, "abc");
  EXPECT_EQ(Fetch(c, base_ + "/hello").new_connections, 0);
  curl_easy_cleanup(c);
}

TEST_F(ServerTest, RejectsBodiesOverTheLimitWith413) {
  Start(1000);
  CURL* c = curl_easy_init();
  std::string small(999, 'x'), big(5000, 'x');
  Fetched ok = Fetch(c, base_ + "/echo", &small);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "999");
  Fetched too_big = Fetch(c, base_ + "/echo", &big);
  EXPECT_EQ(too_big.status, 413);
  curl_easy_cleanup(c);
}

TEST_F(ServerTest, UnknownPathsAnswer404AndAbortsResetTheConnection) {
  Start();
  CURL* c = curl_easy_init();
  EXPECT_EQ(Fetch(c, base_ + "/nothing").status, 404);
  EXPECT_NE(Fetch(c, base_ + "/reset").code, CURLE_OK);
  Fetched partial = Fetch(c, base_ + "/abort-mid-body");
  EXPECT_NE(partial.code, CURLE_OK);
  EXPECT_EQ(partial.body, "x");
  curl_easy_cleanup(c);
}

TEST_F(ServerTest, ServesThreeHundredConcurrentConnections) {
  Start();
  constexpr int kConnections = 300;
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
  std::vector<std::string> bodies(kConnections);
  std::vector<CURL*> easies;
  for (int i = 0; i < kConnections; ++i) {
    CURL* e = Easy(base_ + "/stream/65536", &bodies[static_cast<size_t>(i)]);
    curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    curl_multi_add_handle(multi, e);
    easies.push_back(e);
  }
  int running = 0;
  do {
    curl_multi_perform(multi, &running);
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  } while (running > 0);
  int ok = 0;
  CURLMsg* msg;
  int left = 0;
  while ((msg = curl_multi_info_read(multi, &left)) != nullptr) {
    if (msg->msg == CURLMSG_DONE && msg->data.result == CURLE_OK) ++ok;
  }
  for (CURL* e : easies) {
    curl_multi_remove_handle(multi, e);
    curl_easy_cleanup(e);
  }
  curl_multi_cleanup(multi);
  EXPECT_EQ(ok, kConnections);
  for (const auto& b : bodies) EXPECT_EQ(b.size(), 65536u);
}

}  // namespace
}  // namespace m365sim::http
