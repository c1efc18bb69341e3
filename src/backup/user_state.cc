// JSON form of the per-user incremental state.
#include "backup/user_state.h"

namespace ark::backup {

nlohmann::json UserState::ToJson() const {
  nlohmann::json j = {{"version", 1}};
  nlohmann::json c = nlohmann::json::object();
  for (const auto& [key, cursor] : collections) {
    c[key] = {{"initial_url", cursor.initial_url},
              {"delta_link", cursor.delta_link},
              {"next_link", cursor.next_link}};
  }
  j["collections"] = std::move(c);
  nlohmann::json f = nlohmann::json::array();
  for (const FailedItem& item : failed) {
    f.push_back(
        {{"collection", item.collection}, {"id", item.id}, {"what", item.what}, {"reason", item.reason}});
  }
  j["failed"] = std::move(f);
  nlohmann::json names = nlohmann::json::object();
  for (const auto& [key, folder] : folders)
    names[key] = {{"name", folder.name}, {"parent", folder.parent_id}};
  j["folders"] = std::move(names);
  return j;
}

Result<UserState> UserState::FromJson(const nlohmann::json& j) {
  if (!j.is_object() || j.value("version", 0) != 1) {
    return DataLoss("the backup state of a user has an unknown version; was it written by a newer Ark365?");
  }
  UserState s;
  if (auto it = j.find("collections"); it != j.end() && it->is_object()) {
    for (const auto& [key, c] : it->items()) {
      s.collections[key] = {c.value("initial_url", ""), c.value("next_link", ""), c.value("delta_link", "")};
    }
  }
  if (auto it = j.find("failed"); it != j.end() && it->is_array()) {
    for (const auto& f : *it) {
      s.failed.push_back(
          {f.value("collection", ""), f.value("id", ""), f.value("what", ""), f.value("reason", "")});
    }
  }
  if (auto it = j.find("folders"); it != j.end() && it->is_object()) {
    for (const auto& [key, f] : it->items()) s.folders[key] = {f.value("name", ""), f.value("parent", "")};
  }
  return s;
}

}  // namespace ark::backup
