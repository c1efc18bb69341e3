// The Graph restore operations against m365sim: a mailbox and a OneDrive copied item by item into another
// user, then verified against the emulator's ground truth; conflict policies for messages and files.
//
// The source is read live through Graph here (the snapshot path is tested in
// restore_cli_test.cc): this test is about what restore writes, and that
// verify-restore sees exactly that.
#include <gtest/gtest.h>

#include "core/hash.h"
#include "e2e/sim_fixture.h"
#include "graph/download.h"
#include "graph/graph_client.h"
#include "graph/paging.h"
#include "graph/urls.h"
#include "identity/token_client.h"
#include "identity/token_provider.h"
#include "restore/drive_restorer.h"
#include "restore/graph_request.h"
#include "restore/inventory.h"
#include "restore/mail_restorer.h"
#include "restore/verify.h"

namespace ark::testing {
namespace {

using nlohmann::json;
using namespace ark::restore;

class StringSink final : public http::BodySink {
 public:
  Status Write(std::string_view chunk) override {
    data.append(chunk);
    return Status::Ok();
  }
  std::string data;
};

class StringSource final : public graph::RandomAccessSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  uint64_t size() const override { return data_.size(); }
  Result<size_t> ReadAt(uint64_t offset, std::span<char> buffer) override {
    size_t n = std::min<size_t>(buffer.size(), data_.size() - offset);
    std::copy_n(data_.data() + offset, n, buffer.data());
    return n;
  }

 private:
  std::string data_;
};

InventoryScope Scope(bool mail, bool drive, std::vector<std::string> mail_root,
                     std::vector<std::string> drive_root) {
  InventoryScope scope;
  scope.mail = mail;
  scope.drive = drive;
  scope.mail_root = std::move(mail_root);
  scope.drive_root = std::move(drive_root);
  return scope;
}

ContentProducer Producer(const std::string& data) {
  return [&data](const ChunkSink& sink) { return sink(data); };
}

class GraphRestoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = new Sim({"--throttling", "off"});
    http_ = std::move(http::HttpClient::Create(sim_->http_options()).value());
    const auto& app = sim_->App("ark365-backup");
    auto token_client = std::make_shared<identity::TokenClient>(
        *http_, identity::Authority{sim_->authority_host(), sim_->tenant_id()},
        identity::AppCredentials{app.at("client_id"), Secret(app.at("client_secret"))},
        identity::SignInContext{"Contoso", "ark365-backup", ""});
    graph::GraphOptions options;
    options.base_url = sim_->graph_base();
    client_ = new graph::GraphClient(*http_, identity::MakeAppTokenProvider(token_client), options);
  }
  static void TearDownTestSuite() {
    delete client_;
    http_.reset();
    delete sim_;
  }

  static std::string Upn(const char* account) { return sim_->Account(account).at("upn"); }

  static json Truth(const std::string& user) {
    auto truth = sim_->Admin("GET", "/truth?user=" + user);
    EXPECT_TRUE(truth.ok()) << truth.status().message();
    return truth.ok() ? *truth : json();
  }

  // Copies every folder and message of `from` below {"Restored-Test"} in `to`; returns messages refused.
  static std::vector<std::string> CopyMailbox(const std::string& from, const std::string& to) {
    MailRestorer restorer(*client_, to, ConflictPolicy::kSkip);
    std::vector<std::string> refused;
    std::function<void(const std::string&, const std::vector<std::string>&)> walk =
        [&](const std::string& parent, const std::vector<std::string>& path) {
          std::string url =
              parent.empty() ? graph::urls::MailFolders(from) : graph::urls::ChildFolders(from, parent);
          std::vector<json> folders;
          EXPECT_TRUE(graph::ForEachItem(*client_, url, "folders", [&](json& f) {
                        folders.push_back(f);
                        return Status::Ok();
                      }).ok());
          for (const json& f : folders) {
            if (f.value("@odata.type", "") == "#microsoft.graph.mailSearchFolder") continue;
            std::vector<std::string> child = path;
            child.push_back(f["displayName"]);
            auto target = restorer.EnsureFolder(child, f.value("isHidden", false));
            ASSERT_TRUE(target.ok()) << target.status().message();
            std::vector<json> messages;
            EXPECT_TRUE(graph::ForEachItem(*client_, graph::urls::Messages(from, f["id"].get<std::string>()),
                                           "messages",
                                           [&](json& m) {
                                             messages.push_back(m);
                                             return Status::Ok();
                                           })
                            .ok());
            for (const json& m : messages) {
              StringSink mime;
              ASSERT_TRUE(graph::Download(*client_,
                                          graph::urls::MessageMime(from, m["id"].get<std::string>()), mime,
                                          "mime")
                              .ok());
              auto restored = restorer.RestoreMessage(*target, Producer(mime.data), mime.data.size(), m);
              if (!restored.ok()) {
                EXPECT_EQ(restored.status().code(), StatusCode::kResourceExhausted)
                    << restored.status().message();
                refused.push_back(m.value("subject", ""));
              }
            }
            walk(f["id"].get<std::string>(), child);
          }
        };
    walk("", {"Restored-Test"});
    return refused;
  }

  static void CopyDrive(const std::string& from, const std::string& to) {
    auto from_drive = ResolveUserDrive(*client_, from);
    auto to_drive = ResolveUserDrive(*client_, to);
    ASSERT_TRUE(from_drive.ok() && to_drive.ok());
    DriveRestorer restorer(*client_, *to_drive, ConflictPolicy::kSkip);
    std::function<void(const std::string&, const std::vector<std::string>&)> walk =
        [&](const std::string& item, const std::vector<std::string>& path) {
          std::vector<json> children;
          EXPECT_TRUE(graph::ForEachItem(*client_, DriveItemUrl(*from_drive, item) + "/children", "children",
                                         [&](json& c) {
                                           children.push_back(c);
                                           return Status::Ok();
                                         })
                          .ok());
          auto parent = restorer.EnsureFolder(path);
          ASSERT_TRUE(parent.ok()) << parent.status().message();
          for (const json& c : children) {
            std::vector<std::string> child = path;
            child.push_back(c["name"]);
            if (c.contains("folder")) {
              walk(c["id"].get<std::string>(), child);
              continue;
            }
            StringSink bytes;
            ASSERT_TRUE(graph::Download(
                            *client_, graph::urls::DriveItemContent(*from_drive, c["id"].get<std::string>()),
                            bytes, "file")
                            .ok());
            StringSource source(std::move(bytes.data));
            auto restored = restorer.RestoreFile(*parent, c["name"], source, c);
            ASSERT_TRUE(restored.ok()) << restored.status().message();
          }
        };
    walk("root", {"Restored-Test"});
  }

  static Sim* sim_;
  static std::unique_ptr<http::HttpClient> http_;
  static graph::GraphClient* client_;
};

Sim* GraphRestoreTest::sim_ = nullptr;
std::unique_ptr<http::HttpClient> GraphRestoreTest::http_;
graph::GraphClient* GraphRestoreTest::client_ = nullptr;

TEST_F(GraphRestoreTest, MailboxCopiedIntoAnotherUserMatchesTheTruth) {
  std::string from = Upn("user");
  std::string to = Upn("exchange-admin");
  std::vector<std::string> refused = CopyMailbox(from, to);

  auto expected = InventoryFromTruth(Truth(from), Scope(true, false, {}, {}));
  auto actual = ReadUserInventory(*client_, to, Scope(true, false, {"Restored-Test"}, {}));
  ASSERT_TRUE(expected.ok() && actual.ok()) << actual.status().message();
  VerifyReport report = CompareInventories(*expected, *actual);
  EXPECT_GT(report.matched, 30u);
  EXPECT_TRUE(report.extra.empty()) << FormatReport(report);
  EXPECT_TRUE(report.different.empty()) << FormatReport(report);
  // Only messages over Graph's MIME import limit may be missing, and restore said so for each.
  ASSERT_EQ(report.missing.size(), refused.size()) << FormatReport(report);
  for (const auto& item : report.missing) EXPECT_GT(item.size, kMaxImportMime) << FormatReport(report);
}

TEST_F(GraphRestoreTest, DriveCopiedIntoAnotherUserMatchesTheTruth) {
  std::string from = Upn("user");
  std::string to = Upn("exchange-admin");
  CopyDrive(from, to);
  auto expected = InventoryFromTruth(Truth(from), Scope(false, true, {}, {}));
  auto actual = ReadUserInventory(*client_, to, Scope(false, true, {}, {"Restored-Test"}));
  ASSERT_TRUE(expected.ok() && actual.ok()) << actual.status().message();
  VerifyReport report = CompareInventories(*expected, *actual);
  EXPECT_TRUE(report.ok()) << FormatReport(report);
  EXPECT_GT(report.matched, 10u);
}

TEST_F(GraphRestoreTest, FileConflictPolicies) {
  std::string user = Upn("sharepoint-admin");
  auto drive = ResolveUserDrive(*client_, user);
  ASSERT_TRUE(drive.ok());
  auto put = [&](ConflictPolicy policy, std::string data) {
    DriveRestorer restorer(*client_, *drive, policy);
    auto folder = restorer.EnsureFolder({"Conflicts"});
    EXPECT_TRUE(folder.ok());
    StringSource source(std::move(data));
    auto r = restorer.RestoreFile(*folder, "same.txt", source, json());
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->outcome : ItemOutcome::kSkipped;
  };
  // Large enough for an upload session on the last round.
  EXPECT_EQ(put(ConflictPolicy::kSkip, "first"), ItemOutcome::kCreated);
  EXPECT_EQ(put(ConflictPolicy::kSkip, "second"), ItemOutcome::kSkipped);
  EXPECT_EQ(put(ConflictPolicy::kKeepBoth, "third"), ItemOutcome::kCreated);
  EXPECT_EQ(put(ConflictPolicy::kOverwrite, std::string(5 << 20, 'x')), ItemOutcome::kReplaced);

  auto inventory = ReadUserInventory(*client_, user, Scope(false, true, {}, {"Conflicts"}));
  ASSERT_TRUE(inventory.ok());
  std::map<std::string, std::string> files;
  for (const auto& item : inventory->items) files[item.path] = item.sha256;
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files["/same.txt"], Sha256Hex(std::string(5 << 20, 'x')));
  EXPECT_EQ(files["/same 1.txt"], Sha256Hex("third"));
}

TEST_F(GraphRestoreTest, MessageConflictPolicies) {
  std::string user = Upn("teams-admin");
  std::string mime =
      "From: a@example.com\r\nTo: b@example.com\r\nSubject: Conflict\r\nMessage-ID: "
      "<conflict-1@example.com>\r\n"
      "Date: Mon, 04 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: "
      "text/plain\r\n\r\nBody\r\n";
  json original = {
      {"subject", "Conflict"}, {"internetMessageId", "<conflict-1@example.com>"}, {"isRead", false}};
  auto restore = [&](ConflictPolicy policy) {
    MailRestorer restorer(*client_, user, policy);
    auto folder = restorer.EnsureFolder({"Conflicts"});
    EXPECT_TRUE(folder.ok());
    auto r = restorer.RestoreMessage(*folder, Producer(mime), mime.size(), original);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->outcome : ItemOutcome::kSkipped;
  };
  EXPECT_EQ(restore(ConflictPolicy::kSkip), ItemOutcome::kCreated);
  EXPECT_EQ(restore(ConflictPolicy::kSkip), ItemOutcome::kSkipped);
  EXPECT_EQ(restore(ConflictPolicy::kOverwrite), ItemOutcome::kReplaced);
  EXPECT_EQ(restore(ConflictPolicy::kKeepBoth), ItemOutcome::kCreated);

  auto inventory = ReadUserInventory(*client_, user, Scope(true, false, {"Conflicts"}, {}));
  ASSERT_TRUE(inventory.ok());
  ASSERT_EQ(inventory->items.size(), 2u);
  for (const auto& item : inventory->items) EXPECT_EQ(item.sha256, Sha256Hex(mime));
  // The read state of the backup is applied after the import.
  MailRestorer finder(*client_, user, ConflictPolicy::kSkip);
  auto folder = finder.EnsureFolder({"Conflicts"});
  ASSERT_TRUE(folder.ok());
  int unread = 0;
  ASSERT_TRUE(graph::ForEachItem(*client_, graph::urls::Messages(user, *folder) + "&$select=isRead",
                                 "messages",
                                 [&](json& m) {
                                   unread += m.value("isRead", true) ? 0 : 1;
                                   return Status::Ok();
                                 })
                  .ok());
  EXPECT_EQ(unread, 2);
}

}  // namespace
}  // namespace ark::testing
