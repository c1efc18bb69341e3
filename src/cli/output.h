// Output of a command: readable text on a terminal, or one JSON document with --json.
//
// Commands print results through Output so that --json is honoured
// everywhere: in JSON mode, stdout carries exactly one JSON value per command
// (the result, or {"error": {...}}), and human text is suppressed. Errors also
// go to stderr as one line, "ark365: error: <message>".
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/status.h"

namespace ark::cli {

class Output {
 public:
  explicit Output(bool json, std::FILE* out = stdout, std::FILE* err = stderr)
      : json_(json), out_(out), err_(err) {}

  bool json() const { return json_; }

  // A line of human-readable output; dropped in JSON mode.
  void Text(std::string_view line);
  // The command's machine-readable result; printed only in JSON mode.
  void Json(const nlohmann::json& value);
  // A warning on stderr (both modes).
  void Warning(std::string_view message);
  // The error that ends the command: one line on stderr; in JSON mode also
  // {"error":{"code":"...","message":"..."}} on stdout.
  void Error(const Status& status);

 private:
  bool json_;
  std::FILE* out_;
  std::FILE* err_;
};

}  // namespace ark::cli
