// `ark365 config show|check|keys`: the effective configuration and its validation.
#include <nlohmann/json.hpp>

#include "cli/command.h"

namespace ark::cli {
namespace {

ExitCode Show(CommandContext& ctx) {
  Result<std::string> home = ResolveHomePath(ctx.options().home);
  if (!home.ok()) return Finish(ctx, home.status());
  const Config& c = ctx.config();
  std::string level = c.log.level.value_or(c.log.file ? "info" : "warn");
  std::string repo = c.repository.path.value_or(Home{*home}.Repository());
  nlohmann::ordered_json doc;
  doc["home"] = *home;
  doc["source"] = c.source.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.source);
  doc["log"] = {{"level", level},
                {"format", c.log.format == LogFormat::kJson ? "json" : "text"},
                {"file", c.log.file ? nlohmann::json(*c.log.file) : nlohmann::json(nullptr)}};
  doc["repository"] = {{"path", repo}};
  doc["performance"] = {{"workers", c.performance.workers},
                        {"memory_limit_mib", c.performance.memory_limit_mib}};
  if (ctx.out().json()) {
    ctx.out().Json(doc);
    return ExitCode::kSuccess;
  }
  ctx.out().Text("# home: " + *home);
  ctx.out().Text("# configuration file: " + (c.source.empty() ? std::string("(none; defaults)") : c.source));
  ctx.out().Text("[log]");
  ctx.out().Text("level = \"" + level + "\"");
  ctx.out().Text(std::string("format = \"") + (c.log.format == LogFormat::kJson ? "json" : "text") + "\"");
  if (c.log.file) ctx.out().Text("file = \"" + *c.log.file + "\"");
  ctx.out().Text("[repository]");
  ctx.out().Text("path = \"" + repo + "\"");
  ctx.out().Text("[performance]");
  ctx.out().Text("workers = " + std::to_string(c.performance.workers));
  ctx.out().Text("memory_limit_mib = " + std::to_string(c.performance.memory_limit_mib));
  return ExitCode::kSuccess;
}

ExitCode Check(CommandContext& ctx) {
  // Prepare() already loaded and validated the file; reaching here means it is valid.
  const std::string& source = ctx.config().source;
  ctx.out().Text(source.empty() ? "no configuration file; defaults are in effect" : source + ": valid");
  ctx.out().Json({{"valid", true}, {"source", source}});
  return ExitCode::kSuccess;
}

ExitCode Keys(CommandContext& ctx) {
  nlohmann::json list = nlohmann::json::array();
  for (const ConfigKeyInfo& k : ConfigKeys()) {
    ctx.out().Text(k.key + "  (" + k.expected + "; default " + k.default_value + ")\n    " + k.description);
    list.push_back({{"key", k.key},
                    {"expected", k.expected},
                    {"default", k.default_value},
                    {"description", k.description}});
  }
  ctx.out().Json(list);
  return ExitCode::kSuccess;
}

}  // namespace

void RegisterConfigCommands(CLI::App& app, CommandRunner& runner) {
  auto* config = app.add_subcommand("config", "Show and check the configuration");
  config->require_subcommand(1);
  config->add_subcommand("show", "Print the configuration in effect")->callback([&runner] {
    runner.Select(Show);
  });
  config->add_subcommand("check", "Validate the configuration file")->callback([&runner] {
    runner.Select(Check);
  });
  config->add_subcommand("keys", "List every configuration key with its accepted values")
      ->callback([&runner] { runner.Select(Keys, /*needs_environment=*/false); });
}

}  // namespace ark::cli
