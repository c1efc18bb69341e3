// Selection of objects and items in a backup set: include/exclude patterns and their matching.
//
// Object patterns (users, groups, sites, personal sites, teams): "*" for all,
// or a name with * and ? wildcards, compared case-insensitively; an object is
// selected when an include rule matches it and no exclude rule does.
// Item rules restrict what is copied inside a workload: "mail:Junk Email",
// "onedrive:*.tmp", "sites:/Shared Documents/Temp/*".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "org/model.h"

namespace ark::org {

// Case-insensitive glob with * (any run, including '/') and ? (one character).
bool GlobMatch(std::string_view pattern, std::string_view text);

// Checks a pattern given for `kind` (not empty, no control characters).
Status CheckSelectionPattern(ObjectKind kind, std::string_view pattern);

// True if `name` of kind `kind` is selected by `rules`.
bool IsSelected(const std::vector<SelectionRule>& rules, ObjectKind kind, std::string_view name);

// "WORKLOAD:PATTERN" as given on the command line.
Result<ItemRule> ParseItemRule(std::string_view text, bool exclude);
std::string FormatItemRule(const ItemRule& rule);

}  // namespace ark::org
