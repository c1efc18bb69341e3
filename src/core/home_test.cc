#include "core/home.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace ark {
namespace {

class HomeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"ARK365_HOME", "XDG_DATA_HOME", "HOME"}) {
      const char* old = std::getenv(v);
      saved_.emplace_back(v, old ? std::optional<std::string>(old) : std::nullopt);
    }
    ::unsetenv("ARK365_HOME");
    ::unsetenv("XDG_DATA_HOME");
    ::setenv("HOME", "/home/alice", 1);
  }
  void TearDown() override {
    for (const auto& [k, v] : saved_) {
      if (v)
        ::setenv(k.c_str(), v->c_str(), 1);
      else
        ::unsetenv(k.c_str());
    }
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(HomeTest, PrecedenceFlagThenEnvThenXdgThenHome) {
  EXPECT_EQ(*ResolveHomePath(std::nullopt), "/home/alice/.local/share/ark365");
  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  EXPECT_EQ(*ResolveHomePath(std::nullopt), "/xdg/ark365");
  ::setenv("ARK365_HOME", "/srv/ark365", 1);
  EXPECT_EQ(*ResolveHomePath(std::nullopt), "/srv/ark365");
  EXPECT_EQ(*ResolveHomePath(std::string("/opt/ark//x/../y")), "/opt/ark/y");
}

TEST_F(HomeTest, NoHomeAtAllIsAnActionableError) {
  ::unsetenv("HOME");
  Result<std::string> r = ResolveHomePath(std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("--home"), std::string::npos);
}

TEST_F(HomeTest, OpenCreatesPrivateDirectoryAndNamesItsFiles) {
  std::string root = std::filesystem::temp_directory_path() / ("ark-home-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  Result<Home> h = OpenHome(root + "/state");
  ASSERT_TRUE(h.ok()) << h.status().message();
  struct stat st {};
  ASSERT_EQ(::stat(h->root.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(h->Database(), root + "/state/ark365.db");
  EXPECT_EQ(h->Repository(), root + "/state/repository");
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace ark
