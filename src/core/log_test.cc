#include "core/log.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/file.h"
#include "core/secret.h"

namespace ark {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ark-log-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "ark365.log").string();
  }
  void TearDown() override {
    spdlog::drop_all();
    std::filesystem::remove_all(dir_);
  }
  std::string ReadLog() {
    spdlog::default_logger()->flush();
    return ReadFile(path_).value_or("");
  }
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(LogTest, ASecretInALoggedRequestNeverReachesTheLog) {
  ASSERT_TRUE(InitLogging({"debug", LogFormat::kText, path_}).ok());
  Secret secret("Zx8Q~TopSecretValue123");
  std::string clear(secret.reveal());
  // The ways a careless caller could leak it: the Secret itself, a form body,
  // a URL, a header, a JSON body.
  spdlog::info("using secret {}", secret);
  spdlog::debug("POST /token body: client_id=abc&client_secret={}&grant_type=client_credentials", clear);
  spdlog::info("redirect https://localhost/cb?code={}&state=s", clear);
  spdlog::info("request headers: Authorization: Bearer {}", clear);
  spdlog::warn("response {{\"refresh_token\":\"{}\",\"expires_in\":3599}}", clear);
  std::string log = ReadLog();
  EXPECT_EQ(log.find(clear), std::string::npos) << log;
  EXPECT_NE(log.find("client_secret=***"), std::string::npos) << log;
  EXPECT_NE(log.find("grant_type=client_credentials"), std::string::npos) << log;
  EXPECT_NE(log.find("using secret ***"), std::string::npos) << log;
}

TEST_F(LogTest, JsonFormatWritesOneObjectPerLine) {
  ASSERT_TRUE(InitLogging({"info", LogFormat::kJson, path_}).ok());
  spdlog::info("backup of {} started", "alice@contoso.com");
  spdlog::debug("not at this level");
  spdlog::error("password=abc failed");
  std::string log = ReadLog();
  std::vector<nlohmann::json> lines;
  size_t pos = 0;
  while (pos < log.size()) {
    size_t nl = log.find('\n', pos);
    lines.push_back(nlohmann::json::parse(log.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  ASSERT_EQ(lines.size(), 2u) << log;
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_EQ(lines[0]["msg"], "backup of alice@contoso.com started");
  EXPECT_TRUE(lines[0]["ts"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(lines[1]["msg"], "password=*** failed");
}

TEST_F(LogTest, LevelsAreValidated) {
  EXPECT_TRUE(ValidateLogLevel("trace").ok());
  Status bad = ValidateLogLevel("loud");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("trace, debug, info, warn, error, off"), std::string::npos);
  EXPECT_EQ(InitLogging({"verbose", LogFormat::kText, std::nullopt}).code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseLogFormat("xml").ok());
  EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
}

TEST_F(LogTest, UnwritableLogFileIsAClearError) {
  // A regular file where a directory should be: not even root can write there.
  std::string blocker = (dir_ / "not-a-dir").string();
  ASSERT_TRUE(WriteFileAtomic(blocker, "x").ok());
  std::string path = blocker + "/ark365.log";
  Status s = InitLogging({"info", LogFormat::kText, path});
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
}

}  // namespace
}  // namespace ark
