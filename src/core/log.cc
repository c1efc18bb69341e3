// Logging set-up: redacting sinks, the JSON-lines formatter, level parsing.
#include "core/log.h"

#include <spdlog/details/log_msg.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/redact.h"
#include "core/time.h"

namespace ark {
namespace {

// Wraps a sink and hands it a copy of each message with credentials redacted.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string clean = Redact(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level, clean);
    inner_->log(copy);
  }
  void flush_() override { inner_->flush(); }
  void set_pattern_(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter_(std::unique_ptr<spdlog::formatter> f) override { inner_->set_formatter(std::move(f)); }

 private:
  spdlog::sink_ptr inner_;
};

// One JSON object per line: {"ts","level","logger","msg","thread"}.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::json line = {
        {"ts", FormatRfc3339(msg.time, /*millis=*/true)},
        {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                              spdlog::level::to_string_view(msg.level).size())},
        {"msg", std::string(msg.payload.data(), msg.payload.size())},
        {"thread", msg.thread_id},
    };
    if (msg.logger_name.size() > 0) {
      line["logger"] = std::string(msg.logger_name.data(), msg.logger_name.size());
    }
    // Invalid UTF-8 in a message is replaced, never allowed to throw.
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v";

}  // namespace

Status ValidateLogLevel(std::string_view level) {
  static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  for (std::string_view l : kLevels) {
    if (l == level) return Status::Ok();
  }
  return InvalidArgument("log level '" + std::string(level) +
                         "' is not valid; expected one of: trace, debug, info, warn, error, off");
}

Result<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return InvalidArgument("log format '" + std::string(name) + "' is not valid; expected text or json");
}

Status InitLogging(const LogOptions& options) {
  ARK_RETURN_IF_ERROR(ValidateLogLevel(options.level));
  spdlog::level::level_enum level = spdlog::level::from_str(options.level);

  std::vector<spdlog::sink_ptr> sinks;
  auto err = std::make_shared<RedactingSink>(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (options.file) {
    std::shared_ptr<spdlog::sinks::basic_file_sink_mt> file;
    try {
      file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(*options.file, /*truncate=*/false);
    } catch (const spdlog::spdlog_ex& e) {
      return IoError("cannot open log file " + *options.file + ": " + e.what() +
                     "; check the directory exists and is writable, or change --log-file");
    }
    auto redacting_file = std::make_shared<RedactingSink>(file);
    redacting_file->set_level(level);
    if (options.format == LogFormat::kJson) {
      redacting_file->set_formatter(std::make_unique<JsonFormatter>());
    } else {
      redacting_file->set_pattern(kTextPattern);
    }
    sinks.push_back(redacting_file);
    err->set_level(std::max(level, spdlog::level::warn));
  } else {
    err->set_level(level);
  }
  if (options.format == LogFormat::kJson && !options.file) {
    err->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    err->set_pattern("ark365: %^%l%$: %v");
  }
  sinks.push_back(err);

  auto logger = std::make_shared<spdlog::logger>("", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::trace);  // sinks filter
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

}  // namespace ark
