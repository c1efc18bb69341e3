// `ark365 help [COMMAND...]`: the help of any command, by name.
#include <iostream>

#include "cli/command.h"

namespace ark::cli {

void RegisterHelpCommand(CLI::App& app, CommandRunner& runner) {
  auto* cmd = app.add_subcommand("help", "Show the help of a command: ark365 help repo init");
  auto words = std::make_shared<std::vector<std::string>>();
  cmd->add_option("command", *words, "The command, e.g. 'repo init'");
  cmd->callback([&app, &runner, words] {
    runner.Select(
        [&app, words](CommandContext& ctx) {
          CLI::App* target = &app;
          for (const std::string& word : *words) {
            CLI::App* next = nullptr;
            try {
              next = target->get_subcommand(word);
            } catch (const CLI::OptionNotFound&) {
              next = nullptr;
            }
            if (next == nullptr || next->get_name() == "help") {
              return Finish(ctx, InvalidArgument("there is no command '" + word +
                                                 "'; run 'ark365 help' for the list of commands"));
            }
            target = next;
          }
          std::cout << target->help();
          return ExitCode::kSuccess;
        },
        /*needs_environment=*/false);
  });
}

}  // namespace ark::cli
