// The numbered steps of a wizard, printed as they happen and collected for --json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli/output.h"

namespace ark::cli {

class StepReport {
 public:
  StepReport(Output& out, int total) : out_(out), total_(total) {}

  // "Step 2/6  Sign-in test" on its own line.
  void Begin(int number, std::string_view title);
  // An indented detail line of the current step; `key`/`value` also go to JSON.
  void Detail(std::string_view text);
  void Data(const std::string& key, const nlohmann::json& value);
  // Ends the step: "ok", "skipped", "warning" or "failed", with a summary.
  void End(std::string_view outcome, std::string_view summary);

  const nlohmann::ordered_json& steps() const { return steps_; }

 private:
  Output& out_;
  int total_;
  nlohmann::ordered_json steps_ = nlohmann::ordered_json::array();
  nlohmann::ordered_json current_;
};

}  // namespace ark::cli
