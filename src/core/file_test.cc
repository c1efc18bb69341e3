#include "core/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace ark {
namespace {

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ark-file-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(FileTest, AtomicWriteReplacesContentAndLeavesNoTemporaries) {
  std::string path = (dir_ / "endpoints.json").string();
  ASSERT_TRUE(WriteFileAtomic(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomic(path, "second").ok());
  EXPECT_EQ(ReadFile(path).value(), "second");
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST_F(FileTest, AtomicWriteAppliesMode) {
  std::string path = (dir_ / "master.key").string();
  ASSERT_TRUE(WriteFileAtomic(path, "k", 0600).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(FileTest, AtomicWriteIntoMissingDirectoryFails) {
  Status s = WriteFileAtomic((dir_ / "missing" / "x").string(), "x");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
}

TEST_F(FileTest, ReadMissingFileIsNotFound) {
  Result<std::string> r = ReadFile((dir_ / "nope").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("nope"), std::string::npos);
}

TEST_F(FileTest, EnsureDirectoryCreatesParentsAndTightensMode) {
  std::string path = (dir_ / "a" / "b").string();
  ASSERT_TRUE(EnsureDirectory(path, 0700).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0755), 0);
  ASSERT_TRUE(EnsureDirectory(path, 0700).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(FileTest, EnsureDirectoryOverAFileFails) {
  std::string path = (dir_ / "f").string();
  ASSERT_TRUE(WriteFileAtomic(path, "x").ok());
  EXPECT_EQ(EnsureDirectory(path, 0700).code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ark
