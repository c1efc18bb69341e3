// GraphClient's decisions on a scripted peer: what is retried, after how long, with which token, and what is
// not. Real Graph shapes and faults are exercised against m365sim in tests/e2e/graph_e2e_test.cc.
#include "graph/graph_client.h"

#include <gtest/gtest.h>

#include "graph/batch.h"
#include "graph/delta.h"
#include "graph/download.h"
#include "graph/paging.h"
#include "graph/upload_session.h"
#include "http/scripted_server.h"

namespace ark::graph {
namespace {

using http::testing::ScriptedReply;
using http::testing::ScriptedRequest;
using http::testing::ScriptedServer;
using namespace std::chrono_literals;

class GraphClientTest : public ::testing::Test {
 protected:
  void Start(ScriptedServer::Script script) {
    server_ = std::make_unique<ScriptedServer>(std::move(script));
    http_ = std::move(http::HttpClient::Create({}).value());
    tokens_ = std::make_shared<identity::CachingTokenProvider>([this]() -> Result<identity::TokenSet> {
      identity::TokenSet t;
      t.access.value = Secret("token-" + std::to_string(++issued_));
      t.access.obtained_at = std::chrono::system_clock::now();
      t.access.expires_at = t.access.obtained_at + 1h;
      return t;
    });
    GraphOptions o;
    o.base_url = server_->Url("/v1.0");
    o.sleep = [this](std::chrono::milliseconds d) { slept_.push_back(d); };
    o.pacing.enabled = false;
    o.clock = [] { return *ParseHttpDate("Wed, 21 Oct 2026 07:28:00 GMT"); };
    client_ = std::make_unique<GraphClient>(*http_, tokens_, o);
  }
  std::vector<ScriptedRequest> Requests() { return server_->requests(); }

  std::unique_ptr<ScriptedServer> server_;
  std::unique_ptr<http::HttpClient> http_;
  std::shared_ptr<identity::TokenProvider> tokens_;
  std::unique_ptr<GraphClient> client_;
  std::vector<std::chrono::milliseconds> slept_;
  int issued_ = 0;
};

const char* kThrottled = R"({"error":{"code":"TooManyRequests","message":"Please retry again later."}})";

TEST_F(GraphClientTest, RetryAfterInAllThreeFormsIsHonouredExactly) {
  int n = 0;
  Start([&](const ScriptedRequest&) {
    switch (++n) {
      case 1:
        return ScriptedServer::Reply(429, kThrottled, {{"Retry-After", "2"}});
      case 2:
        return ScriptedServer::Reply(429, kThrottled, {{"Retry-After", "2.128"}});
      case 3:
        return ScriptedServer::Reply(503, "", {{"Retry-After", "Wed, 21 Oct 2026 07:28:07 GMT"}});
      default:
        return ScriptedServer::Reply(200, R"({"value":[]})");
    }
  });
  Result<nlohmann::json> page = client_->GetJson("/users", "listing users");
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(slept_, (std::vector<std::chrono::milliseconds>{2000ms, 2128ms, 7000ms}));
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 4u);
  // One client-request-id for the logical request; Retry-Attempt counts.
  EXPECT_EQ(requests[0].headers.GetOr("client-request-id"), requests[3].headers.GetOr("client-request-id"));
  EXPECT_FALSE(requests[0].headers.Has("Retry-Attempt"));
  EXPECT_EQ(requests[3].headers.GetOr("Retry-Attempt"), "3");
  EXPECT_EQ(client_->stats().throttled, 3u);
}

TEST_F(GraphClientTest, BackoffWithJitterWhenNoRetryAfterAndAttemptsAreBounded) {
  Start([](const ScriptedRequest&) { return ScriptedServer::Reply(504, ""); });
  Result<nlohmann::json> page = client_->GetJson("/users", "listing users");
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(Requests().size(), 8u);
  ASSERT_EQ(slept_.size(), 7u);
  for (size_t i = 0; i < slept_.size(); ++i) {
    double step = std::min(60000.0, 1000.0 * (1 << i));
    EXPECT_GE(slept_[i].count(), step / 2) << i;
    EXPECT_LE(slept_[i].count(), step) << i;
  }
}

TEST_F(GraphClientTest, OneTokenRefreshOn401ThenGiveUp) {
  int n = 0;
  Start([&](const ScriptedRequest& r) {
    ++n;
    if (r.headers.GetOr("Authorization") == "Bearer token-1") {
      return ScriptedServer::Reply(
          401,
          R"({"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}})");
    }
    return ScriptedServer::Reply(200, R"({"id":"x"})");
  });
  ASSERT_TRUE(client_->GetJson("/me", "reading me").ok());
  EXPECT_EQ(n, 2);
  EXPECT_EQ(issued_, 2);
  EXPECT_EQ(client_->stats().token_refreshes, 1u);
}

TEST_F(GraphClientTest, PersistentUnauthorizedIsNotRetriedForever) {
  Start([](const ScriptedRequest&) {
    return ScriptedServer::Reply(401, R"({"error":{"code":"InvalidAuthenticationToken"}})");
  });
  Result<nlohmann::json> r = client_->GetJson("/me", "reading me");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Requests().size(), 2u);
}

TEST_F(GraphClientTest, ClientErrorsAreNeverRetried) {
  for (int status : {400, 403, 404}) {
    Start([status](const ScriptedRequest&) {
      return ScriptedServer::Reply(status,
                                   R"({"error":{"code":"ErrorAccessDenied","message":"Access is denied."}})",
                                   {{"request-id", "rid-7"}});
    });
    Result<nlohmann::json> r = client_->GetJson("/users/x/messages", "reading the mail of x");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(Requests().size(), 1u) << status;
    EXPECT_NE(r.status().message().find("request-id rid-7"), std::string::npos) << r.status().message();
    EXPECT_TRUE(r.status().message().starts_with("reading the mail of x: ")) << r.status().message();
  }
  EXPECT_TRUE(slept_.empty());
}

TEST_F(GraphClientTest, ConnectionResetIsRetriedForReadsNotForCreates) {
  int n = 0;
  Start([&](const ScriptedRequest& r) {
    ++n;
    if (r.method == "POST" || n == 1) return ScriptedReply{"", ScriptedReply::Then::kClose};
    ScriptedReply ok = ScriptedServer::Reply(200, R"({"ok":true})");
    ok.then = ScriptedReply::Then::kClose;  // the POST below gets a fresh connection
    return ok;
  });
  ASSERT_TRUE(client_->GetJson("/users", "listing").ok());
  EXPECT_EQ(n, 2);
  n = 0;
  Result<nlohmann::json> created =
      client_->SendJson("POST", "/users/x/messages", {{"subject", "s"}}, "restoring");
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(n, 1);  // a POST may have been applied: not replayed blindly
}

TEST_F(GraphClientTest, DamagedJsonIsFetchedAgain) {
  int n = 0;
  Start([&](const ScriptedRequest&) {
    return ScriptedServer::Reply(200, ++n == 1 ? R"({"value":[{"id":)" : R"({"value":[]})");
  });
  ASSERT_TRUE(client_->GetJson("/users", "listing").ok());
  EXPECT_EQ(n, 2);
}

TEST_F(GraphClientTest, PagingFollowsNextLinkVerbatimAndResendsHeaders) {
  std::string odd_link;
  Start([&](const ScriptedRequest& r) {
    if (r.target == "/v1.0/users?$top=2") {
      return ScriptedServer::Reply(
          200, R"({"value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":")" + odd_link + "\"}");
    }
    if (r.target == "/other/path?$skiptoken=X%2BY%3D&$top=2")
      return ScriptedServer::Reply(200, R"({"value":[]})");
    return ScriptedServer::Reply(404, "");
  });
  odd_link = server_->Url("/other/path?$skiptoken=X%2BY%3D&$top=2");
  std::vector<std::string> ids;
  Status s = ForEachItem(*client_, "/users?$top=2", "listing users",
                         [&](nlohmann::json& item) {
                           ids.push_back(item["id"]);
                           return Status::Ok();
                         },
                         {{"ConsistencyLevel", "eventual"}});
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2"}));
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].headers.GetOr("ConsistencyLevel"), "eventual");
}

TEST_F(GraphClientTest, DeltaCheckpointsEachPageAndRestartsOn410) {
  bool expired = true;
  Start([&](const ScriptedRequest& r) {
    if (r.target.find("deltatoken=old") != std::string::npos && expired) {
      return ScriptedServer::Reply(
          410,
          R"({"error":{"code":"SyncStateNotFound","message":"The sync state generation is not found"}})");
    }
    if (r.target == "/v1.0/users/u/mailFolders/inbox/messages/delta") {
      return ScriptedServer::Reply(
          200, R"({"value":[{"id":"a"}],"@odata.nextLink":")" + server_->Url("/v1.0/d?$skiptoken=1") + "\"}");
    }
    if (r.target == "/v1.0/d?$skiptoken=1") {
      return ScriptedServer::Reply(
          200, R"({"value":[{"id":"b","@removed":{"reason":"deleted"}}],"@odata.deltaLink":")" +
                   server_->Url("/v1.0/d?$deltatoken=new") + "\"}");
    }
    return ScriptedServer::Reply(404, "");
  });
  DeltaCursor cursor{"/users/u/mailFolders/inbox/messages/delta", "",
                     server_->Url("/v1.0/d?$deltatoken=old")};
  std::vector<DeltaCursor> checkpoints;
  std::vector<std::string> resyncs;
  int items = 0;
  DeltaCallbacks cb;
  cb.on_items = [&](nlohmann::json& page) {
    items += static_cast<int>(page.size());
    return Status::Ok();
  };
  cb.checkpoint = [&](const DeltaCursor& c) {
    checkpoints.push_back(c);
    return Status::Ok();
  };
  cb.on_resync = [&](const std::string& why) {
    resyncs.push_back(why);
    return Status::Ok();
  };
  Result<DeltaRound> round = RunDeltaRound(*client_, cursor, "mail delta of u/inbox", cb);
  ASSERT_TRUE(round.ok()) << round.status().message();
  EXPECT_TRUE(round->resynced);
  EXPECT_TRUE(round->full);
  EXPECT_EQ(round->pages, 2);
  EXPECT_EQ(items, 2);
  EXPECT_EQ(resyncs, (std::vector<std::string>{"SyncStateNotFound"}));
  ASSERT_EQ(checkpoints.size(), 2u);
  EXPECT_EQ(checkpoints[0].next_link, server_->Url("/v1.0/d?$skiptoken=1"));
  EXPECT_EQ(cursor.next_link, "");
  EXPECT_EQ(cursor.delta_link, server_->Url("/v1.0/d?$deltatoken=new"));
}

TEST_F(GraphClientTest, BatchResendsOnlyThrottledItemsAfterTheirRetryAfter) {
  int round = 0;
  Start([&](const ScriptedRequest& r) {
    nlohmann::json body = nlohmann::json::parse(r.body);
    nlohmann::json responses = nlohmann::json::array();
    ++round;
    for (const auto& req : body["requests"]) {
      std::string id = req["id"];
      if (round == 1 && id == "2") {
        responses.push_back({{"id", id},
                             {"status", 429},
                             {"headers", {{"Retry-After", "3"}}},
                             {"body", nlohmann::json::parse(kThrottled)}});
      } else if (round == 1 && id == "3") {
        responses.push_back(
            {{"id", id}, {"status", 404}, {"body", {{"error", {{"code", "ErrorItemNotFound"}}}}}});
      } else {
        responses.push_back({{"id", id}, {"status", 200}, {"body", {{"url", req["url"]}, {"round", round}}}});
      }
    }
    std::reverse(responses.begin(), responses.end());  // Graph may answer in any order
    return ScriptedServer::Reply(200, nlohmann::json({{"responses", responses}}).dump());
  });
  std::vector<BatchItem> items = {{"1", "GET", "/users/u/messages/a", {}, {}, {}},
                                  {"2", "GET", server_->Url("/v1.0/users/u/messages/b"), {}, {}, {}},
                                  {"3", "GET", "/users/u/messages/c", {}, {}, {}}};
  Result<std::vector<BatchResult>> results = SendBatch(*client_, items, "reading three messages");
  ASSERT_TRUE(results.ok()) << results.status().message();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].status, 200);
  EXPECT_EQ((*results)[1].status, 200);
  EXPECT_EQ((*results)[1].body["round"], 2);
  EXPECT_EQ((*results)[1].body["url"], "/users/u/messages/b");  // relative inside the batch
  EXPECT_EQ((*results)[2].status, 404);                         // final, not resent
  EXPECT_EQ(slept_, (std::vector<std::chrono::milliseconds>{3000ms}));
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(requests[1].body)["requests"].size(), 1u);
  std::vector<BatchItem> too_many(21);
  EXPECT_EQ(SendBatch(*client_, too_many, "x").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(GraphClientTest, DownloadFollowsRedirectWithoutAuthorizationAndResumesWithRange) {
  std::string content(1 << 20, '\0');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7);
  int downloads = 0;
  Start([&](const ScriptedRequest& r) {
    if (r.target == "/v1.0/drives/d/items/i/content") {
      return ScriptedServer::Reply(302, "", {{"Location", server_->Url("/dl/abc?tempauth=t")}});
    }
    ++downloads;
    if (downloads == 1) {  // cut after 300,000 bytes
      return ScriptedReply{"HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(content.size()) +
                               "\r\n\r\n" + content.substr(0, 300000),
                           ScriptedReply::Then::kClose};
    }
    if (downloads == 2) return ScriptedServer::Reply(401, "expired");  // the signed URL expired meanwhile
    std::string range = r.headers.GetOr("Range");
    size_t from = std::stoul(range.substr(6));
    return ScriptedServer::Reply(
        206, content.substr(from),
        {{"Content-Range", "bytes " + std::to_string(from) + "-" + std::to_string(content.size() - 1) + "/" +
                               std::to_string(content.size())}});
  });
  http::StringSink sink;
  Result<DownloadResult> r = Download(*client_, "/drives/d/items/i/content", sink, "downloading i");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(sink.data(), content);
  EXPECT_EQ(r->bytes, content.size());
  EXPECT_EQ(r->resumes, 1);
  EXPECT_EQ(r->url_refreshes, 1);
  for (const ScriptedRequest& q : Requests()) {
    bool graph = q.target.starts_with("/v1.0/");
    EXPECT_EQ(q.headers.Has("Authorization"), graph) << q.target;
  }
  EXPECT_EQ(Requests().back().headers.GetOr("Range"), "bytes=300000-");
}

TEST_F(GraphClientTest, DownloadSkipsBytesWhenTheServerIgnoresRange) {
  std::string content = "0123456789abcdefghij";
  int n = 0;
  Start([&](const ScriptedRequest&) {
    if (++n == 1) {
      return ScriptedReply{"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456",
                           ScriptedReply::Then::kClose};
    }
    return ScriptedServer::Reply(200, content);  // no Range support: everything again
  });
  http::StringSink sink;
  Result<DownloadResult> r = Download(*client_, "/users/u/messages/m/$value", sink, "MIME of m");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(sink.data(), content);
}

class PatternFile final : public RandomAccessSource {
 public:
  explicit PatternFile(uint64_t size) : size_(size) {}
  uint64_t size() const override { return size_; }
  Result<size_t> ReadAt(uint64_t offset, std::span<char> buffer) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size_ - offset));
    for (size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>((offset + i) % 251);
    return n;
  }

 private:
  uint64_t size_;
};

TEST_F(GraphClientTest, UploadSessionSendsAlignedFragmentsAndResumesFromTheSessionStatus) {
  const uint64_t total = 3 * kUploadFragmentUnit + 1000;
  std::string received;
  int puts = 0;
  Start([&](const ScriptedRequest& r) {
    if (r.method == "POST") {
      return ScriptedServer::Reply(200, R"({"uploadUrl":")" + server_->Url("/up/s1") +
                                            R"(","expirationDateTime":"2099-01-01T00:00:00Z"})");
    }
    if (r.method == "GET") {
      return ScriptedServer::Reply(
          200, R"({"nextExpectedRanges":[")" + std::to_string(received.size()) + R"(-"]})");
    }
    ++puts;
    std::string range = r.headers.GetOr("Content-Range");
    uint64_t from = std::stoull(range.substr(6));
    if (from != received.size()) {  // as Graph: a range it already has
      return ScriptedServer::Reply(416, R"({"error":{"code":"invalidRange","message":"fragmentOverlap"}})");
    }
    if (puts == 2) {  // the service stores the fragment but the connection dies before the answer
      received += r.body;
      return ScriptedReply{"", ScriptedReply::Then::kClose};
    }
    received += r.body;
    if (received.size() == total)
      return ScriptedServer::Reply(201, R"({"id":"01NEW","size":)" + std::to_string(total) + "}");
    return ScriptedServer::Reply(202,
                                 R"({"nextExpectedRanges":[")" + std::to_string(received.size()) + R"(-"]})");
  });
  PatternFile file(total);
  UploadOptions o;
  o.fragment_size = kUploadFragmentUnit;
  Result<UploadResult> r = UploadWithSession(*client_, "/drives/d/items/p:/big.bin:/createUploadSession",
                                             {{"item", {{"@microsoft.graph.conflictBehavior", "replace"}}}},
                                             file, "uploading big.bin", o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->item["id"], "01NEW");
  EXPECT_EQ(received.size(), total);
  std::string expected(total, '\0');
  ASSERT_TRUE(PatternFile(total).ReadAt(0, expected).ok());
  EXPECT_TRUE(received == expected);
  for (const ScriptedRequest& q : Requests()) {
    EXPECT_EQ(q.headers.Has("Authorization"), q.method == "POST") << q.method << " " << q.target;
    if (q.method == "PUT" && q.body.size() != 1000) {
      EXPECT_EQ(q.body.size() % kUploadFragmentUnit, 0u);
    }
  }
  o.fragment_size = 1000;
  EXPECT_EQ(UploadWithSession(*client_, "/x", {}, file, "x", o).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(GraphClientTest, ExpiredUploadSessionIsCreatedAgain) {
  int sessions = 0;
  std::string received;
  Start([&](const ScriptedRequest& r) {
    if (r.method == "POST") {
      ++sessions;
      received.clear();
      return ScriptedServer::Reply(
          200, R"({"uploadUrl":")" + server_->Url("/up/s" + std::to_string(sessions)) + "\"}");
    }
    if (r.target == "/up/s1") {
      return ScriptedServer::Reply(
          404, R"({"error":{"code":"itemNotFound","message":"The upload session was not found"}})");
    }
    received += r.body;
    return ScriptedServer::Reply(201, R"({"id":"01NEW"})");
  });
  PatternFile file(5000);
  Result<UploadResult> r =
      UploadWithSession(*client_, "/drives/d/items/p:/a:/createUploadSession", {}, file, "a");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->session_restarts, 1);
  EXPECT_EQ(received.size(), 5000u);
}

}  // namespace
}  // namespace ark::graph
