// Crash consistency of the repository: backups and prunes killed at random points lose nothing.
#include <signal.h>

#include <thread>

#include "e2e/repo_support.h"

namespace ark::testing {
namespace {

class RepoCrashTest : public RepoFixture {
 protected:
  // Restores `snapshot` into a fresh directory and returns its path.
  std::string Restore(const std::string& snapshot, const std::string& name) {
    std::string target = Path(name);
    std::filesystem::remove_all(target);
    ProcessResult r = Ark({"repo", "restore", snapshot, "--target", target});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return target;
  }
  void ExpectCheckPasses(bool read_data = false) {
    std::vector<std::string> args = {"repo", "check"};
    if (read_data) args.push_back("--read-data");
    ProcessResult r = Ark(args);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  }
};

TEST_F(RepoCrashTest, BackupKilledAtRandomPointsLosesNothingAndResumes) {
  std::string src = Path("src");
  uint64_t corpus = MakeCorpus(src, 11, 6, 4u << 20, 300);
  Init();
  std::mt19937 rng(20260105);
  bool resumed_from_orphans = false;
  for (int kill = 0; kill < 6; ++kill) {
    size_t before = PackFiles(RepoPath()).size();
    size_t target = before + 1 + rng() % 8;
    BackgroundProcess backup(Argv({"--json", "repo", "backup-path", src}), Options());
    WaitUntil([&] { return PackFiles(RepoPath()).size() >= target || !backup.running(); },
              std::chrono::seconds(60));
    backup.Stop(SIGKILL);
    ExpectCheckPasses();
  }
  nlohmann::json done = ArkJson({"repo", "backup-path", src});
  resumed_from_orphans = done.value("orphan_packs_indexed", 0) > 0;
  std::vector<std::string> packs = PackFiles(RepoPath());
  uint64_t stored = 0;
  for (const std::string& p : packs) stored += std::filesystem::file_size(p);
  // Work done before the kills was kept and reused: the repository holds the
  // corpus about once, not once per attempt.
  EXPECT_LT(stored, corpus + corpus / 5) << "stored " << stored << " for a corpus of " << corpus;
  EXPECT_TRUE(resumed_from_orphans || done["summary"]["added_bytes"].get<uint64_t>() < corpus / 2);
  ExpectCheckPasses(/*read_data=*/true);
  std::string out = Restore("latest", "restored");
  EXPECT_EQ(CompareTrees(src, out + src), "");
}

class RepoPruneCrashTest : public RepoCrashTest {
 protected:
  void SetUp() override {
    src_ = Path("src");
    MakeCorpus(src_, 21, 4, 3u << 20, 200);
    Init();
    first_ = ArkJson({"repo", "backup-path", src_})["id"];
    // Second state: some large files and mails gone, new ones added.
    std::filesystem::remove(src_ + "/large/file0.bin");
    for (int i = 0; i < 200; i += 3)
      std::filesystem::remove(src_ + "/mail/folder" + std::to_string(i % 7) + "/m" + std::to_string(i) +
                              ".eml");
    MakeCorpus(src_ + "/more", 22, 1, 2u << 20, 50);
    second_ = ArkJson({"repo", "backup-path", src_})["id"];
    reference_ = Restore(second_, "reference");
    ASSERT_EQ(Ark({"repo", "forget", first_}).exit_code, 0);
  }
  void ExpectSecondIntact() {
    ExpectCheckPasses();
    std::string out = Restore(second_, "after");
    EXPECT_EQ(CompareTrees(reference_, out), "");
  }

  std::string src_;
  std::string first_;
  std::string second_;
  std::string reference_;
};

TEST_F(RepoPruneCrashTest, PruneKilledAtEveryStepLosesNothing) {
  for (const char* step : {"marked", "repacked", "locked", "planned", "index written", "old index removed"}) {
    SCOPED_TRACE(step);
    ProcessResult r = Ark({"repo", "prune"}, {{"ARK365_TEST_CRASH_AT_PRUNE_STEP", step}});
    EXPECT_NE(r.exit_code, 0) << "prune should have stopped at " << step;
    ExpectSecondIntact();
  }
  nlohmann::json pruned = ArkJson({"repo", "prune"});
  EXPECT_GT(pruned["bytes_freed"].get<uint64_t>() + pruned["orphans_deleted"].get<uint64_t>(), 0u);
  ExpectCheckPasses(/*read_data=*/true);
  ExpectSecondIntact();
}

TEST_F(RepoPruneCrashTest, PruneKilledAtRandomTimesLosesNothing) {
  std::mt19937 rng(7);
  for (int i = 0; i < 3; ++i) {
    BackgroundProcess prune(Argv({"repo", "prune"}), Options());
    WaitUntil([&] { return !std::filesystem::is_empty(RepoPath() + "/locks") || !prune.running(); },
              std::chrono::seconds(30));
    // A random point after prune has started: the kill lands somewhere in its work.
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 120));
    prune.Stop(SIGKILL);
    ExpectSecondIntact();
  }
}

TEST_F(RepoPruneCrashTest, BackupDuringPruneKeepsWhatItReferences) {
  // Prune pauses after marking: snapshot 1's data is planned for deletion.
  std::string resume = Path("resume");
  BackgroundProcess prune(
      Argv({"--json", "repo", "prune"}),
      Options({{"ARK365_TEST_PAUSE_AT_PRUNE_STEP", "repacked"}, {"ARK365_TEST_RESUME_FILE", resume}}));
  ASSERT_TRUE(
      WaitUntil([&] { return !std::filesystem::is_empty(RepoPath() + "/locks"); }, std::chrono::seconds(30)));
  // Meanwhile a backup brings back the data of snapshot 1, deduplicated against
  // the very packs prune means to delete; a second prune must not run.
  MakeCorpus(src_ + "/restored-old", 21, 4, 3u << 20, 0);
  ProcessResult second_prune = Ark({"repo", "prune"});
  EXPECT_EQ(second_prune.exit_code, 1);
  EXPECT_NE(second_prune.err.find("lock for prune"), std::string::npos) << second_prune.err;
  nlohmann::json during = ArkJson({"repo", "backup-path", src_});
  std::string third = during["id"];
  std::ofstream(resume) << "go";
  EXPECT_EQ(prune.Stop(0, std::chrono::seconds(60)), 0);
  std::ifstream log(prune.log_path());
  std::string output((std::istreambuf_iterator<char>(log)), {});
  nlohmann::json result = nlohmann::json::parse(output.substr(output.find('{')), nullptr, false);
  ASSERT_TRUE(result.is_object()) << output;
  EXPECT_GT(result.value("packs_kept_for_new_snapshots", 0), 0)
      << "the test must exercise the keep path: " << output;
  ExpectCheckPasses(/*read_data=*/true);
  std::string out = Restore(third, "third");
  EXPECT_EQ(CompareTrees(src_, out + src_), "");
}

}  // namespace
}  // namespace ark::testing
