// Text and JSON output of commands.
#include "cli/output.h"

#include <string>

namespace ark::cli {

void Output::Text(std::string_view line) {
  if (json_) return;
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
}

void Output::Json(const nlohmann::json& value) {
  if (!json_) return;
  std::string text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fprintf(out_, "%s\n", text.c_str());
}

void Output::Warning(std::string_view message) {
  std::fprintf(err_, "ark365: warning: %.*s\n", int(message.size()), message.data());
}

void Output::Error(const Status& status) {
  // The first line of the message is the actionable part; causes go to the log.
  std::fprintf(err_, "ark365: error: %s\n", status.message().c_str());
  if (json_) {
    Json({{"error", {{"code", std::string(StatusCodeName(status.code()))}, {"message", status.message()}}}});
  }
}

}  // namespace ark::cli
