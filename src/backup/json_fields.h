// Reading fields of Graph JSON without exceptions: a missing or non-string field reads as "".
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ark::backup {

inline std::string JsonString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace ark::backup
