// Test support: a program driven like a person at a terminal — read what it prints, answer, read on.
//
// The sign-in steps of seed 002 print a URL, wait for a pasted code, then go
// on; the add-organization wizard asks questions on a terminal. A test
// drives them here: with pipes (a script pasting into stdin) or with a
// pseudo-terminal (a person: isatty() is true, echo can be switched off).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ark::testing {

class InteractiveProcess {
 public:
  struct Options {
    std::map<std::string, std::string> env;
    bool pty = false;  // stdin/stdout/stderr on a pseudo-terminal instead of pipes
  };
  InteractiveProcess(const std::vector<std::string>& argv, const Options& options);
  ~InteractiveProcess();
  InteractiveProcess(const InteractiveProcess&) = delete;
  InteractiveProcess& operator=(const InteractiveProcess&) = delete;

  // Waits until everything printed so far (stdout and stderr) contains
  // `text` after what earlier waits consumed; returns the output up to and
  // including it, or nullopt after `bound`.
  std::optional<std::string> WaitFor(const std::string& text, std::chrono::milliseconds bound);
  void WriteLine(const std::string& line);
  void CloseInput();
  // Waits for the exit and for everything it printed; -1 when not exited after `bound`.
  int Wait(std::chrono::milliseconds bound);
  // Everything printed so far.
  std::string Output();

 private:
  void Pump(int fd);
  int pid_ = -1;
  int input_ = -1;
  std::vector<int> outputs_;
  std::vector<std::thread> readers_;
  std::mutex mu_;
  std::string output_;
  size_t consumed_ = 0;
  size_t readers_done_ = 0;
  bool exited_ = false;
  int exit_code_ = -1;
};

}  // namespace ark::testing
