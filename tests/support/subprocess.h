// Test support: run a program, feed its stdin, capture its output and exit code, with a time bound.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ark::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or the time bound
  int signal = 0;      // the terminating signal, if any
  bool timed_out = false;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::string stdin_data;
  // Added to (or replacing in) the current environment.
  std::map<std::string, std::string> env;
  std::vector<std::string> unset_env;
  std::optional<std::string> cwd;
  std::chrono::milliseconds timeout = std::chrono::seconds(120);
};

// Runs argv[0] (a path) with argv, waits for it to exit or the timeout (then SIGKILL).
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A process left running in the background (e.g. m365sim); killed on destruction.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  int pid() const { return pid_; }
  bool running();
  // Sends `sig` and waits for the exit; returns the exit code (-1 if signalled).
  int Stop(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Its stderr/stdout so far are written to these files.
  const std::string& log_path() const { return log_path_; }

 private:
  int pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  std::string log_path_;
};

// Polls `ready` every 20 ms until it returns true or `bound` passes; no fixed sleeps.
bool WaitUntil(const std::function<bool()>& ready, std::chrono::milliseconds bound);

// A fresh directory under $TMPDIR, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace ark::testing
