// CommandContext: the environment of a command (configuration, logging, home, progress).
#include "cli/command.h"

#include <spdlog/spdlog.h>

#include "core/log.h"

namespace ark::cli {

Result<Home> CommandContext::home() { return OpenHome(options_.home); }

std::unique_ptr<Progress> CommandContext::progress() {
  ProgressMode mode = ProgressMode::kAuto;
  if (options_.progress == "bar") mode = ProgressMode::kBar;
  if (options_.progress == "json") mode = ProgressMode::kJsonLines;
  if (options_.progress == "none") mode = ProgressMode::kSilent;
  // In JSON mode stdout carries the result document, so events go to stderr.
  std::FILE* stream = out_.json() ? stderr : stdout;
  if (out_.json() && mode == ProgressMode::kAuto) mode = ProgressMode::kJsonLines;
  return MakeProgress(mode, stream);
}

Status CommandContext::Prepare() {
  ARK_ASSIGN_OR_RETURN(std::string home_path, ResolveHomePath(options_.home));
  if (options_.config_file) {
    ARK_ASSIGN_OR_RETURN(config_, LoadConfig(*options_.config_file, /*must_exist=*/true));
  } else {
    ARK_ASSIGN_OR_RETURN(config_, LoadConfig(home_path + "/config.toml", /*must_exist=*/false));
  }
  if (options_.log_level) {
    ARK_RETURN_IF_ERROR(ValidateLogLevel(*options_.log_level).Context("--log-level"));
    config_.log.level = *options_.log_level;
  }
  if (options_.log_format) {
    Result<LogFormat> f = ParseLogFormat(*options_.log_format);
    if (!f.ok()) return f.status().Context("--log-format");
    config_.log.format = *f;
  }
  if (options_.log_file) config_.log.file = *options_.log_file;
  LogOptions log;
  log.level = config_.log.level.value_or(config_.log.file ? "info" : "warn");
  log.format = config_.log.format;
  log.file = config_.log.file;
  return InitLogging(log);
}

ExitCode Finish(CommandContext& ctx, const Status& status) {
  if (!status.ok()) {
    if (status.cause() != nullptr) spdlog::debug("{}", status.ToString());
    ctx.out().Error(status);
  }
  return ExitCodeFor(status);
}

}  // namespace ark::cli
