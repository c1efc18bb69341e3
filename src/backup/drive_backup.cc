// UserBackup, OneDrive: the drive's items by delta, flat under drive/<drive>/, every file's bytes streamed
// into the repository and its driveItem JSON as record.
#include "backup/content_download.h"
#include "backup/graph_json.h"
#include "backup/item_rules.h"
#include "backup/layout.h"
#include "backup/user_backup.h"
#include "core/encoding.h"

namespace ark::backup {
namespace {

using nlohmann::json;

std::string DriveKey(const std::string& drive_id) { return JoinPath(kDriveDir, EscapeName(drive_id)); }

bool IsContainer(const json& item) { return item.contains("folder") || item.contains("root"); }

}  // namespace

Status UserBackup::BackupDrive() {
  Result<json> drive = run_.graph.GetJson(UserPath() + "/drive", "the OneDrive of " + user_.upn);
  if (drive.status().code() == StatusCode::kNotFound) {
    Warn("has no OneDrive (not licensed or never opened); nothing to back up there");
    return Status::Ok();
  }
  ARK_RETURN_IF_ERROR(drive.status());
  return BackupDriveOf(std::move(*drive), std::string(kDriveName));
}

std::string UserBackup::DriveRoot(const std::string& key) const {
  auto it = state_.folders.find(key);
  return catalog::ChildPath(root_path_,
                            it != state_.folders.end() ? it->second.name : std::string(kDriveName));
}

Status UserBackup::BackupDriveOf(json drive, const std::string& library) {
  const std::string drive_id = JsonString(drive, "id");
  const std::string key = DriveKey(drive_id);
  state_.folders[key] = {library, ""};
  drive.erase("@odata.context");
  ARK_ASSIGN_OR_RETURN(repo::Node drive_node, RecordNode(kDriveRecord, drive));
  ARK_RETURN_IF_ERROR(Put(JoinPath(key, kDriveNode), std::move(drive_node)));
  ARK_RETURN_IF_ERROR(run_.catalog.Put(ContainerItem(Place(root_path_, JoinPath(key, kDriveNode)),
                                                     catalog::ItemKind::kDrive, drive_id, library)));

  auto on_items = [&](json& items) -> Status {
    std::vector<const json*> files;
    for (const json& item : items) {
      std::string id = JsonString(item, "id");
      if (id.empty()) continue;
      if (item.contains("deleted")) {
        std::string item_key = JoinPath(key, EscapeName(id));
        ARK_RETURN_IF_ERROR(Remove(item_key));
        bool folder = state_.folders.erase(item_key) > 0;
        ARK_RETURN_IF_ERROR(run_.catalog.Delete(
            {user_.id, folder ? catalog::ItemKind::kFolder : catalog::ItemKind::kFile, id}));
        continue;
      }
      if (IsContainer(item)) {
        ARK_RETURN_IF_ERROR(StoreDriveContainer(drive_id, item));
        continue;
      }
      std::string name = JsonString(item, "name");
      std::string path = catalog::ChildPath(HumanFolderPath(state_, key, ParentReferenceId(item), "/"), name);
      if (IsItemIncluded(run_.item_rules, drive_workload_, path, name)) {
        files.push_back(&item);
      } else {
        // Excluded by the set's rules: not stored (and gone if an earlier run stored it).
        ARK_RETURN_IF_ERROR(Remove(JoinPath(key, EscapeName(id))));
        ARK_RETURN_IF_ERROR(run_.catalog.Delete({user_.id, catalog::ItemKind::kFile, id}));
      }
    }
    // Folders first (their names make the files' paths), then the files.
    return StoreAll(
        files, [&](const json& f) { return PrepareFile(drive_id, f); },
        [&](const json& f, PreparedItem prepared) { return CommitFile(drive_id, f, std::move(prepared)); });
  };
  auto on_resync = [&] { return RemoveBaseChildren(key, kDriveNode); };
  ARK_ASSIGN_OR_RETURN(graph::DeltaRound round,
                       Delta(key, "/drives/" + PercentEncode(drive_id) + "/root/delta",
                             "the drive '" + library + "' of " + user_.upn, on_items, on_resync));
  if (round.resynced) {
    catalog::ListingScope scope;
    scope.owner_id = user_.id;
    scope.folder_path = DriveRoot(key);
    scope.kinds = {catalog::ItemKind::kFile, catalog::ItemKind::kFolder};
    ARK_RETURN_IF_ERROR(run_.catalog.CompleteListing(scope));
  }
  return Status::Ok();
}

namespace {

// The driveItem as stored: without the short-lived, pre-authenticated download URL.
json StoredDriveItem(const json& received) {
  json item = received;
  item.erase("@microsoft.graph.downloadUrl");
  item.erase("@odata.context");
  return item;
}

}  // namespace

Status UserBackup::StoreDriveItem(const std::string& drive_id, const json& item) {
  if (IsContainer(item)) return StoreDriveContainer(drive_id, item);
  ARK_ASSIGN_OR_RETURN(PreparedItem prepared, PrepareFile(drive_id, item));
  return CommitFile(drive_id, item, std::move(prepared));
}

Status UserBackup::StoreDriveContainer(const std::string& drive_id, const json& received) {
  json item = StoredDriveItem(received);
  const std::string key = DriveKey(drive_id);
  const std::string path = JoinPath(key, EscapeName(JsonString(item, "id")));
  // The root has no name in paths; other folders are named in the state for catalog paths.
  if (!item.contains("root")) state_.folders[path] = {JsonString(item, "name"), ParentReferenceId(item)};
  ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kDriveItemRecord, item));
  ARK_RETURN_IF_ERROR(Put(path, std::move(node)));
  if (item.contains("root")) return Status::Ok();
  return run_.catalog.Put(DriveItemEntry(
      Place(HumanFolderPath(state_, key, ParentReferenceId(item), DriveRoot(key)), path), item, 0));
}

Result<UserBackup::PreparedItem> UserBackup::PrepareFile(const std::string& drive_id, const json& received) {
  json item = StoredDriveItem(received);
  const std::string id = JsonString(item, "id");
  PreparedItem out;
  out.path = JoinPath(DriveKey(drive_id), EscapeName(id));
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> old, BaseNode(out.path));
  if (old && old->record) {
    ARK_ASSIGN_OR_RETURN(json old_json, BaseRecord(out.path));
    // cTag changes exactly when the content does; renames and moves keep the stored bytes.
    if (!JsonString(item, "cTag").empty() && JsonString(old_json, "cTag") == JsonString(item, "cTag")) {
      out.node.content = old->content;
      out.node.size = old->size;
      out.reused = true;
    }
  }
  if (!out.reused) {
    Result<repo::ContentRef> content =
        DownloadContent(run_.repo, run_.graph,
                        "/drives/" + PercentEncode(drive_id) + "/items/" + PercentEncode(id) + "/content",
                        "file '" + JsonString(item, "name") + "'", {});
    if (!content.ok()) {
      out.failure = content.status();
      return out;
    }
    out.node.content = std::move(content->blobs);
    out.node.size = content->size;
  }
  ARK_ASSIGN_OR_RETURN(repo::Node record_node, RecordNode(kDriveItemRecord, item));
  out.node.type = repo::NodeType::kItem;
  out.node.record = std::move(record_node.record);
  if (auto t = ParseRfc3339(JsonString(item, "lastModifiedDateTime"))) {
    out.node.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t->time_since_epoch()).count();
  }
  return out;
}

Status UserBackup::CommitFile(const std::string& drive_id, const json& item, PreparedItem prepared) {
  const std::string key = DriveKey(drive_id);
  if (!prepared.failure.ok()) {
    Fail(key, JsonString(item, "id"), "file '" + JsonString(item, "name") + "'", prepared.failure);
    return Status::Ok();
  }
  uint64_t size = prepared.node.size;
  ARK_RETURN_IF_ERROR(Put(prepared.path, std::move(prepared.node)));
  Count(prepared.reused ? 0 : size);
  return run_.catalog.Put(DriveItemEntry(
      Place(HumanFolderPath(state_, key, ParentReferenceId(item), DriveRoot(key)), prepared.path),
      StoredDriveItem(item), size));
}

Status UserBackup::RetryDriveItem(const FailedItem& failed) {
  std::string drive_id = UnescapeName(failed.collection.substr(kDriveDir.size() + 1));
  Result<json> item = run_.graph.GetJson(
      "/drives/" + PercentEncode(drive_id) + "/items/" + PercentEncode(failed.id), failed.what);
  if (item.status().code() == StatusCode::kNotFound) return Status::Ok();
  if (!item.ok()) {
    Fail(failed.collection, failed.id, failed.what, item.status());
    return Status::Ok();
  }
  return StoreDriveItem(drive_id, *item);
}

}  // namespace ark::backup
