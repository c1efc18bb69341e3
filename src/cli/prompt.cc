// Terminal questions with termios for hidden input (see prompt.h).
#include "cli/prompt.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace ark::cli {
namespace {

// Turns terminal echo off for its lifetime (and back on, even on error).
class EchoOff {
 public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t start = s.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : s.substr(start);
}

}  // namespace

bool Prompter::StdinIsTerminal() { return ::isatty(STDIN_FILENO) == 1; }

void Prompter::Say(std::string_view text) {
  std::fprintf(stderr, "%.*s\n", static_cast<int>(text.size()), text.data());
}

Result<std::string> Prompter::ReadLine(bool hidden) {
  std::fflush(stderr);
  std::string line;
  bool got = false;
  if (hidden) {
    EchoOff quiet;
    got = static_cast<bool>(std::getline(std::cin, line));
    std::fputc('\n', stderr);
  } else {
    got = static_cast<bool>(std::getline(std::cin, line));
  }
  if (!got) return Cancelled("input ended before the question was answered");
  return line;
}

Result<std::string> Prompter::Ask(std::string_view question,
                                  const std::function<Status(const std::string&)>& check,
                                  std::optional<std::string> fallback) {
  for (;;) {
    std::fprintf(stderr, "%.*s%s: ", static_cast<int>(question.size()), question.data(),
                 fallback ? (" [" + *fallback + "]").c_str() : "");
    ARK_ASSIGN_OR_RETURN(std::string answer, ReadLine(false));
    answer = Trim(answer);
    if (answer.empty() && fallback) answer = *fallback;
    Status ok = check(answer);
    if (ok.ok()) return answer;
    Say("  " + ok.message());
  }
}

Result<Secret> Prompter::AskHidden(std::string_view question) {
  for (;;) {
    std::fprintf(stderr, "%.*s (hidden): ", static_cast<int>(question.size()), question.data());
    ARK_ASSIGN_OR_RETURN(std::string answer, ReadLine(true));
    Secret value(std::move(answer));
    if (!value.empty()) return value;
    Say("  an empty value is not accepted");
  }
}

Result<bool> Prompter::AskYesNo(std::string_view question, bool fallback) {
  ARK_ASSIGN_OR_RETURN(
      std::string answer,
      Ask(std::string(question) + (fallback ? " (Y/n)" : " (y/N)"), [](const std::string& a) {
        if (a.empty() || a == "y" || a == "Y" || a == "yes" || a == "n" || a == "N" || a == "no") {
          return Status::Ok();
        }
        return InvalidArgument("answer y or n");
      }));
  if (answer.empty()) return fallback;
  return answer[0] == 'y' || answer[0] == 'Y';
}

Result<std::string> ReadStdinLine(std::string_view what) {
  std::string line;
  if (!std::getline(std::cin, line)) {
    return Cancelled("standard input ended before " + std::string(what) + " was given");
  }
  return Trim(line);
}

}  // namespace ark::cli
