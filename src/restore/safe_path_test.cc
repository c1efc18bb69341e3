// The path sanitiser against a hostile corpus, and TargetDirectory against names and planted links.
#include "restore/safe_path.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "restore/target_directory.h"

namespace ark::restore {
namespace {

namespace fs = std::filesystem;

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

std::vector<std::string> HostileNames() {
  std::vector<std::string> names = {
      "",
      ".",
      "..",
      "...",
      "../../etc/passwd",
      "..\\..\\windows\\system32",
      "/etc/shadow",
      "/",
      "//",
      "\\",
      "C:",
      "C:\\Windows",
      "c:/x",
      "\\\\server\\share\\x",
      "CON",
      "con",
      "Con.txt",
      "NUL",
      "nul.tar.gz",
      "PRN",
      "AUX",
      "COM1",
      "com9.log",
      "LPT1",
      "lpt3.txt",
      "CONIN$",
      "CONOUT$",
      "COM\xC2\xB9",
      "NUL ",
      "trailing.",
      "trailing ",
      "trailing. . .",
      " ",
      "a\0b",
      std::string("\0", 1),
      std::string("x\0/../y", 7),
      "tab\there",
      "new\nline",
      "bell\x07",
      "del\x7F",
      "a<b>c:d\"e|f?g*h",
      "\xFF\xFE",
      "\xC0\xAF",
      "\xE0\x80\xAF",
      "\xED\xA0\x80",
      "\xF4\x90\x80\x80",
      "ok\xC3",
      "caf\xC3\xA9",
      "emoji \xF0\x9F\x98\x80.txt",
      std::string(300, 'a'),
      std::string(300, 'a') + ".txt",
      std::string(200, 'a') + std::string(50, 'b') + "." + std::string(100, 'c'),
      std::string(120, '\xE2') /* broken */,
      "\xE2\x82\xAC" + std::string(400, 'x'),
      std::string(100, '.'),
      "..." + std::string(1, '/') + "...",
      "Résumés & CVs",
      "#%&~.docx",
  };
  std::string long_utf8;
  for (int i = 0; i < 200; ++i) long_utf8 += "\xE6\x97\xA5";  // 日, 600 bytes
  names.push_back(long_utf8);
  return names;
}

TEST(SafeComponentTest, NoHostileNameSurvives) {
  for (const std::string& name : HostileNames()) {
    std::string safe = SafeComponent(name);
    SCOPED_TRACE(testing::Message() << "name: " << testing::PrintToString(name) << " -> " << safe);
    EXPECT_FALSE(safe.empty());
    EXPECT_NE(safe, ".");
    EXPECT_NE(safe, "..");
    EXPECT_EQ(safe.find('/'), std::string::npos);
    EXPECT_EQ(safe.find('\\'), std::string::npos);
    EXPECT_EQ(safe.find(':'), std::string::npos);
    EXPECT_EQ(safe.find('\0'), std::string::npos);
    EXPECT_LE(safe.size(), kMaxComponentBytes);
    EXPECT_TRUE(ValidUtf8(safe));
    EXPECT_FALSE(IsDeviceName(safe));
    EXPECT_NE(safe.back(), '.');
    EXPECT_NE(safe.back(), ' ');
    for (unsigned char c : safe) EXPECT_GE(c, 0x20);
    EXPECT_EQ(SafeComponent(safe), safe) << "sanitising must be idempotent";
  }
}

TEST(SafeComponentTest, OrdinaryNamesAreUnchanged) {
  for (std::string name : {"Inbox", "Résumés & CVs", "report 2024 (final).docx", "#%&~.txt", "日本語",
                           "emoji \xF0\x9F\x98\x80.txt", ".hidden", "a.b.c", "CONSOLE.txt", "nullable"}) {
    EXPECT_EQ(SafeComponent(name), name);
  }
}

TEST(SafeComponentTest, DistinctNamesStayDistinct) {
  std::set<std::string> seen;
  for (std::string name : {"a.", "a", "a ", "a:", "a/", "a\\", "a?", "a*", "con", "_con"}) {
    EXPECT_TRUE(seen.insert(SafeComponent(name)).second) << name;
  }
}

TEST(SafeComponentTest, LongNamesKeepTheirExtension) {
  std::string safe = SafeComponent(std::string(300, 'a') + ".pdf");
  EXPECT_EQ(safe.size(), kMaxComponentBytes);
  EXPECT_TRUE(safe.ends_with(".pdf"));
}

TEST(SafeComponentsTest, AbsoluteAndTraversingPathsStayRelative) {
  EXPECT_EQ(SafeComponents("/Inbox/Sub"), (std::vector<std::string>{"Inbox", "Sub"}));
  std::vector<std::string> parts = SafeComponents("/../../etc/passwd");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_NE(parts[0], "..");
  EXPECT_NE(parts[1], "..");
  auto path = SafeRelativePath(parts);
  ASSERT_TRUE(path.ok());
  EXPECT_FALSE(path->starts_with("/"));
  EXPECT_EQ(path->find("../"), std::string::npos);
}

TEST(SafeRelativePathTest, RefusesOverlongPaths) {
  std::vector<std::string> deep(20, std::string(200, 'd'));
  auto path = SafeRelativePath(deep);
  EXPECT_FALSE(path.ok());
  EXPECT_NE(path.status().message().find("shallower"), std::string::npos);
}

class TargetDirectoryTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ark-target-XXXXXX";
    base_ = ::mkdtemp(pattern);
    fs::create_directories(base_ / "outside");
  }
  void TearDown() override { fs::remove_all(base_); }

  // Every path under the base, relative to it.
  std::set<std::string> Tree() {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(base_)) out.insert(fs::relative(e.path(), base_));
    return out;
  }

  fs::path base_;
};

TEST_F(TargetDirectoryTest, HostileNamesStayInsideTheTarget) {
  auto target = TargetDirectory::Open(base_ / "target");
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  int written = 0;
  for (const std::string& name : HostileNames()) {
    auto file = target->CreateFile({name, "..", name}, name);
    if (!file.ok()) continue;  // too long for a path: refused, and nothing written
    ASSERT_TRUE(file->Write("x").ok());
    ASSERT_TRUE(file->Commit().ok());
    ++written;
  }
  EXPECT_GT(written, 40);
  for (const std::string& path : Tree()) {
    EXPECT_TRUE(path == "outside" || path == "target" || path.starts_with("target/")) << path;
  }
  EXPECT_TRUE(fs::is_empty(base_ / "outside"));
}

TEST_F(TargetDirectoryTest, PlantedLinksAreNotFollowed) {
  fs::create_directories(base_ / "target");
  fs::create_directory_symlink(base_ / "outside", base_ / "target" / "Inbox");
  auto target = TargetDirectory::Open(base_ / "target");
  ASSERT_TRUE(target.ok());
  auto file = target->CreateFile({"Inbox"}, "m.eml");
  EXPECT_FALSE(file.ok());
  EXPECT_TRUE(fs::is_empty(base_ / "outside"));
}

TEST_F(TargetDirectoryTest, ExistingFilesAreNeverReplaced) {
  auto target = TargetDirectory::Open(base_ / "target");
  ASSERT_TRUE(target.ok());
  for (int i = 0; i < 3; ++i) {
    auto file = target->CreateFile({"d"}, "same.txt");
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(file->Write(std::to_string(i)).ok());
    ASSERT_TRUE(file->Commit().ok());
  }
  EXPECT_TRUE(fs::exists(base_ / "target/d/same.txt"));
  EXPECT_TRUE(fs::exists(base_ / "target/d/same (2).txt"));
  EXPECT_TRUE(fs::exists(base_ / "target/d/same (3).txt"));
}

TEST_F(TargetDirectoryTest, UncommittedFilesAreRemoved) {
  auto target = TargetDirectory::Open(base_ / "target");
  ASSERT_TRUE(target.ok());
  {
    auto file = target->CreateFile({}, "partial.bin");
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(file->Write("half").ok());
  }
  EXPECT_FALSE(fs::exists(base_ / "target/partial.bin"));
}

}  // namespace
}  // namespace ark::restore
