#include "core/config.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

TEST(ConfigTest, EmptyFileGivesDefaults) {
  Result<Config> c = ParseConfig("", "/etc/ark365/config.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_FALSE(c->log.level.has_value());
  EXPECT_EQ(c->log.format, LogFormat::kText);
  EXPECT_EQ(c->performance.workers, 8);
  EXPECT_EQ(c->performance.memory_limit_mib, 256);
  EXPECT_EQ(c->source, "/etc/ark365/config.toml");
}

TEST(ConfigTest, EveryKeyIsRead) {
  Result<Config> c = ParseConfig(R"(
[log]
level = "debug"
format = "json"
file = "/var/log/ark365.log"

[repository]
path = "/srv/ark365-repo"

[performance]
workers = 32
memory_limit_mib = 1024
)",
                                 "c.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->log.level, "debug");
  EXPECT_EQ(c->log.format, LogFormat::kJson);
  EXPECT_EQ(c->log.file, "/var/log/ark365.log");
  EXPECT_EQ(c->repository.path, "/srv/ark365-repo");
  EXPECT_EQ(c->performance.workers, 32);
  EXPECT_EQ(c->performance.memory_limit_mib, 1024);
}

TEST(ConfigTest, BadEnumValueNamesFileLineKeyValueAndChoices) {
  Result<Config> c = ParseConfig("[log]\n\nlevel = \"loud\"\n", "/home/a/config.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message(),
            "/home/a/config.toml:3: log.level = the string \"loud\" is not valid; expected a string, one of: "
            "trace, debug, info, warn, error, off");
}

TEST(ConfigTest, OutOfRangeAndWrongType) {
  Result<Config> range = ParseConfig("[performance]\nworkers = 0\n", "c.toml");
  ASSERT_FALSE(range.ok());
  EXPECT_NE(range.status().message().find("c.toml:2: performance.workers = the integer 0 is not valid; "
                                          "expected an integer from 1 to 256"),
            std::string::npos)
      << range.status().message();
  Result<Config> type = ParseConfig("[performance]\nworkers = \"many\"\n", "c.toml");
  ASSERT_FALSE(type.ok());
  EXPECT_NE(type.status().message().find("the string \"many\""), std::string::npos);
}

TEST(ConfigTest, UnknownKeyListsKnownOnes) {
  Result<Config> c = ParseConfig("[log]\nlevle = \"info\"\n", "c.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(
      c.status().message().find("c.toml:2: unknown key 'log.levle'; known keys here: log.level, log.format, "
                                "log.file"),
      std::string::npos)
      << c.status().message();
}

TEST(ConfigTest, UnknownSection) {
  Result<Config> c = ParseConfig("[nonsense]\nx = 1\n", "c.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("unknown section [nonsense]"), std::string::npos);
}

TEST(ConfigTest, SyntaxErrorNamesTheLine) {
  Result<Config> c = ParseConfig("[log]\nlevel = \n", "c.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("c.toml:2: not valid TOML"), std::string::npos) << c.status().message();
}

TEST(ConfigTest, MissingFileIsFineUnlessExplicit) {
  EXPECT_TRUE(LoadConfig("/nonexistent/ark365/config.toml", false).ok());
  Result<Config> c = LoadConfig("/nonexistent/ark365/config.toml", true);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
}

TEST(ConfigTest, KeysAreDocumented) {
  for (const ConfigKeyInfo& k : ConfigKeys()) {
    EXPECT_FALSE(k.expected.empty()) << k.key;
    EXPECT_FALSE(k.description.empty()) << k.key;
  }
  EXPECT_GE(ConfigKeys().size(), 6u);
}

}  // namespace
}  // namespace ark
