// src/graph against m365sim's Graph: paging, delta, MIME and file downloads, uploads, $batch, every fault of
// the issue, and the per-mailbox concurrency limit under the emulator's real limits.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/encoding.h"
#include "core/hash.h"
#include "e2e/sim_fixture.h"
#include "graph/batch.h"
#include "graph/delta.h"
#include "graph/download.h"
#include "graph/graph_client.h"
#include "graph/paging.h"
#include "graph/resources.h"
#include "graph/upload_session.h"
#include "graph/urls.h"
#include "identity/token_client.h"
#include "identity/token_provider.h"

namespace ark::testing {
namespace {

using namespace std::chrono_literals;
using graph::GraphClient;
using graph::GraphOptions;

// Hashes what it receives: the content never sits in memory.
class HashingSink final : public http::BodySink {
 public:
  Status Write(std::string_view chunk) override {
    hasher_.Update(chunk);
    bytes_ += chunk.size();
    return Status::Ok();
  }
  std::string HexDigest() { return HexEncode(hasher_.Finish()); }
  uint64_t bytes() const { return bytes_; }

 private:
  Hasher hasher_{DigestAlgorithm::kSha256};
  uint64_t bytes_ = 0;
};

class PatternFile final : public graph::RandomAccessSource {
 public:
  explicit PatternFile(uint64_t size) : size_(size) {}
  uint64_t size() const override { return size_; }
  Result<size_t> ReadAt(uint64_t offset, std::span<char> buffer) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size_ - offset));
    for (size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>(((offset + i) * 2654435761u) >> 24);
    return n;
  }
  std::string Sha256Hex() {
    Hasher h(DigestAlgorithm::kSha256);
    std::string buf(1 << 16, '\0');
    for (uint64_t at = 0; at < size_;) {
      size_t n = *ReadAt(at, buf);
      h.Update(std::string_view(buf.data(), n));
      at += n;
    }
    return HexEncode(h.Finish());
  }

 private:
  uint64_t size_;
};

class GraphE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = new Sim({"--download-url-lifetime", "60"});
    http_ = std::move(http::HttpClient::Create(sim_->http_options()).value());
    const auto& app = sim_->App("ark365-backup");
    token_client_ = std::make_shared<identity::TokenClient>(
        *http_, identity::Authority{sim_->authority_host(), sim_->tenant_id()},
        identity::AppCredentials{app.at("client_id"), Secret(app.at("client_secret"))},
        identity::SignInContext{"Contoso", "ark365-backup", ""});
    tokens_ = identity::MakeAppTokenProvider(token_client_);
  }
  static void TearDownTestSuite() {
    tokens_.reset();
    token_client_.reset();
    http_.reset();
    delete sim_;
  }
  void SetUp() override { ASSERT_TRUE(sim_->Admin("DELETE", "/faults").ok()); }
  void TearDown() override { ASSERT_TRUE(sim_->Admin("DELETE", "/faults").ok()); }

  static std::unique_ptr<GraphClient> Client(GraphOptions o = {}) {
    o.base_url = sim_->graph_base();
    return std::make_unique<GraphClient>(*http_, tokens_, o);
  }
  static void Fault(nlohmann::json rule) {
    auto r = sim_->Admin("POST", "/faults", rule);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  static std::string Mailbox() { return sim_->Account("user").at("upn"); }

  // The user's inbox id and the SHA-256 of every message of the mailbox, from the ground truth.
  static std::map<std::string, std::string> TruthHashes(const std::string& query) {
    auto truth = sim_->Admin("GET", "/truth?" + query);
    EXPECT_TRUE(truth.ok()) << truth.status().message();
    std::map<std::string, std::string> out;
    for (const auto& item : (*truth)["items"]) {
      if (item.contains("sha256")) out[item["id"]] = item["sha256"];
    }
    return out;
  }
  static std::string InboxId(GraphClient& client) {
    std::string id;
    Status s = graph::ForEachItem(client, graph::urls::MailFolders(Mailbox()), "mail folders",
                                  [&](nlohmann::json& j) {
                                    auto f = graph::ParseMailFolder(j);
                                    if (f.ok() && f->display_name == "Inbox") id = f->id;
                                    return Status::Ok();
                                  });
    EXPECT_TRUE(s.ok()) << s.message();
    return id;
  }
  struct FileInfo {
    std::string drive;
    std::string id;
    uint64_t size = 0;
  };
  // The largest file of the user's OneDrive that is at most `limit` bytes.
  static FileInfo SomeFile(GraphClient& client, uint64_t limit = 16 << 20) {
    auto drive = client.GetJson(graph::urls::UserDrive(Mailbox()), "drive");
    EXPECT_TRUE(drive.ok()) << drive.status().message();
    FileInfo best;
    best.drive = drive.value_or(nlohmann::json::object()).value("id", "");
    graph::DeltaCursor cursor{graph::urls::DriveRootDelta(best.drive), "", ""};
    graph::DeltaCallbacks cb;
    cb.on_items = [&](nlohmann::json& items) {
      for (auto& j : items) {
        auto i = graph::ParseDriveItem(j);
        if (i.ok() && i->is_file && i->size <= limit && i->size >= best.size)
          best = {best.drive, i->id, i->size};
      }
      return Status::Ok();
    };
    auto round = graph::RunDeltaRound(client, cursor, "drive delta", cb);
    EXPECT_TRUE(round.ok()) << round.status().message();
    return best;
  }

  static Sim* sim_;
  static std::unique_ptr<http::HttpClient> http_;
  static std::shared_ptr<identity::TokenClient> token_client_;
  static std::shared_ptr<identity::TokenProvider> tokens_;
};
Sim* GraphE2eTest::sim_ = nullptr;
std::unique_ptr<http::HttpClient> GraphE2eTest::http_;
std::shared_ptr<identity::TokenClient> GraphE2eTest::token_client_;
std::shared_ptr<identity::TokenProvider> GraphE2eTest::tokens_;

TEST_F(GraphE2eTest, UsersArePagedThroughNextLinks) {
  auto client = Client();
  std::set<std::string> paged;
  int pages = 0;
  Status s = graph::ForEachPage(*client, "/users?$top=2&$select=id,userPrincipalName", "users",
                                [&](nlohmann::json& page) {
                                  ++pages;
                                  for (auto& j : graph::PageItems(page))
                                    paged.insert(graph::ParseUser(j)->id);
                                  return Status::Ok();
                                });
  ASSERT_TRUE(s.ok()) << s.message();
  auto all = client->GetJson(graph::urls::Users(), "users");
  ASSERT_TRUE(all.ok());
  EXPECT_GT(pages, 2);
  EXPECT_EQ(paged.size(), (*all)["value"].size());
}

TEST_F(GraphE2eTest, MessageDeltaRoundsAndMimeMatchTheGroundTruth) {
  auto client = Client();
  std::string inbox = InboxId(*client);
  ASSERT_FALSE(inbox.empty());
  graph::DeltaCursor cursor{graph::urls::MessagesDelta(Mailbox(), inbox), "", ""};
  std::vector<std::string> ids;
  int checkpoints = 0;
  graph::DeltaCallbacks cb;
  cb.on_items = [&](nlohmann::json& items) {
    for (auto& j : items) ids.push_back(graph::ParseMessage(j)->id);
    return Status::Ok();
  };
  cb.checkpoint = [&](const graph::DeltaCursor&) {
    ++checkpoints;
    return Status::Ok();
  };
  // Immutable ids survive moves between folders: what a backup wants, and what the ground truth lists.
  const http::Headers immutable = {{"Prefer", "IdType=\"ImmutableId\""}};
  http::Headers headers = immutable;
  headers.Add("Prefer", "odata.maxpagesize=3");
  auto round = graph::RunDeltaRound(*client, cursor, "inbox delta", cb, headers);
  ASSERT_TRUE(round.ok()) << round.status().message();
  EXPECT_TRUE(round->full);
  EXPECT_GT(round->pages, 1);
  EXPECT_EQ(checkpoints, round->pages);
  EXPECT_FALSE(cursor.delta_link.empty());
  ASSERT_FALSE(ids.empty());

  auto truth = TruthHashes("user=" + Mailbox());
  for (size_t i = 0; i < std::min<size_t>(ids.size(), 4); ++i) {
    HashingSink sink;
    graph::DownloadOptions o;
    o.headers = immutable;
    auto r = graph::Download(*client, graph::urls::MessageMime(Mailbox(), ids[i]), sink, "MIME", o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_TRUE(truth.contains(ids[i])) << ids[i];
    EXPECT_EQ(sink.HexDigest(), truth[ids[i]]) << ids[i];
  }

  // Nothing changed: the next round is empty. Then the tenant changes and the round sees it.
  ids.clear();
  auto quiet = graph::RunDeltaRound(*client, cursor, "inbox delta", cb, immutable);
  ASSERT_TRUE(quiet.ok()) << quiet.status().message();
  EXPECT_FALSE(quiet->full);
  EXPECT_TRUE(ids.empty());
  ASSERT_TRUE(sim_->Admin("POST", "/mutate", {{"seed", 11}, {"fraction", 0.5}}).ok());
  auto changed = graph::RunDeltaRound(*client, cursor, "inbox delta", cb, immutable);
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_FALSE(ids.empty());
}

TEST_F(GraphE2eTest, InvalidatedDeltaTokenRestartsTheCollectionAndLosesNothing) {
  auto client = Client();
  std::string inbox = InboxId(*client);
  graph::DeltaCursor cursor{graph::urls::MessagesDelta(Mailbox(), inbox), "", ""};
  std::set<std::string> first;
  graph::DeltaCallbacks cb;
  cb.on_items = [&](nlohmann::json& items) {
    for (auto& j : items) {
      auto m = graph::ParseMessage(j);
      if (!m->removal.removed) first.insert(m->id);
    }
    return Status::Ok();
  };
  ASSERT_TRUE(graph::RunDeltaRound(*client, cursor, "inbox delta", cb).ok());
  Fault({{"fault", "delta-token-invalid"}, {"route", "/v1.0/users/*/delta"}, {"count", 1}});
  std::set<std::string> after;
  int resyncs = 0;
  cb.on_items = [&](nlohmann::json& items) {
    for (auto& j : items) {
      auto m = graph::ParseMessage(j);
      if (!m->removal.removed) after.insert(m->id);
    }
    return Status::Ok();
  };
  cb.on_resync = [&](const std::string&) {
    ++resyncs;
    after.clear();
    return Status::Ok();
  };
  auto round = graph::RunDeltaRound(*client, cursor, "inbox delta", cb);
  ASSERT_TRUE(round.ok()) << round.status().message();
  EXPECT_EQ(resyncs, 1);
  EXPECT_TRUE(round->resynced);
  // The full enumeration after the resync holds every message the mailbox has.
  std::set<std::string> now;
  graph::DeltaCursor fresh{cursor.initial_url, "", ""};
  cb.on_resync = nullptr;
  cb.on_items = [&](nlohmann::json& items) {
    for (auto& j : items) now.insert(graph::ParseMessage(j)->id);
    return Status::Ok();
  };
  ASSERT_TRUE(graph::RunDeltaRound(*client, fresh, "inbox delta", cb).ok());
  EXPECT_EQ(after, now);
  EXPECT_FALSE(after.empty());
}

TEST_F(GraphE2eTest, FileDownloadGoesThroughTheRedirectWithoutAuthorization) {
  auto client = Client();
  FileInfo file = SomeFile(*client);
  ASSERT_FALSE(file.id.empty());
  auto truth = TruthHashes("drive=" + file.drive);
  HashingSink sink;
  auto r = graph::Download(*client, graph::urls::DriveItemContent(file.drive, file.id), sink, "file");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(sink.bytes(), file.size);
  EXPECT_EQ(sink.HexDigest(), truth[file.id]);
}

TEST_F(GraphE2eTest, DownloadSurvivesResetsTruncationAndAnExpiredUrl) {
  auto client = Client();
  FileInfo file = SomeFile(*client);
  ASSERT_GT(file.size, 1u << 20) << "the tenant should have a file over 1 MiB";
  auto truth = TruthHashes("drive=" + file.drive);
  struct Case {
    const char* fault;
    int resumes;
    int refreshes;
  };
  for (Case c : {Case{"reset-mid-body", 1, 0}, Case{"truncated-body", 1, 0},
                 Case{"reset-before-headers", 0, 0}, Case{"expired-download-url", 0, 1}}) {
    ASSERT_TRUE(sim_->Admin("DELETE", "/faults").ok());
    Fault({{"fault", c.fault}, {"listener", "files"}, {"count", 1}});
    HashingSink sink;
    auto r = graph::Download(*client, graph::urls::DriveItemContent(file.drive, file.id), sink, c.fault);
    ASSERT_TRUE(r.ok()) << c.fault << ": " << r.status().message();
    EXPECT_EQ(sink.HexDigest(), truth[file.id]) << c.fault;
    EXPECT_EQ(r->resumes, c.resumes) << c.fault;
    EXPECT_EQ(r->url_refreshes, c.refreshes) << c.fault;
  }
}

TEST_F(GraphE2eTest, RetryAfterInAllThreeFormsAndA429Storm) {
  std::vector<std::chrono::milliseconds> waited;
  GraphOptions o;
  o.pacing.enabled = false;  // so that every wait goes through `sleep` and can be checked
  o.sleep = [&](std::chrono::milliseconds d) {
    waited.push_back(d);
    std::this_thread::sleep_for(d);
  };
  auto client = Client(o);
  Fault({{"fault", 429},
         {"route", "/v1.0/users"},
         {"count", 1},
         {"retry_after", 1},
         {"retry_after_format", "integer"}});
  ASSERT_TRUE(client->GetJson("/users", "users").ok());
  Fault({{"fault", 429},
         {"route", "/v1.0/users"},
         {"count", 1},
         {"retry_after", 0.25},
         {"retry_after_format", "fractional"}});
  ASSERT_TRUE(client->GetJson("/users", "users").ok());
  Fault({{"fault", 503},
         {"route", "/v1.0/users"},
         {"count", 1},
         {"retry_after", 1},
         {"retry_after_format", "http-date"}});
  ASSERT_TRUE(client->GetJson("/users", "users").ok());
  ASSERT_EQ(waited.size(), 3u);
  EXPECT_EQ(waited[0], 1000ms);
  EXPECT_EQ(waited[1], 250ms);
  EXPECT_GE(waited[2], 500ms);  // a date has whole seconds: between now and two seconds from now
  EXPECT_LE(waited[2], 3000ms);

  // A storm: the next six answers are 429; the client rides it out within its attempts.
  waited.clear();
  Fault({{"fault", 429},
         {"route", "/v1.0/users"},
         {"count", 6},
         {"retry_after", 0.05},
         {"retry_after_format", "fractional"}});
  auto r = client->GetJson("/users", "users");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(waited.size(), 6u);
  EXPECT_EQ(client->stats().throttled, 9u);
}

TEST_F(GraphE2eTest, ServerErrorsInvalidJsonResetsAndTokenExpiryMidRun) {
  auto client = Client();
  Fault({{"fault", "reset-before-headers"}, {"route", "/v1.0/users"}, {"count", 1}});
  Fault({{"fault", "invalid-json"}, {"route", "/v1.0/users"}, {"count", 1}});
  Fault({{"fault", 502}, {"route", "/v1.0/users"}, {"count", 1}});
  Fault({{"fault", "token-expired"}, {"route", "/v1.0/users"}, {"count", 1}});
  auto r = client->GetJson("/users", "users");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(client->stats().token_refreshes, 1u);  // one refresh, then it continues
  auto faults = sim_->Admin("GET", "/faults");
  for (const auto& f : (*faults)["faults"]) EXPECT_EQ(f.value("fired", 0), 1) << f.dump();
}

TEST_F(GraphE2eTest, UploadSessionWithResetAndExpiryRoundTrips) {
  auto client = Client();
  FileInfo any = SomeFile(*client);
  auto root = client->GetJson("/drives/" + graph::urls::Segment(any.drive) + "/root", "drive root");
  ASSERT_TRUE(root.ok()) << root.status().message();
  std::string parent = (*root)["id"];
  PatternFile file(5 * graph::kUploadFragmentUnit + 12345);
  graph::UploadOptions o;
  o.fragment_size = 2 * graph::kUploadFragmentUnit;
  Fault({{"fault", "reset-before-headers"},
         {"listener", "files"},
         {"method", "PUT"},
         {"count", 1},
         {"skip", 1}});
  Fault({{"fault", "upload-session-expired"},
         {"listener", "files"},
         {"method", "PUT"},
         {"count", 1},
         {"skip", 2}});
  auto r = graph::UploadWithSession(
      *client, graph::urls::CreateUploadSession(any.drive, parent, "upload e2e.bin"),
      {{"item", {{"@microsoft.graph.conflictBehavior", "replace"}}}}, file, "upload", o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->session_restarts, 1);
  auto item = graph::ParseDriveItem(r->item);
  ASSERT_TRUE(item.ok()) << r->item.dump();
  EXPECT_EQ(item->size, file.size());
  HashingSink sink;
  ASSERT_TRUE(
      graph::Download(*client, graph::urls::DriveItemContent(any.drive, item->id), sink, "read back").ok());
  EXPECT_EQ(sink.HexDigest(), file.Sha256Hex());
}

TEST_F(GraphE2eTest, BatchOfMessageReads) {
  auto client = Client();
  std::string inbox = InboxId(*client);
  auto page = client->GetJson(graph::urls::Messages(Mailbox(), inbox), "messages");
  ASSERT_TRUE(page.ok());
  std::vector<graph::BatchItem> items;
  for (auto& j : graph::PageItems(*page)) {
    if (items.size() == 6) break;
    std::string id = j["id"];
    items.push_back({std::to_string(items.size()),
                     "GET",
                     graph::urls::Message(Mailbox(), id) + "?$select=id,subject",
                     {},
                     {},
                     {}});
  }
  items.push_back({"missing", "GET", graph::urls::Message(Mailbox(), "AAMkAGnotthere"), {}, {}, {}});
  auto results = graph::SendBatch(*client, items, "batch");
  ASSERT_TRUE(results.ok()) << results.status().message();
  for (size_t i = 0; i + 1 < results->size(); ++i) {
    EXPECT_EQ((*results)[i].status, 200) << (*results)[i].body.dump();
    EXPECT_EQ((*results)[i].id, items[i].id);
  }
  EXPECT_EQ(results->back().status, 404);
}

// Under the emulator's real limits: many readers of few mailboxes never exceed 4 requests in flight per
// mailbox, so the service has no reason to throttle them.
TEST_F(GraphE2eTest, ParallelReadersStayWithinTheMailboxConcurrencyLimit) {
  auto client = Client();
  std::string inbox = InboxId(*client);
  std::vector<std::string> mailboxes = {Mailbox(), sim_->Account("global-admin").at("upn")};
  ASSERT_TRUE(sim_->Admin("POST", "/stats/reset").ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 12; ++t) {
    readers.emplace_back([&, t] {
      const std::string& mailbox = mailboxes[t % mailboxes.size()];
      for (int i = 0; i < 25; ++i) {
        auto r = client->GetJson(graph::urls::MailFolders(mailbox), "folders of " + mailbox);
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
  for (const auto& s : client->pacer().Stats()) {
    if (s.key.starts_with("outlook:")) {
      EXPECT_LE(s.max_in_flight, 4) << s.key;
    }
  }
  auto stats = sim_->Admin("GET", "/stats");
  ASSERT_TRUE(stats.ok());
  uint64_t throttled = 0;
  uint64_t requests = 0;
  for (const auto& scope : (*stats)["scopes"]) {
    if (scope["scope"].get<std::string>().starts_with("outlook.")) {
      throttled += scope.value("throttled", 0);
      if (scope["scope"] == "outlook.app-mailbox") requests += scope.value("requests", 0);
    }
  }
  EXPECT_GE(requests, 300u);
  EXPECT_LE(throttled, 3u) << stats->dump();
  (void)inbox;
}

}  // namespace
}  // namespace ark::testing
