// ark365 restore, export and verify-restore end to end: a tiny tenant backed up, mailboxes and drives
// restored into other users and verified (against the snapshot and the emulator's truth), point in time,
// exports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "backup/backup_env.h"
#include "core/hash.h"
#include "restore/mail_restorer.h"
#include "restore/mboxrd.h"

namespace ark::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class RestoreCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new BackupEnv("tiny", {"--throttling", "off"});
    ProcessResult full = env_->Backup();
    ASSERT_EQ(full.exit_code, 0) << full.err << full.out;
    endpoints_ = env_->ark.SecretFile("endpoints.json", env_->sim.endpoints().dump());
  }
  static void TearDownTestSuite() { delete env_; }

  static std::string Upn(const char* account) { return env_->sim.Account(account).at("upn"); }

  static json RunJson(std::vector<std::string> args, std::set<int> ok_codes = {0}) {
    args.insert(args.begin(), "--json");
    ProcessResult r = env_->ark.Run(args);
    EXPECT_TRUE(ok_codes.contains(r.exit_code)) << r.exit_code << "\n" << r.err << r.out;
    json j = json::parse(r.out, nullptr, false);
    return j.is_discarded() ? json::object() : j;
  }

  static BackupEnv* env_;
  static std::string endpoints_;
};

BackupEnv* RestoreCliTest::env_ = nullptr;
std::string RestoreCliTest::endpoints_;

// Every message of a mailbox comes back into another user's folder, byte for byte; only messages over
// Graph's MIME import limit cannot, and both the restore and the verification name them.
TEST_F(RestoreCliTest, MailboxIntoAnotherUserMatchesSnapshotAndTruth) {
  std::string from = Upn("user");
  std::string to = Upn("exchange-admin");
  json restored = RunJson(
      {"restore", "mail", "all", "--user", from, "--to-user", to, "--to-folder", "Restored-E2E"}, {0, 3});
  EXPECT_GT(restored.value("created", 0), 30);
  for (const auto& f : restored["failed"])
    EXPECT_NE(f.get<std::string>().find("4 MB"), std::string::npos) << f;

  for (const char* against : {"--against-truth", "--against-snapshot"}) {
    std::vector<std::string> args = {"verify-restore", "all", "--user",   to,
                                     "--source-user",  from,  "--folder", "Restored-E2E",
                                     "--workloads",    "mail"};
    if (std::string(against) == "--against-truth") {
      args.insert(args.end(), {"--against-truth", "--sim-endpoints", endpoints_});
    } else {
      args.insert(args.end(), {"--against-snapshot", "latest"});
    }
    json report = RunJson(args, {0, 1});
    EXPECT_GT(report.value("matched", 0), 30) << against;
    EXPECT_TRUE(report["extra"].empty()) << report.dump(1);
    EXPECT_TRUE(report["different"].empty()) << report.dump(1);
    EXPECT_EQ(report["missing"].size(), restored["failed"].size()) << report.dump(1);
    for (const auto& m : report["missing"]) EXPECT_GT(m.value("size", 0u), restore::kMaxImportMime) << m;
  }
}

TEST_F(RestoreCliTest, DriveIntoAnotherUserMatchesTheTruth) {
  std::string from = Upn("user");
  std::string to = Upn("sharepoint-admin");
  json restored =
      RunJson({"restore", "drive", "all", "--user", from, "--to-user", to, "--to-folder", "Restored-E2E"});
  EXPECT_GT(restored.value("created", 0), 10);
  json report =
      RunJson({"verify-restore", "all", "--user", to, "--source-user", from, "--folder", "Restored-E2E",
               "--workloads", "drive", "--against-truth", "--sim-endpoints", endpoints_});
  EXPECT_EQ(report.value("ok", false), true) << report.dump(1);
  // Again with skip: nothing is created twice.
  json again =
      RunJson({"restore", "drive", "all", "--user", from, "--to-user", to, "--to-folder", "Restored-E2E"});
  EXPECT_EQ(again.value("created", -1), 0);
  EXPECT_EQ(again.value("skipped", 0), restored.value("created", 0));
}

TEST_F(RestoreCliTest, ExportsKeepTheBytesAndTheTree) {
  std::string user = Upn("user");
  TempDir dir;
  json eml = RunJson({"export", "mail", "all", "--user", user, "--format", "eml", "--out", dir.File("eml")});
  json mbox =
      RunJson({"export", "mail", "all", "--user", user, "--format", "mbox", "--out", dir.File("mbox")});
  json zip =
      RunJson({"export", "drive", "all", "--user", user, "--format", "zip", "--out", dir.File("files.zip")});
  EXPECT_GT(eml.value("created", 0), 30);
  EXPECT_EQ(mbox.value("created", 0), eml.value("created", 0));

  // EML files: exactly the MIME of the truth, folder by folder.
  json truth = env_->Admin("GET", "/truth?user=" + user);
  std::multiset<std::string> want, eml_got, mbox_got;
  for (const auto& item : truth["items"]) {
    if (item["kind"] == "message")
      want.insert(item["path"].get<std::string>() + " " + item["sha256"].get<std::string>());
  }
  for (const auto& e : fs::recursive_directory_iterator(dir.File("eml"))) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string folder = "/" + fs::relative(e.path().parent_path(), dir.File("eml")).string();
    eml_got.insert(folder + " " + Sha256Hex(ss.str()));
  }
  EXPECT_EQ(eml_got, want);
  // MBOX files parse back to the same messages (the writer ends each with a newline, as the MIME does).
  for (const auto& e : fs::recursive_directory_iterator(dir.File("mbox"))) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string rel = fs::relative(e.path(), dir.File("mbox")).string();
    std::string folder = "/" + rel.substr(0, rel.size() - 5);
    ASSERT_TRUE(restore::ParseMboxrd(ss.str(), [&](std::string_view, std::string m) {
                  mbox_got.insert(folder + " " + Sha256Hex(m));
                  return Status::Ok();
                }).ok());
  }
  EXPECT_EQ(mbox_got, want);
  // The ZIP lists the drive's tree.
  ProcessResult list = RunProcess({"/usr/bin/unzip", "-Z1", dir.File("files.zip")});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  size_t files = 0;
  for (const auto& item : truth["items"]) {
    if (item["kind"] != "file") continue;
    ++files;
    std::string path = item["path"].get<std::string>().substr(1);
    if (path.size() < 200) {
      EXPECT_NE(list.out.find(path + "\n"), std::string::npos) << path;
    }
  }
  EXPECT_EQ(zip.value("created", 0u), files);
}

// Point in time: the snapshot before a mutation restores the earlier state, deleted items included.
TEST_F(RestoreCliTest, OlderSnapshotRestoresTheStateBeforeAMutation) {
  std::string user = Upn("user");
  std::string to = Upn("teams-admin");
  std::string first = env_->Snapshots().back();
  json before = env_->Admin("GET", "/truth?user=" + user);
  json mutation = {{"seed", 9}, {"fraction", 0.3}};
  env_->Admin("POST", "/mutate", &mutation);
  ProcessResult incremental = env_->Backup();
  ASSERT_EQ(incremental.exit_code, 0) << incremental.err;
  json restored = RunJson({"restore", "drive", "all", "--user", user, "--to-user", to, "--to-folder",
                           "Before", "--snapshot", first.substr(0, 12)});
  EXPECT_GT(restored.value("created", 0), 10);
  json report = RunJson({"verify-restore", "all", "--user", to, "--source-user", user, "--folder", "Before",
                         "--workloads", "drive", "--against-snapshot", first.substr(0, 12)});
  EXPECT_EQ(report.value("ok", false), true) << report.dump(1);
  // And the state before equals the truth before: every file deleted or changed by the mutation is back.
  size_t files_before = 0;
  for (const auto& item : before["items"]) files_before += item["kind"] == "file" ? 1 : 0;
  EXPECT_EQ(restored.value("created", 0u), files_before);
}

}  // namespace
}  // namespace ark::testing
