// Catalog entries of backed-up Graph items: the one mapping from Graph JSON to catalog::Item, used both
// while backing up and by `catalog rebuild` (docs/backup-format.md §7).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "backup/user_state.h"
#include "catalog/item.h"

namespace ark::backup {

// Where an item sits: its owner, the human folder path of its container, and its tree path.
struct ItemPlace {
  std::string owner_id;
  std::string folder_path;
  std::string ref;
};

catalog::Item MessageItem(const ItemPlace& place, const nlohmann::json& message, uint64_t size);
catalog::Item EventItem(const ItemPlace& place, const nlohmann::json& event);
catalog::Item ContactItem(const ItemPlace& place, const nlohmann::json& contact);
// A file or a folder of a drive.
catalog::Item DriveItemEntry(const ItemPlace& place, const nlohmann::json& item, uint64_t size);
// A container with only a name (user, mailbox, folder, calendar, drive).
catalog::Item ContainerItem(const ItemPlace& place, catalog::ItemKind kind, const std::string& graph_id,
                            const std::string& name);

// The human path of the container `folder_id` below `root_path`: the names of its ancestors, read from
// `state.folders` under `key_prefix` + "/" + EscapeName(id). Unknown ancestors end the walk.
std::string HumanFolderPath(const UserState& state, const std::string& key_prefix,
                            const std::string& folder_id, const std::string& root_path);

// Human root paths of a user's workloads: "/<upn>/Mail", ...
std::string UserRootPath(const std::string& upn);
inline constexpr std::string_view kMailName = "Mail";
inline constexpr std::string_view kCalendarName = "Calendar";
inline constexpr std::string_view kContactsName = "Contacts";
inline constexpr std::string_view kDriveName = "OneDrive";

}  // namespace ark::backup
