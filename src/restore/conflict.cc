// Conflict policy names and their Graph equivalents.
#include "restore/conflict.h"

namespace ark::restore {

Result<ConflictPolicy> ParseConflictPolicy(std::string_view text) {
  if (text == "skip") return ConflictPolicy::kSkip;
  if (text == "overwrite") return ConflictPolicy::kOverwrite;
  if (text == "keep-both") return ConflictPolicy::kKeepBoth;
  return InvalidArgument("unknown conflict policy '" + std::string(text) +
                         "'; use skip, overwrite or keep-both");
}

std::string_view ConflictPolicyName(ConflictPolicy policy) {
  switch (policy) {
    case ConflictPolicy::kSkip:
      return "skip";
    case ConflictPolicy::kOverwrite:
      return "overwrite";
    case ConflictPolicy::kKeepBoth:
      return "keep-both";
  }
  return "skip";
}

std::string_view DriveConflictBehavior(ConflictPolicy policy) {
  switch (policy) {
    case ConflictPolicy::kSkip:
      return "fail";
    case ConflictPolicy::kOverwrite:
      return "replace";
    case ConflictPolicy::kKeepBoth:
      return "rename";
  }
  return "fail";
}

std::string_view ItemOutcomeName(ItemOutcome outcome) {
  switch (outcome) {
    case ItemOutcome::kCreated:
      return "created";
    case ItemOutcome::kReplaced:
      return "replaced";
    case ItemOutcome::kSkipped:
      return "skipped";
  }
  return "created";
}

}  // namespace ark::restore
