// Catalog entries of list items and channel messages, and the catalog replay of sites and teams.
#include "backup/sites_teams_catalog.h"

#include "backup/channel_export.h"
#include "backup/graph_json.h"
#include "backup/layout.h"
#include "backup/site_backup.h"
#include "core/time.h"

namespace ark::backup {
namespace {

using nlohmann::json;

// The human name a state's container has, or `fallback`.
std::string ContainerName(const UserState& state, const std::string& key, const std::string& fallback) {
  auto it = state.folders.find(key);
  return it != state.folders.end() ? it->second.name : fallback;
}

}  // namespace

catalog::Item ListItemEntry(const ItemPlace& place, const std::string& list_id, const json& item) {
  auto fields = item.find("fields");
  std::string title =
      fields != item.end() && fields->is_object() ? JsonString(*fields, "Title") : std::string();
  catalog::Item entry =
      ContainerItem(place, catalog::ItemKind::kListItem, ScopedId(list_id, JsonString(item, "id")),
                    title.empty() ? JsonString(item, "id") : title);
  entry.modified = ParseRfc3339(JsonString(item, "lastModifiedDateTime"));
  entry.created = ParseRfc3339(JsonString(item, "createdDateTime"));
  entry.has_attachments = fields != item.end() && fields->is_object() && fields->value("Attachments", false);
  return entry;
}

catalog::Item ChannelMessageEntry(const ItemPlace& place, const std::string& channel_id,
                                  const json& message) {
  catalog::Item entry =
      ContainerItem(place, catalog::ItemKind::kChannelMessage,
                    ScopedId(channel_id, JsonString(message, "id")), JsonString(message, "subject"));
  std::string text = MessageText(message);
  if (entry.name.empty()) entry.name = text.substr(0, 80);
  entry.preview = text.substr(0, 255);
  entry.created = ParseRfc3339(JsonString(message, "createdDateTime"));
  entry.modified = ParseRfc3339(JsonString(message, "lastModifiedDateTime"));
  if (auto from = message.find("from"); from != message.end() && from->is_object()) {
    if (auto user = from->find("user"); user != from->end() && user->is_object()) {
      entry.from = JsonString(*user, "displayName");
    }
  }
  return entry;
}

Status OwnerReplay::Visit(const std::vector<std::string>& p, const std::string& path,
                          const repo::Node& node) {
  if (node.type != repo::NodeType::kItem || !node.record || p.size() < 3) return Status::Ok();
  const std::string owner = JoinPath(p[0], p[1]);
  if (owner != owner_node_) {
    owner_node_ = owner;
    owner_id_ = UnescapeName(p[1]);
    root_path_ = catalog::ChildPath("/", owner_id_);
    state_ = UserState();
  }
  ARK_ASSIGN_OR_RETURN(std::string bytes, repo::LoadRecord(repo_, *node.record));
  json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return DataLoss("the record at " + path + " is not JSON");
  if (p.size() == 3 && p[2] == kStateNode) {
    ARK_ASSIGN_OR_RETURN(state_, UserState::FromJson(j));
    return Status::Ok();
  }
  return p[0] == kSitesDir ? VisitSite(p, path, j, node) : VisitTeam(p, path, j);
}

Status OwnerReplay::VisitSite(const std::vector<std::string>& p, const std::string& path, const json& j,
                              const repo::Node& node) {
  if (p.size() == 3 && p[2] == kSiteNode) {
    std::string url = JsonString(j, "webUrl");
    std::string name = JsonString(j, "displayName");
    root_path_ = SiteRootPath(url.empty() ? owner_id_ : url);
    ARK_RETURN_IF_ERROR(writer_.PutOwner({owner_id_, catalog::OwnerKind::kSite, name, url}));
    return writer_.Put(ContainerItem({owner_id_, "/", path}, catalog::ItemKind::kSite, owner_id_,
                                     name.empty() ? url : name));
  }
  if (p.size() != 5) return Status::Ok();
  const std::string key = JoinPath(p[2], p[3]);
  ItemPlace place{owner_id_, root_path_, path};
  ++items_;
  if (p[2] == kDriveDir) {
    const std::string library = ContainerName(state_, key, JsonString(j, "name"));
    if (p[4] == kDriveNode)
      return writer_.Put(ContainerItem(place, catalog::ItemKind::kDrive, JsonString(j, "id"), library));
    if (j.contains("root")) return Status::Ok();
    place.folder_path =
        HumanFolderPath(state_, key, ParentReferenceId(j), catalog::ChildPath(root_path_, library));
    return writer_.Put(DriveItemEntry(place, j, node.size));
  }
  if (p[2] == kListsDir) {
    const std::string list_id = UnescapeName(p[3]);
    const std::string list = ContainerName(state_, key, list_id);
    if (p[4] == kListNode) return writer_.Put(ContainerItem(place, catalog::ItemKind::kList, list_id, list));
    place.folder_path = catalog::ChildPath(root_path_, list);
    return writer_.Put(ListItemEntry(place, list_id, j));
  }
  return Status::Ok();
}

Status OwnerReplay::VisitTeam(const std::vector<std::string>& p, const std::string& path, const json& j) {
  if (p.size() == 3 && p[2] == kTeamNode) {
    std::string name = JsonString(j, "displayName");
    root_path_ = catalog::ChildPath("/", name.empty() ? owner_id_ : name);
    ARK_RETURN_IF_ERROR(writer_.PutOwner({owner_id_, catalog::OwnerKind::kTeam, name, name}));
    return writer_.Put(ContainerItem({owner_id_, "/", path}, catalog::ItemKind::kTeam, owner_id_, name));
  }
  if (p.size() < 5 || p[2] != kChannelsDir) return Status::Ok();
  const std::string channel_id = UnescapeName(p[3]);
  const std::string channel = ContainerName(state_, JoinPath(p[2], p[3]), channel_id);
  ++items_;
  if (p.size() == 5 && p[4] == kChannelNode) {
    return writer_.Put(
        ContainerItem({owner_id_, root_path_, path}, catalog::ItemKind::kChannel, channel_id, channel));
  }
  const bool message = (p.size() == 6 && p[5] == kMessageNode) || (p.size() == 7 && p[5] == kRepliesDir);
  if (!message) return Status::Ok();
  return writer_.Put(
      ChannelMessageEntry({owner_id_, catalog::ChildPath(root_path_, channel), path}, channel_id, j));
}

}  // namespace ark::backup
