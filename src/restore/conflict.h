// What a restore does when the target already holds the item: skip it, overwrite it, or keep both.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ark::restore {

enum class ConflictPolicy { kSkip, kOverwrite, kKeepBoth };

// "skip", "overwrite", "keep-both".
Result<ConflictPolicy> ParseConflictPolicy(std::string_view text);
std::string_view ConflictPolicyName(ConflictPolicy policy);
// Graph's @microsoft.graph.conflictBehavior for the policy: fail, replace, rename.
std::string_view DriveConflictBehavior(ConflictPolicy policy);

// What happened to one item.
enum class ItemOutcome { kCreated, kReplaced, kSkipped };
std::string_view ItemOutcomeName(ItemOutcome outcome);

}  // namespace ark::restore
