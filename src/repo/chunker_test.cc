// Tests of FastCDC chunking: bounds, determinism, and locality of edits.
#include "repo/chunker.h"

#include <gtest/gtest.h>

#include <set>

#include "repo/repo_test_util.h"

namespace ark::repo {
namespace {

std::vector<std::string> Cut(const std::string& data, const ChunkerParams& p, const GearTable& gear,
                             size_t feed) {
  Chunker chunker(p, gear);
  std::vector<std::string> chunks;
  std::string buf;
  for (size_t pos = 0; pos < data.size(); pos += feed) {
    buf.append(data, pos, feed);
    while (size_t cut = chunker.Scan(buf)) {
      chunks.push_back(buf.substr(0, cut));
      buf.erase(0, cut);
      chunker.Reset();
    }
  }
  if (!buf.empty()) chunks.push_back(buf);
  return chunks;
}

TEST(ChunkerTest, SmallContentIsOneChunk) {
  GearTable gear = MakeGearTable("key");
  ChunkerParams p;
  auto chunks = Cut(testing::RandomData(200000, 1), p, gear, 4096);
  ASSERT_EQ(chunks.size(), 1u);
}

TEST(ChunkerTest, ChunksRespectBoundsAndDoNotDependOnFeedSize) {
  GearTable gear = MakeGearTable("key");
  ChunkerParams p;
  std::string data = testing::RandomData(40u << 20, 2);
  auto a = Cut(data, p, gear, 1u << 20);
  auto b = Cut(data, p, gear, 77777);
  ASSERT_EQ(a, b);
  ASSERT_GT(a.size(), 10u);
  std::string joined;
  for (size_t i = 0; i < a.size(); ++i) {
    if (i + 1 < a.size()) {
      EXPECT_GE(a[i].size(), p.min_size);
    }
    EXPECT_LE(a[i].size(), p.max_size);
    joined += a[i];
  }
  EXPECT_EQ(joined, data);
  double avg = static_cast<double>(data.size()) / static_cast<double>(a.size());
  EXPECT_GT(avg, 0.5 * p.avg_size);
  EXPECT_LT(avg, 2.0 * p.avg_size);
}

TEST(ChunkerTest, AnInsertedEditChangesOnlyNearbyChunks) {
  GearTable gear = MakeGearTable("key");
  ChunkerParams p;
  std::string data = testing::RandomData(32u << 20, 3);
  std::string edited = data;
  edited.insert(16u << 20, "an edit in the middle of a large file");
  auto before = Cut(data, p, gear, 1u << 20);
  auto after = Cut(edited, p, gear, 1u << 20);
  std::set<std::string> old(before.begin(), before.end());
  size_t fresh = 0;
  for (const std::string& c : after) fresh += old.contains(c) ? 0 : 1;
  EXPECT_LE(fresh, 2u);
}

TEST(ChunkerTest, TheGearTableIsKeyed) {
  EXPECT_NE(MakeGearTable("a"), MakeGearTable("b"));
  ChunkerParams bad;
  bad.avg_size = 3u << 20;
  EXPECT_FALSE(bad.Validate().ok());
}

}  // namespace
}  // namespace ark::repo
