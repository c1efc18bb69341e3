// The org subcommands that talk to the tenant: add (the seed 001 wizard), test, set-credentials.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace ark::cli {

void RegisterOrgAdd(CLI::App* org, CommandRunner& runner);
void RegisterOrgTest(CLI::App* org, CommandRunner& runner);
void RegisterOrgSetCredentials(CLI::App* org, CommandRunner& runner);

}  // namespace ark::cli
