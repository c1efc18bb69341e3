#include "core/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace ark {
namespace {

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  void Advance(std::chrono::milliseconds d) { now += d; }
};

std::string Drain(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    out.push_back(nlohmann::json::parse(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return out;
}

TEST(ProgressTest, JsonLinesAreRateLimitedAndCarryRateAndEta) {
  FakeClock clock;
  std::FILE* f = std::tmpfile();
  auto p = MakeProgress(ProgressMode::kJsonLines, f, [&] { return clock.now; });
  p->Begin("backup", 100, 1000);
  for (int i = 0; i < 10; ++i) {
    clock.Advance(std::chrono::milliseconds(100));
    p->Advance(1, 10);  // ten updates within one second: at most one event
  }
  clock.Advance(std::chrono::milliseconds(1000));
  p->Advance(10, 100);
  p->End("done");
  auto lines = JsonLines(Drain(f));
  std::fclose(f);
  ASSERT_GE(lines.size(), 3u);
  ASSERT_LE(lines.size(), 4u);
  EXPECT_EQ(lines.front()["event"], "begin");
  EXPECT_EQ(lines.back()["event"], "end");
  EXPECT_EQ(lines.back()["items_done"], 20);
  EXPECT_EQ(lines.back()["bytes_done"], 200);
  EXPECT_EQ(lines.back()["summary"], "done");
  const nlohmann::json& mid = lines[lines.size() - 2];
  EXPECT_EQ(mid["event"], "progress");
  EXPECT_GT(mid["bytes_per_second"].get<uint64_t>(), 0u);
  EXPECT_TRUE(mid.contains("eta_seconds"));
}

TEST(ProgressTest, BarShowsPercentCountsAndNote) {
  FakeClock clock;
  std::FILE* f = std::tmpfile();
  auto p = MakeProgress(ProgressMode::kBar, f, [&] { return clock.now; });
  p->Begin("restore", 4, 0);
  clock.Advance(std::chrono::seconds(2));
  p->Advance(2, 2048);
  p->Note("throttled, retrying in 3 s");
  p->End("restored 2 items");
  std::string out = Drain(f);
  std::fclose(f);
  EXPECT_NE(out.find(" 50%"), std::string::npos) << out;
  EXPECT_NE(out.find("2/4 items"), std::string::npos) << out;
  EXPECT_NE(out.find("2.0 KiB"), std::string::npos) << out;
  EXPECT_NE(out.find("(throttled, retrying in 3 s)"), std::string::npos) << out;
  EXPECT_NE(out.find("\nrestored 2 items\n"), std::string::npos) << out;
}

TEST(ProgressTest, Formatting) {
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
  EXPECT_EQ(FormatBytes(uint64_t(3) << 30), "3.0 GiB");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(12), "12");
  EXPECT_EQ(FormatDuration(83), "0:01:23");
  EXPECT_EQ(FormatDuration(-1), "--:--");
}

}  // namespace
}  // namespace ark
