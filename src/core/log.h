// Structured logging for every part of Ark365, on spdlog.
//
// Parts log through spdlog's default logger (spdlog::info(...)). InitLogging()
// installs the sinks chosen on the command line or in the configuration:
// stderr (text) and an optional log file (text or JSON lines). Every sink
// passes each message through Redact() first, so a credential that slips into
// a log call still never reaches a terminal or a file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ark {

enum class LogFormat { kText, kJson };

struct LogOptions {
  // trace, debug, info, warn, error, off.
  std::string level = "warn";
  LogFormat format = LogFormat::kText;
  // When set, messages at `level` go to this file; stderr then shows only
  // warnings and errors so that progress output stays readable.
  std::optional<std::string> file;
};

// Validates a level name; the error names the accepted values.
Status ValidateLogLevel(std::string_view level);
Result<LogFormat> ParseLogFormat(std::string_view name);

// Replaces the default logger. Safe to call again (tests do).
Status InitLogging(const LogOptions& options);

}  // namespace ark
