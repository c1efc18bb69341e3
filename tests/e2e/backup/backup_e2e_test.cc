// Backup of a small tenant end to end: full backup equal to the ground truth, mutate, an incremental that
// reads only the changes, point-in-time snapshots, search, and the catalog rebuilt from the repository.
#include <gtest/gtest.h>

#include "backup_env.h"

namespace ark::testing {
namespace {

uint64_t Counter(const nlohmann::json& counters, const std::string& name) {
  return counters["counters"].value(name, uint64_t{0});
}

// The catalog finds a message by its exact subject.
uint64_t SearchHits(BackupEnv& env, const std::string& subject) {
  ProcessResult r = env.ark.Run({"--json", "search", "all", "\"" + subject + "\"", "--type", "mail"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out)["items"].size() : 0;
}

TEST(BackupE2eTest, FullThenIncrementalMatchTheTruthAtEachPointInTime) {
  BackupEnv env("small");
  env.Admin("DELETE", "/counters");
  ProcessResult full = env.Backup();
  ASSERT_EQ(full.exit_code, 0) << full.err << full.out;
  uint64_t full_requests = Counter(env.Admin("GET", "/counters"), "graph/admitted");
  SnapshotContents before = env.Truth();
  EXPECT_EQ(Differences(before, env.Snapshot("latest")), "");
  size_t messages = 0;
  for (const auto& [user, items] : before) {
    for (const auto& [key, sha] : items) messages += key.starts_with("mail:") ? 1 : 0;
  }
  EXPECT_GT(messages, 500u);

  env.Admin("DELETE", "/counters");
  nlohmann::json mutation = {{"seed", 5}, {"fraction", 0.1}};
  nlohmann::json changes = env.Admin("POST", "/mutate", &mutation);
  ProcessResult incremental = env.Backup();
  ASSERT_EQ(incremental.exit_code, 0) << incremental.err << incremental.out;
  nlohmann::json counters = env.Admin("GET", "/counters");

  // Only the changes were read: new and edited files downloaded (moves and renames are not), items
  // stored no more than were changed, and less than half the full run's requests (one delta page per
  // folder is the floor).
  uint64_t changed_files = changes["added"].value("files", 0) + changes["edited"].value("files", 0);
  EXPECT_LE(Counter(counters, "files/download"), changed_files) << counters.dump();
  EXPECT_LT(Counter(counters, "graph/admitted") * 2, full_requests) << counters.dump();
  uint64_t changed = 0;
  for (const char* what : {"added", "edited", "moved", "renamed"}) {
    for (const char* workload : {"mail", "calendar", "contacts", "files"})
      changed += changes[what].value(workload, 0);
  }
  nlohmann::json report = nlohmann::json::parse(incremental.out);
  EXPECT_LE(report["items"].get<uint64_t>(), changed) << changes.dump();

  SnapshotContents after = env.Truth();
  EXPECT_EQ(Differences(after, env.Snapshot("latest")), "");
  std::vector<std::string> snapshots = env.Snapshots();
  ASSERT_EQ(snapshots.size(), 2u);
  // Point in time: the first snapshot still holds the state before the changes, deleted items included.
  EXPECT_EQ(Differences(before, env.Snapshot(snapshots[0])), "");
  EXPECT_NE(Differences(after, env.Snapshot(snapshots[0])), "");

  // The catalog shows every message of a user in its folder as it is now (renamed folders included).
  std::string admin = env.sim.Account("global-admin")["upn"];
  ProcessResult listed =
      env.ark.Run({"--json", "search", "all", "--user", admin, "--type", "mail", "--limit", "1000"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::map<std::string, std::string> folders;
  nlohmann::json listing = nlohmann::json::parse(listed.out);
  for (const auto& item : listing["items"]) folders[item["graph_id"]] = item["folder"];
  size_t found = folders.size();
  nlohmann::json admin_truth = env.Admin("GET", "/truth?content=false&user=" + admin);
  size_t checked = 0;
  for (const auto& item : admin_truth["items"]) {
    if (item["kind"] != "message") continue;
    auto it = folders.find(item["id"]);
    EXPECT_EQ(it == folders.end() ? "(missing)" : it->second,
              "/" + admin + "/Mail" + item["path"].get<std::string>())
        << item.dump();
    ++checked;
  }
  EXPECT_EQ(found, checked) << listed.out.substr(0, 1500);

  // The catalog was fed during the backup, and is rebuilt the same from the repository alone.
  nlohmann::json truth =
      env.Admin("GET", "/truth?user=" + env.sim.Account("global-admin")["upn"].get<std::string>());
  std::string subject;
  for (const auto& item : truth["items"]) {
    if (item["kind"] == "message") subject = item["metadata"]["subject"];
  }
  ASSERT_FALSE(subject.empty());
  uint64_t hits = SearchHits(env, subject);
  EXPECT_GE(hits, 1u);
  ProcessResult rebuild = env.ark.Run({"catalog", "rebuild", "all"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_EQ(SearchHits(env, subject), hits);
  // The generated repository password, written out, opens the repository for `repo` commands.
  std::string password_file = env.home() + "/../exported.pw";
  ASSERT_EQ(env.ark.Run({"backup", "password", "all", "--output", password_file}).exit_code, 0);
  ProcessResult check = env.ark.Run({"--json", "repo", "snapshots", "--repo", env.home() + "/../repository",
                                     "--password-file", password_file});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(nlohmann::json::parse(check.out).size(), 2u) << check.out;
  ProcessResult jobs = env.ark.Run({"--json", "backup", "jobs", "all"});
  ASSERT_EQ(jobs.exit_code, 0) << jobs.err;
  EXPECT_EQ(nlohmann::json::parse(jobs.out).size(), 2u);
}

TEST(BackupE2eTest, ItemRulesLeaveOutExcludedFoldersAndFiles) {
  BackupEnv env("tiny", {}, {"--exclude", "mail:Junk Email", "--exclude", "onedrive:*.pdf"});
  ProcessResult run = env.Backup();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  size_t skipped = 0;
  SnapshotContents expected = env.Truth([&](const nlohmann::json& item) {
    std::string name = item.contains("metadata") ? item["metadata"].value("name", "") : "";
    bool skip = (item["kind"] == "message" && item["path"] == "/Junk Email") ||
                (item["kind"] == "file" && name.ends_with(".pdf"));
    skipped += skip ? 1 : 0;
    return skip;
  });
  EXPECT_GT(skipped, 0u);
  EXPECT_EQ(Differences(expected, env.Snapshot("latest")), "");
}

}  // namespace
}  // namespace ark::testing
