// The backup set's item rules (`set create --include/--exclude WORKLOAD:PATTERN`) as the backup applies them.
//
// Mail: a pattern is matched against a folder's path of display names from the mailbox root, "/"-joined
// ("Inbox/Projects"); an excluded folder's messages are not backed up ("Junk Email", "Inbox/Archive/*").
// OneDrive: a pattern is matched against a file's path from the drive root with a leading "/"
// ("/Temp/a.tmp") and against its name alone ("*.tmp"). Patterns are case-insensitive globs (* and ?).
// Excludes win; when a workload has include rules, only what one of them matches is backed up.
#pragma once

#include <string_view>
#include <vector>

#include "org/model.h"

namespace ark::backup {

bool IsItemIncluded(const std::vector<org::ItemRule>& rules, org::Workload workload, std::string_view path,
                    std::string_view name);

}  // namespace ark::backup
