// Printing and collecting wizard steps (see step_report.h).
#include "cli/step_report.h"

namespace ark::cli {

void StepReport::Begin(int number, std::string_view title) {
  current_ = nlohmann::ordered_json::object();
  current_["step"] = number;
  current_["title"] = std::string(title);
  current_["details"] = nlohmann::json::array();
  out_.Text("Step " + std::to_string(number) + "/" + std::to_string(total_) + "  " + std::string(title));
}

void StepReport::Detail(std::string_view text) {
  current_["details"].push_back(std::string(text));
  out_.Text("    " + std::string(text));
}

void StepReport::Data(const std::string& key, const nlohmann::json& value) { current_[key] = value; }

void StepReport::End(std::string_view outcome, std::string_view summary) {
  current_["outcome"] = std::string(outcome);
  current_["summary"] = std::string(summary);
  out_.Text("    => " + std::string(outcome) + ": " + std::string(summary));
  steps_.push_back(std::move(current_));
  current_ = nlohmann::ordered_json::object();
}

}  // namespace ark::cli
