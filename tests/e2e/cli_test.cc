// The ark365 command line as users and scripts see it: version, help, errors, exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/subprocess.h"

namespace ark::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), ARK365_BIN);
    ProcessOptions o;
    o.env["ARK365_HOME"] = home_.path() + "/home";
    return RunProcess(args, o);
  }
  void WriteConfig(const std::string& text) {
    std::filesystem::create_directories(home_.path() + "/home");
    std::ofstream(home_.path() + "/home/config.toml") << text;
  }
  static int Lines(const std::string& s) { return int(std::count(s.begin(), s.end(), '\n')); }
  TempDir home_;
};

TEST_F(CliTest, VersionNamesProgramCommitAndLibraries) {
  ProcessResult r = Run({"--version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ark365 0.1.0 (commit "), std::string::npos) << r.out;
  for (const char* lib : {"OpenSSL", "libcurl", "libsodium", "zstd", "SQLite", "spdlog"}) {
    EXPECT_NE(r.out.find(lib), std::string::npos) << lib;
  }
}

TEST_F(CliTest, JsonVersionIsOneJsonDocument) {
  ProcessResult r = Run({"--json", "--version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], "0.1.0");
  EXPECT_TRUE(doc["commit"].is_string());
  EXPECT_TRUE(doc["libraries"]["OpenSSL"].get<std::string>().starts_with("3."));
}

TEST_F(CliTest, UnknownFlagIsOneLineUsageError) {
  ProcessResult r = Run({"--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(CliTest, UnknownFlagInJsonModeIsAJsonError) {
  ProcessResult r = Run({"--json", "config", "show", "--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["error"]["code"], "invalid_argument");
}

TEST_F(CliTest, BadConfigValueNamesFileLineKeyAndExpectation) {
  WriteConfig("[log]\nlevel = \"loud\"\n");
  ProcessResult r = Run({"config", "show"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("config.toml:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("log.level"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\"loud\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("trace, debug, info, warn, error, off"), std::string::npos) << r.err;
}

TEST_F(CliTest, VersionWorksEvenWithABrokenConfig) {
  WriteConfig("this is not toml = = =");
  EXPECT_EQ(Run({"--version"}).exit_code, 0);
}

TEST_F(CliTest, ValidConfigIsShownWithOverrides) {
  WriteConfig("[performance]\nworkers = 16\n");
  ProcessResult r = Run({"--json", "config", "show", "--log-level", "debug"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["performance"]["workers"], 16);
  EXPECT_EQ(doc["log"]["level"], "debug");
}

TEST_F(CliTest, HelpOfACommandAndOfAnUnknownOne) {
  ProcessResult ok = Run({"help", "config", "show"});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_NE(ok.out.find("Print the configuration in effect"), std::string::npos) << ok.out;
  ProcessResult bad = Run({"help", "frobnicate"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no command 'frobnicate'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace ark::testing
