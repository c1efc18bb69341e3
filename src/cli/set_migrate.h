// `ark365 set migrate-auth`: seed 002's migration of backup sets to Hybrid or Modern authentication.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace ark::cli {

void RegisterSetMigrateAuth(CLI::App* set, CommandRunner& runner);

}  // namespace ark::cli
