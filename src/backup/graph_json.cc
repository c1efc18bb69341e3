// Reading fields of Graph JSON.
#include "backup/graph_json.h"

namespace ark::backup {

std::string JsonString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string ParentReferenceId(const nlohmann::json& item) {
  auto it = item.find("parentReference");
  return it != item.end() && it->is_object() ? JsonString(*it, "id") : std::string();
}

}  // namespace ark::backup
