// Shared pieces of the `ark365 repo …` commands: repository and password options, opening, formatting.
#pragma once

#include <memory>
#include <string>

#include "cli/command.h"
#include "core/secret.h"
#include "repo/repository.h"

namespace ark::cli {

// Options every `repo` subcommand accepts.
struct RepoOptions {
  std::string repo;           // --repo, else ARK365_REPOSITORY, else repository.path, else <home>/repository
  std::string password_file;  // --password-file, else ARK365_PASSWORD_FILE
  int lock_wait = 0;          // --lock-wait SECONDS
};

void AddRepoOptions(CLI::App* cmd, RepoOptions& options);

// The repository directory in effect.
Result<std::string> RepositoryPath(CommandContext& ctx, const RepoOptions& options);

// The password: --password-file, ARK365_PASSWORD_FILE, ARK365_PASSWORD, or a
// prompt on a terminal. Never a command-line value. With `new_password`, the
// sources are --new-password-file, ARK365_NEW_PASSWORD_FILE,
// ARK365_NEW_PASSWORD, or a prompt asked twice.
Result<Secret> ReadPassword(const RepoOptions& options, const std::string& new_password_file,
                            bool new_password);

// Opens the repository (and loads the index when asked).
Result<std::unique_ptr<repo::Repository>> OpenRepository(CommandContext& ctx, const RepoOptions& options,
                                                         bool load_index);

// Write options from the configuration (performance.memory_limit_mib).
repo::WriteOptions WriteOptionsFor(const CommandContext& ctx);

}  // namespace ark::cli
