// Reading fields of Graph JSON the backup relies on, tolerant of absent or mistyped members.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ark::backup {

// The string member `key`, or "" when it is absent or not a string.
std::string JsonString(const nlohmann::json& j, const char* key);
// parentReference.id of a driveItem, or "".
std::string ParentReferenceId(const nlohmann::json& item);

}  // namespace ark::backup
