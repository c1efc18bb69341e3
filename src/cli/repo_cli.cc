// Repository and password options of the repo commands; opening a repository.
#include "cli/repo_cli.h"

#include <malloc.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "core/file.h"
#include "repo/blob_saver.h"
#include "repo/local_backend.h"

namespace ark::cli {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

Result<Secret> PasswordFromFile(const std::string& path, const std::string& what) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status().Context("cannot read the " + what + " file");
  std::string s = std::move(*text);
  if (!s.empty() && s.back() == '\n') s.pop_back();
  if (!s.empty() && s.back() == '\r') s.pop_back();
  if (s.empty()) return InvalidArgument("the " + what + " file " + path + " is empty");
  return Secret(std::move(s));
}

Result<Secret> Prompt(const std::string& question) {
  if (::isatty(STDIN_FILENO) == 0) return Secret();
  std::cerr << question << std::flush;
  termios old{};
  ::tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return Secret(std::move(line));
}

}  // namespace

void AddRepoOptions(CLI::App* cmd, RepoOptions& o) {
  cmd->add_option("--repo,-r", o.repo,
                  "Repository directory (default $ARK365_REPOSITORY or repository.path)");
  cmd->add_option(
      "--password-file", o.password_file,
      "File holding the repository password (default $ARK365_PASSWORD_FILE, then $ARK365_PASSWORD)");
  cmd->add_option("--lock-wait", o.lock_wait, "Seconds to wait for a conflicting lock (default 0)")
      ->check(CLI::Range(0, 86400));
}

Result<std::string> RepositoryPath(CommandContext& ctx, const RepoOptions& options) {
  if (!options.repo.empty()) return options.repo;
  std::string env = Env("ARK365_REPOSITORY");
  if (!env.empty()) return env;
  if (ctx.config().repository.path) return *ctx.config().repository.path;
  ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
  return home.Repository();
}

Result<Secret> ReadPassword(const RepoOptions& options, const std::string& new_password_file,
                            bool new_password) {
  if (new_password) {
    if (!new_password_file.empty()) return PasswordFromFile(new_password_file, "new password");
    if (std::string f = Env("ARK365_NEW_PASSWORD_FILE"); !f.empty())
      return PasswordFromFile(f, "new password");
    if (std::string p = Env("ARK365_NEW_PASSWORD"); !p.empty()) return Secret(p);
    ARK_ASSIGN_OR_RETURN(Secret first, Prompt("new repository password: "));
    if (first.empty()) {
      return InvalidArgument(
          "no new password: give --new-password-file, ARK365_NEW_PASSWORD_FILE or "
          "ARK365_NEW_PASSWORD (passwords are never command-line values)");
    }
    ARK_ASSIGN_OR_RETURN(Secret again, Prompt("again: "));
    if (!(first == again)) return InvalidArgument("the two passwords differ; nothing was changed");
    return first;
  }
  if (!options.password_file.empty()) return PasswordFromFile(options.password_file, "password");
  if (std::string f = Env("ARK365_PASSWORD_FILE"); !f.empty()) return PasswordFromFile(f, "password");
  if (std::string p = Env("ARK365_PASSWORD"); !p.empty()) return Secret(p);
  ARK_ASSIGN_OR_RETURN(Secret typed, Prompt("repository password: "));
  if (typed.empty()) {
    return InvalidArgument(
        "no repository password: give --password-file, ARK365_PASSWORD_FILE or "
        "ARK365_PASSWORD (passwords are never command-line values)");
  }
  return typed;
}

Result<std::unique_ptr<repo::Repository>> OpenRepository(CommandContext& ctx, const RepoOptions& options,
                                                         bool load_index) {
  // Chunks and packs are large, short-lived buffers passed between threads.
  // glibc's defaults keep freed ones in per-thread arenas (and raise the mmap
  // threshold after each free), which doubled the peak memory of a backup;
  // a fixed threshold returns them to the system at once.
  ::mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  ::mallopt(M_ARENA_MAX, 4);
  ARK_ASSIGN_OR_RETURN(std::string path, RepositoryPath(ctx, options));
  ARK_ASSIGN_OR_RETURN(auto backend, repo::LocalBackend::Open(path));
  // The config first: "not a repository" is a better message than a password prompt.
  ARK_RETURN_IF_ERROR(repo::ReadConfig(*backend).status());
  ARK_ASSIGN_OR_RETURN(Secret password, ReadPassword(options, "", false));
  ARK_ASSIGN_OR_RETURN(auto repository, repo::Repository::Open(std::move(backend), password));
  if (load_index) ARK_RETURN_IF_ERROR(repository->LoadIndex());
  return repository;
}

repo::WriteOptions WriteOptionsFor(const CommandContext& ctx) {
  repo::WriteOptions w;
  w.memory_limit = static_cast<uint64_t>(ctx.config().performance.memory_limit_mib) << 20;
  return w;
}

}  // namespace ark::cli
