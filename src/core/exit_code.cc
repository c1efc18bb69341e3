// Mapping from Status to exit code.
#include "core/exit_code.h"

namespace ark {

ExitCode ExitCodeFor(const Status& status) {
  if (status.ok()) return ExitCode::kSuccess;
  if (status.code() == StatusCode::kInvalidArgument) return ExitCode::kUsage;
  return ExitCode::kFailure;
}

}  // namespace ark
