// The process exit codes of ark365, documented in docs/cli.md.
#pragma once

#include "core/status.h"

namespace ark {

enum class ExitCode : int {
  kSuccess = 0,  // everything asked for was done
  kFailure = 1,  // the operation failed; the message says why and what to do
  kUsage = 2,    // the command line or the configuration is wrong; nothing was done
  kPartial = 3,  // done, with warnings: some items failed and are listed (e.g. a backup that skipped items)
};

// kSuccess for OK, kUsage for kInvalidArgument (a bad flag, argument or
// configuration value), kFailure for every other error. kPartial is chosen
// by the command itself, never derived from a Status.
ExitCode ExitCodeFor(const Status& status);

}  // namespace ark
