// Catalog rebuild: walks each snapshot tree of a set and puts every item again.
#include "backup/catalog_rebuild.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "backup/catalog_items.h"
#include "backup/graph_json.h"
#include "backup/layout.h"
#include "backup/sites_teams_catalog.h"
#include "backup/user_state.h"
#include "repo/directory.h"
#include "repo/node.h"
#include "repo/snapshot.h"
#include "repo/walker.h"

namespace ark::backup {
namespace {

using nlohmann::json;

// Replays one snapshot tree. Nodes come depth first in name order, so a user's _state and _user
// (which sort before the lower-case workload directories) are seen before the user's items.
class SnapshotReplay {
 public:
  SnapshotReplay(repo::Repository& repo, catalog::SnapshotWriter& writer) : repo_(repo), writer_(writer) {}

  Status Visit(const std::string& path, const repo::Node& node) {
    if (node.type != repo::NodeType::kItem || !node.record) return Status::Ok();
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> p, repo::SplitTreePath(path));
    if (p.size() < 2) return Status::Ok();
    if (p[0] == kSitesDir || p[0] == kTeamsDir) return owners_.Visit(p, path, node);
    if (p[0] != user_node_) StartUser(p[0]);
    ARK_ASSIGN_OR_RETURN(std::string bytes, repo::LoadRecord(repo_, *node.record));
    json j = json::parse(bytes, nullptr, false);
    if (j.is_discarded()) return DataLoss("the record at " + path + " is not JSON");
    if (p.size() == 2 && p[1] == kStateNode) {
      ARK_ASSIGN_OR_RETURN(state_, UserState::FromJson(j));
      return Status::Ok();
    }
    if (p.size() == 2 && p[1] == kUserNode) return PutUser(j);
    if (p.size() != 4) return Status::Ok();
    const std::string& dir = p[1];
    const std::string key = JoinPath(dir, p[2]);
    ItemPlace place{user_id_, "", path};
    ++items_;
    if (dir == kMailDir) {
      const std::string root = catalog::ChildPath(root_path_, kMailName);
      if (p[3] == kFolderNode) {
        place.folder_path =
            HumanFolderPath(state_, std::string(kMailDir), JsonString(j, "parentFolderId"), root);
        return writer_.Put(ContainerItem(place, catalog::ItemKind::kMailFolder, JsonString(j, "id"),
                                         JsonString(j, "displayName")));
      }
      place.folder_path = HumanFolderPath(state_, std::string(kMailDir), UnescapeName(p[2]), root);
      return writer_.Put(MessageItem(place, j, node.size));
    }
    if (dir == kCalendarDir || dir == kContactsDir) {
      const bool calendar = dir == kCalendarDir;
      const std::string root = catalog::ChildPath(root_path_, calendar ? kCalendarName : kContactsName);
      if (p[3] == kFolderNode) {
        place.folder_path = root;
        return writer_.Put(
            ContainerItem(place, calendar ? catalog::ItemKind::kCalendar : catalog::ItemKind::kContactFolder,
                          JsonString(j, "id"), JsonString(j, calendar ? "name" : "displayName")));
      }
      // Items sort before their folder's _folder node: the folder's name comes from the user's state.
      place.folder_path = HumanFolderPath(state_, dir, UnescapeName(p[2]), root);
      return writer_.Put(calendar ? EventItem(place, j) : ContactItem(place, j));
    }
    if (dir == kDriveDir) {
      if (p[3] == kDriveNode) {
        place.folder_path = root_path_;
        return writer_.Put(
            ContainerItem(place, catalog::ItemKind::kDrive, JsonString(j, "id"), std::string(kDriveName)));
      }
      if (j.contains("root")) return Status::Ok();
      place.folder_path =
          HumanFolderPath(state_, key, ParentReferenceId(j), catalog::ChildPath(root_path_, kDriveName));
      return writer_.Put(DriveItemEntry(place, j, node.size));
    }
    return Status::Ok();
  }

  uint64_t items() const { return items_ + owners_.items(); }

 private:
  void StartUser(const std::string& node) {
    user_node_ = node;
    user_id_ = UnescapeName(node);
    state_ = UserState();
    root_path_ = UserRootPath(user_id_);
  }

  Status PutUser(const json& user) {
    std::string upn = JsonString(user, "userPrincipalName");
    if (upn.empty()) upn = user_id_;
    root_path_ = UserRootPath(upn);
    ARK_RETURN_IF_ERROR(
        writer_.PutOwner({user_id_, catalog::OwnerKind::kUser, JsonString(user, "displayName"), upn}));
    ARK_RETURN_IF_ERROR(
        writer_.Put(ContainerItem({user_id_, "/", user_node_}, catalog::ItemKind::kUser, user_id_, upn)));
    const std::pair<std::string_view, catalog::ItemKind> containers[] = {
        {kMailName, catalog::ItemKind::kMailbox},
        {kCalendarName, catalog::ItemKind::kFolder},
        {kContactsName, catalog::ItemKind::kFolder}};
    const std::string ids[] = {"mailbox:" + user_id_, std::string(kCalendarDir) + ":" + user_id_,
                               std::string(kContactsDir) + ":" + user_id_};
    const std::string refs[] = {std::string(kMailDir), std::string(kCalendarDir), std::string(kContactsDir)};
    for (size_t i = 0; i < 3; ++i) {
      ARK_RETURN_IF_ERROR(
          writer_.Put(ContainerItem({user_id_, root_path_, JoinPath(user_node_, refs[i])},
                                    containers[i].second, ids[i], std::string(containers[i].first))));
    }
    return Status::Ok();
  }

  repo::Repository& repo_;
  catalog::SnapshotWriter& writer_;
  std::string user_node_;
  std::string user_id_;
  std::string root_path_;
  UserState state_;
  uint64_t items_ = 0;
  OwnerReplay owners_{repo_, writer_};
};

}  // namespace

Result<RebuildReport> RebuildCatalog(repo::Repository& repo, catalog::Catalog& catalog,
                                     const catalog::SetInfo& set) {
  RebuildReport report;
  ARK_RETURN_IF_ERROR(catalog.ResetSet(set.id));
  ARK_ASSIGN_OR_RETURN(std::vector<repo::Snapshot> snapshots, repo::ListSnapshots(repo));
  const std::string tag = "set:" + set.id;
  for (const repo::Snapshot& snapshot : snapshots) {
    if (!snapshot.HasTag(tag)) continue;
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<catalog::SnapshotWriter> writer,
                         catalog.BeginSnapshot(set, {snapshot.time}));
    SnapshotReplay replay(repo, *writer);
    Status failure;
    ARK_RETURN_IF_ERROR(repo::WalkTree(
        repo, snapshot.tree, "",
        [&](const std::string& path, const repo::Node& node) { return replay.Visit(path, node); },
        [&](const std::string& path, const Status& s) {
          if (failure.ok()) failure = s.Context("reading " + path);
        }));
    ARK_RETURN_IF_ERROR(failure);
    ARK_RETURN_IF_ERROR(writer->CompleteListing({}));
    ARK_RETURN_IF_ERROR(writer->Commit(snapshot.id.Hex()).status());
    report.snapshots++;
    report.items += replay.items();
  }
  return report;
}

}  // namespace ark::backup
