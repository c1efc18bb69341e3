// Pipes or a pseudo-terminal around a child process, with reader threads (see interactive_process.h).
#include "org/interactive_process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "support/subprocess.h"

namespace ark::testing {
namespace {

[[noreturn]] void Exec(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  _exit(127);
}

}  // namespace

InteractiveProcess::InteractiveProcess(const std::vector<std::string>& argv, const Options& options) {
  if (options.pty) {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) throw std::runtime_error("no pty");
    std::string slave_name = ::ptsname(master);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setsid();
      int slave = ::open(slave_name.c_str(), O_RDWR);
      ::ioctl(slave, TIOCSCTTY, 0);
      ::dup2(slave, 0);
      ::dup2(slave, 1);
      ::dup2(slave, 2);
      Exec(argv, options.env);
    }
    input_ = ::dup(master);
    outputs_ = {master};
  } else {
    int in[2], out[2], err[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe failed");
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      Exec(argv, options.env);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    input_ = in[1];
    outputs_ = {out[0], err[0]};
  }
  for (int fd : outputs_) readers_.emplace_back([this, fd] { Pump(fd); });
}

InteractiveProcess::~InteractiveProcess() {
  if (Wait(std::chrono::milliseconds(0)) < 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    Wait(std::chrono::seconds(10));
  }
  CloseInput();
  for (std::thread& t : readers_) t.join();
  for (int fd : outputs_) ::close(fd);
}

void InteractiveProcess::Pump(int fd) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // EOF, or EIO once the pty's last user is gone
      std::lock_guard<std::mutex> lock(mu_);
      ++readers_done_;
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    output_.append(buf, static_cast<size_t>(n));
  }
}

std::optional<std::string> InteractiveProcess::WaitFor(const std::string& text,
                                                       std::chrono::milliseconds bound) {
  std::optional<std::string> found;
  WaitUntil(
      [&] {
        std::lock_guard<std::mutex> lock(mu_);
        size_t at = output_.find(text, consumed_);
        if (at == std::string::npos) return false;
        found = output_.substr(consumed_, at + text.size() - consumed_);
        consumed_ = at + text.size();
        return true;
      },
      bound);
  return found;
}

void InteractiveProcess::WriteLine(const std::string& line) {
  std::string data = line + "\n";
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(input_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

void InteractiveProcess::CloseInput() {
  if (input_ >= 0) ::close(input_);
  input_ = -1;
}

int InteractiveProcess::Wait(std::chrono::milliseconds bound) {
  if (!exited_) {
    WaitUntil(
        [&] {
          int status = 0;
          if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
          exited_ = true;
          exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
          return true;
        },
        bound);
  }
  if (exited_) {
    // The output may still be in the pipes: read it all before answering.
    WaitUntil(
        [&] {
          std::lock_guard<std::mutex> lock(mu_);
          return readers_done_ == outputs_.size();
        },
        std::chrono::seconds(10));
  }
  return exited_ ? exit_code_ : -1;
}

std::string InteractiveProcess::Output() {
  std::lock_guard<std::mutex> lock(mu_);
  return output_;
}

}  // namespace ark::testing
