// ark365: the command-line program. Parses the command line, prepares the
// environment and runs the chosen command; see docs/cli.md.
#include <cstdio>
#include <iostream>

#include "cli/command.h"

namespace {

using ark::ExitCode;
using ark::cli::CommandContext;
using ark::cli::CommandRunner;
using ark::cli::GlobalOptions;
using ark::cli::Output;

void AddGlobalOptions(CLI::App& app, GlobalOptions& g) {
  app.add_flag("--json", g.json, "Machine-readable output: one JSON document on stdout")->configurable(false);
  app.add_option("--home", g.home, "State directory (default $ARK365_HOME or ~/.local/share/ark365)");
  app.add_option("--config", g.config_file, "Configuration file (default <home>/config.toml)");
  app.add_option("--log-level", g.log_level, "trace, debug, info, warn, error or off");
  app.add_option("--log-file", g.log_file, "Append the log to this file");
  app.add_option("--log-format", g.log_format, "text or json");
  app.add_option("--progress", g.progress, "auto, bar, json or none")
      ->check(CLI::IsMember({"auto", "bar", "json", "none"}));
}

// CLI11 reports errors over several lines; Ark365 promises one.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

int Main(int argc, char** argv) {
  CLI::App app{"Ark365: backup and restore for Microsoft 365 organizations", "ark365"};
  app.fallthrough();  // global options are accepted after the command name too
  app.require_subcommand(0, 1);
  GlobalOptions global;
  AddGlobalOptions(app, global);
  CommandRunner runner;
  ark::cli::RegisterVersionCommand(app, runner, global);
  ark::cli::RegisterHelpCommand(app, runner);
  ark::cli::RegisterConfigCommands(app, runner);
  ark::cli::RegisterCatalogCommands(app, runner);
  ark::cli::RegisterOrgCommands(app, runner);
  ark::cli::RegisterCertCommands(app, runner);
  ark::cli::RegisterSetCommands(app, runner);
  ark::cli::RegisterRepoCommands(app, runner);
  ark::cli::RegisterBackupCommands(app, runner);
  ark::cli::RegisterRestoreCommands(app, runner);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    bool json = false;
    for (int i = 1; i < argc; ++i) json = json || std::string_view(argv[i]) == "--json";
    Output out(json);
    out.Error(ark::InvalidArgument(OneLine(e.what()) + " (see 'ark365 help')"));
    return static_cast<int>(ExitCode::kUsage);
  }

  Output out(global.json);
  CommandContext ctx(global, out);
  if (!runner.selected()) {
    std::cout << app.help();
    return static_cast<int>(ExitCode::kUsage);
  }
  if (runner.needs_environment()) {
    ark::Status prepared = ctx.Prepare();
    if (!prepared.ok()) return static_cast<int>(ark::cli::Finish(ctx, prepared));
  }
  return static_cast<int>(runner.Run(ctx));
}

}  // namespace

int main(int argc, char** argv) {
  // Parts return Status; an exception reaching here is a bug, reported as such.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ark365: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::kFailure);
  }
}
