// How a command plugs into the ark365 command line.
//
// Each command group lives in its own file (version_command.cc, ...) and
// exposes one Register...() function that adds CLI11 subcommands. A
// subcommand's parse callback calls CommandRunner::Select() with the function
// to run; main() runs the selected one after parsing succeeds, with the
// shared CommandContext (home, configuration, output, progress).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "cli/output.h"
#include "core/config.h"
#include "core/exit_code.h"
#include "core/home.h"
#include "core/progress.h"

namespace ark::cli {

// Options that every command accepts, before or after the command name.
struct GlobalOptions {
  bool json = false;
  bool version = false;
  std::optional<std::string> home;
  std::optional<std::string> config_file;
  std::optional<std::string> log_level;
  std::optional<std::string> log_file;
  std::optional<std::string> log_format;
  std::string progress = "auto";
};

class CommandContext {
 public:
  CommandContext(GlobalOptions options, Output& out) : options_(std::move(options)), out_(out) {}

  const GlobalOptions& options() const { return options_; }
  Output& out() { return out_; }
  // The configuration in effect (file values with command-line overrides).
  const Config& config() const { return config_; }
  // Opens (creating if needed) the state directory.
  Result<Home> home();
  // A progress reporter honouring --progress and --json.
  std::unique_ptr<Progress> progress();

  // Loads the configuration and starts logging. Run once before a command
  // that declared it needs the environment.
  Status Prepare();

 private:
  GlobalOptions options_;
  Output& out_;
  Config config_;
};

using CommandFn = std::function<ExitCode(CommandContext&)>;

class CommandRunner {
 public:
  // Chooses the command to run. `needs_environment` is false only for
  // commands that must work with a broken configuration (version, help).
  void Select(CommandFn fn, bool needs_environment = true) {
    fn_ = std::move(fn);
    needs_environment_ = needs_environment;
  }
  bool selected() const { return static_cast<bool>(fn_); }
  bool needs_environment() const { return needs_environment_; }
  ExitCode Run(CommandContext& ctx) { return fn_(ctx); }

 private:
  CommandFn fn_;
  bool needs_environment_ = true;
};

// Runs `fn` and turns its Status into output and an exit code.
ExitCode Finish(CommandContext& ctx, const Status& status);

// Command groups, one per file.
void RegisterVersionCommand(CLI::App& app, CommandRunner& runner, GlobalOptions& global);
void RegisterHelpCommand(CLI::App& app, CommandRunner& runner);
void RegisterConfigCommands(CLI::App& app, CommandRunner& runner);
void RegisterCatalogCommands(CLI::App& app, CommandRunner& runner);
void RegisterCertCommands(CLI::App& app, CommandRunner& runner);
void RegisterOrgCommands(CLI::App& app, CommandRunner& runner);
void RegisterSetCommands(CLI::App& app, CommandRunner& runner);
void RegisterRepoCommands(CLI::App& app, CommandRunner& runner);
void RegisterBackupCommands(CLI::App& app, CommandRunner& runner);
void RegisterRestoreCommands(CLI::App& app, CommandRunner& runner);

}  // namespace ark::cli
