// Backups under faults and kill -9: throttling, resets, truncated bodies, expired tokens, 410 resyncs and
// items that fail every attempt end in a complete (or partial, then complete) snapshot equal to the truth;
// a run killed at random points resumes from its checkpoint and ends equal to an uninterrupted run.
#include <gtest/gtest.h>
#include <signal.h>

#include <random>
#include <thread>

#include "backup_env.h"

namespace ark::testing {
namespace {

void AddFault(BackupEnv& env, nlohmann::json rule) {
  if (!rule.contains("listener")) rule["listener"] = "graph";
  env.Admin("POST", "/faults", &rule);
}

TEST(BackupResilienceTest, FaultsEndPartialThenComplete) {
  BackupEnv env("small");
  // Two messages fail at every attempt: the run ends partial, listing them; the rest is stored.
  std::string admin = env.sim.Account("global-admin")["upn"];
  nlohmann::json truth = env.Admin("GET", "/truth?content=false&user=" + admin);
  std::vector<std::string> broken;
  for (const auto& item : truth["items"]) {
    if (item["kind"] == "message" && broken.size() < 2) broken.push_back(item["id"]);
  }
  ASSERT_EQ(broken.size(), 2u);
  for (const std::string& id : broken) {
    AddFault(env, {{"route", "/v1.0/users/*/messages/" + id + "/$value"},
                   {"fault", 503},
                   {"count", 1000},
                   {"retry_after", 0.05}});
  }
  AddFault(
      env,
      {{"route", "/v1.0/users/*/messages/*/$value"}, {"fault", 503}, {"count", 30}, {"retry_after", 0.05}});
  AddFault(env,
           {{"route", "/v1.0/users/*/mailFolders/*"}, {"fault", 429}, {"count", 20}, {"retry_after", 0.05}});
  // Tokens expire twice, on different requests (one refresh per request is what a real expiry needs).
  AddFault(env, {{"route", "/v1.0/users/*"}, {"fault", "token-expired"}, {"count", 1}, {"skip", 50}});
  AddFault(env, {{"route", "/v1.0/users/*"}, {"fault", "token-expired"}, {"count", 1}, {"skip", 400}});
  AddFault(
      env,
      {{"route", "/v1.0/users/*/mailFolders/*/messages/delta"}, {"fault", "invalid-json"}, {"count", 2}});
  AddFault(env, {{"route", "*"}, {"listener", "files"}, {"fault", "reset-mid-body"}, {"count", 4}});
  AddFault(env,
           {{"route", "*"}, {"listener", "files"}, {"fault", "truncated-body"}, {"count", 3}, {"skip", 10}});
  ProcessResult first = env.Backup();
  ASSERT_EQ(first.exit_code, 3) << first.err << first.out;
  nlohmann::json report = nlohmann::json::parse(first.out);
  EXPECT_EQ(report["status"], "partial");
  size_t listed = 0;
  for (const auto& user : report["per_user"]) listed += user["errors"].size();
  EXPECT_EQ(report["failed_items"].get<size_t>(), 2u) << first.out;
  EXPECT_EQ(listed, 2u) << first.out;
  ProcessResult show = env.ark.Run({"backup", "show", report["job_id"]});
  EXPECT_NE(show.out.find("error: message"), std::string::npos) << show.out;

  env.Admin("DELETE", "/faults");
  ProcessResult second = env.Backup();
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  EXPECT_EQ(Differences(env.Truth(), env.Snapshot("latest")), "");

  // An incremental whose delta links are all invalid (410): every collection is read again, nothing lost.
  nlohmann::json mutation = {{"seed", 9}, {"fraction", 0.1}};
  env.Admin("POST", "/mutate", &mutation);
  AddFault(env, {{"route", "/v1.0/users/*/mailFolders/*/messages/delta"},
                 {"fault", "delta-token-invalid"},
                 {"count", 10}});
  AddFault(env, {{"route", "/v1.0/drives/*"}, {"fault", "delta-token-invalid"}, {"count", 3}});
  ProcessResult third = env.Backup();
  ASSERT_EQ(third.exit_code, 0) << third.err << third.out;
  EXPECT_EQ(Differences(env.Truth(), env.Snapshot("latest")), "");
}

TEST(BackupResilienceTest, KilledRunsResumeAndEndEqualToTheTruth) {
  BackupEnv env("small");
  std::mt19937 random(20261123);  // seeded: the kill points repeat
  ProcessOptions options;
  options.env["ARK365_HOME"] = env.home();
  int killed = 0;
  for (int round = 0; round < 4; ++round) {
    BackgroundProcess run(env.BackupArgv({"--checkpoint-interval", "1"}), options);
    auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(800, 3500)(random));
    // The kill point is the test's input, not a wait for readiness.
    bool finished = WaitUntil([&] { return !run.running(); }, delay);
    if (finished) break;
    run.Stop(SIGKILL);
    ++killed;
  }
  EXPECT_GT(killed, 0);
  ProcessResult last = env.Backup();
  ASSERT_EQ(last.exit_code, 0) << last.err << last.out;
  nlohmann::json report = nlohmann::json::parse(last.out);
  EXPECT_TRUE(report["resumed"].get<bool>()) << last.out;
  EXPECT_EQ(Differences(env.Truth(), env.Snapshot("latest")), "");
  EXPECT_EQ(env.Snapshots().size(), 1u);
  // The catalog holds every message of the snapshot once.
  ProcessResult snapshots = env.ark.Run({"--json", "catalog", "snapshots", "all"});
  ASSERT_EQ(snapshots.exit_code, 0) << snapshots.err;
  EXPECT_EQ(nlohmann::json::parse(snapshots.out)["snapshots"].size(), 1u);
}

}  // namespace
}  // namespace ark::testing
