// `ark365 --version` / `ark365 version`: version, git commit and linked library versions.
#include <curl/curl.h>
#include <fmt/core.h>
#include <openssl/crypto.h>
#include <sodium.h>
#include <spdlog/version.h>
#include <sqlite3.h>
#include <toml++/toml.h>
#include <zstd.h>

#include <CLI/Version.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/version_info.h"

namespace ark::cli {
namespace {

std::string Join3(int a, int b, int c) {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c);
}

nlohmann::ordered_json Libraries() {
  nlohmann::ordered_json libs;
  libs["OpenSSL"] = OpenSSL_version(OPENSSL_VERSION_STRING);
  libs["libcurl"] = curl_version_info(CURLVERSION_NOW)->version;
  libs["libsodium"] = sodium_version_string();
  libs["zstd"] = ZSTD_versionString();
  libs["SQLite"] = sqlite3_libversion();
  libs["spdlog"] = Join3(SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH);
  libs["fmt"] = Join3(FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
  libs["nlohmann-json"] =
      Join3(NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH);
  libs["CLI11"] = CLI11_VERSION;
  libs["toml++"] = Join3(TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH);
  return libs;
}

ExitCode PrintVersion(CommandContext& ctx) {
  nlohmann::ordered_json libs = Libraries();
  if (ctx.out().json()) {
    ctx.out().Json({{"version", kVersion}, {"commit", kGitCommit}, {"libraries", libs}});
  } else {
    ctx.out().Text(std::string("ark365 ") + kVersion + " (commit " + kGitCommit + ")");
    std::string line = "libraries:";
    for (const auto& [name, version] : libs.items())
      line += " " + name + " " + version.get<std::string>() + ",";
    line.pop_back();
    ctx.out().Text(line);
  }
  return ExitCode::kSuccess;
}

}  // namespace

void RegisterVersionCommand(CLI::App& app, CommandRunner& runner, GlobalOptions& global) {
  app.add_flag("--version", global.version, "Print the version and the versions of linked libraries");
  auto* cmd = app.add_subcommand("version", "Print the version and the versions of linked libraries");
  cmd->callback([&runner] { runner.Select(PrintVersion, /*needs_environment=*/false); });
  app.parse_complete_callback([&app, &runner, &global] {
    if (global.version && app.get_subcommands().empty()) runner.Select(PrintVersion, false);
  });
}

}  // namespace ark::cli
