// Questions on a terminal for the interactive wizards: plain answers, hidden secrets, yes/no.
//
// The wizards (`ark365 org add` without flags, ...) ask only when standard
// input is a terminal and --json is off; scripts give flags instead and get a
// usage error naming the missing flag. Questions go to stderr, so stdout
// keeps only results.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/secret.h"
#include "core/status.h"

namespace ark::cli {

class Prompter {
 public:
  // `enabled` is false for scripts (no terminal, or --json).
  explicit Prompter(bool enabled) : enabled_(enabled) {}
  static bool StdinIsTerminal();

  bool enabled() const { return enabled_; }

  // Asks until `check` accepts the answer (it returns the message to show
  // otherwise), or input ends. An empty answer takes `fallback` when given.
  Result<std::string> Ask(std::string_view question, const std::function<Status(const std::string&)>& check,
                          std::optional<std::string> fallback = std::nullopt);
  // Reads without echo.
  Result<Secret> AskHidden(std::string_view question);
  Result<bool> AskYesNo(std::string_view question, bool fallback);
  // A line of explanation between questions.
  void Say(std::string_view text);

 private:
  Result<std::string> ReadLine(bool hidden);
  bool enabled_;
};

// A line from standard input (a pasted code, ...), without the newline.
Result<std::string> ReadStdinLine(std::string_view what);

}  // namespace ark::cli
