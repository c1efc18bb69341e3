// UserBackup, mail: the folder list by delta, then each folder's messages by delta, each message's exact
// MIME as content and its Graph JSON as record.
#include "backup/content_download.h"
#include "backup/graph_json.h"
#include "backup/item_rules.h"
#include "backup/layout.h"
#include "backup/user_backup.h"
#include "core/encoding.h"

namespace ark::backup {
namespace {

using nlohmann::json;

bool IsSearchFolder(const json& folder) {
  return JsonString(folder, "@odata.type") == "#microsoft.graph.mailSearchFolder";
}

std::string FolderKey(const std::string& folder_id) { return JoinPath(kMailDir, EscapeName(folder_id)); }

}  // namespace

Status UserBackup::BackupMail() {
  const std::string key(kMailFoldersCollection);
  std::set<std::string> seen;
  std::set<std::string> moved;  // renamed or moved folders
  bool full = false;
  ARK_RETURN_IF_ERROR(
      run_.catalog.Put(ContainerItem(Place(root_path_, std::string(kMailDir)), catalog::ItemKind::kMailbox,
                                     "mailbox:" + user_.id, std::string(kMailName))));
  const std::string mail_root = catalog::ChildPath(root_path_, kMailName);
  auto on_folders = [&](json& items) -> Status {
    for (json& f : items) {
      std::string id = JsonString(f, "id");
      if (id.empty()) continue;
      std::string folder_key = FolderKey(id);
      if (f.contains("@removed")) {
        std::string human = HumanFolderPath(state_, std::string(kMailDir), id, mail_root);
        ARK_RETURN_IF_ERROR(Remove(folder_key));
        state_.collections.erase(folder_key);
        state_.folders.erase(folder_key);
        ARK_RETURN_IF_ERROR(run_.catalog.DeleteSubtree(user_.id, human));
        ARK_RETURN_IF_ERROR(run_.catalog.Delete({user_.id, catalog::ItemKind::kMailFolder, id}));
        continue;
      }
      seen.insert(folder_key);
      auto known = state_.folders.find(folder_key);
      if (known != state_.folders.end() && (known->second.name != JsonString(f, "displayName") ||
                                            known->second.parent_id != JsonString(f, "parentFolderId"))) {
        moved.insert(folder_key);
      }
      state_.folders[folder_key] = {JsonString(f, "displayName"), JsonString(f, "parentFolderId")};
      ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kMailFolderRecord, f));
      ARK_RETURN_IF_ERROR(Put(JoinPath(folder_key, kFolderNode), std::move(node)));
      if (!IsSearchFolder(f) && !state_.collections.contains(folder_key)) {
        state_.collections[folder_key].initial_url =
            UserPath() + "/mailFolders/" + PercentEncode(id) + "/messages/delta";
      }
      ARK_RETURN_IF_ERROR(run_.catalog.Put(ContainerItem(
          Place(HumanFolderPath(state_, std::string(kMailDir), JsonString(f, "parentFolderId"), mail_root),
                JoinPath(folder_key, kFolderNode)),
          catalog::ItemKind::kMailFolder, id, JsonString(f, "displayName"))));
    }
    return Status::Ok();
  };
  ARK_ASSIGN_OR_RETURN(graph::DeltaRound round, Delta(key, UserPath() + "/mailFolders/delta",
                                                      "mail folders of " + user_.upn, on_folders, [&] {
                                                        full = true;
                                                        return Status::Ok();
                                                      }));
  full = full || round.full;
  if (full) {
    // A full enumeration: folders known before and not listed now are gone.
    std::vector<std::string> gone;
    for (const auto& [k, cursor] : state_.collections) {
      if (k != key && k.starts_with(std::string(kMailDir) + "/") && !seen.contains(k)) gone.push_back(k);
    }
    for (const std::string& k : gone) {
      ARK_RETURN_IF_ERROR(Remove(k));
      state_.collections.erase(k);
      state_.folders.erase(k);
    }
  }
  ARK_RETURN_IF_ERROR(RecatalogMovedFolders(moved));
  std::vector<std::string> folders;
  for (const auto& [k, cursor] : state_.collections) {
    if (k != key && k.starts_with(std::string(kMailDir) + "/")) folders.push_back(k);
  }
  for (const std::string& k : folders) {
    std::string folder_id = UnescapeName(k.substr(kMailDir.size() + 1));
    std::string relative = HumanFolderPath(state_, std::string(kMailDir), folder_id, "");
    if (relative.starts_with('/')) relative.erase(0, 1);
    if (!IsItemIncluded(run_.item_rules, org::Workload::kMail, relative, state_.folders[k].name)) {
      ARK_RETURN_IF_ERROR(DropFolderMessages(k, folder_id));
      continue;
    }
    Status s = BackupMessages(folder_id);
    if (s.code() == StatusCode::kNotFound) {
      Warn("mail folder " + folder_id + " disappeared during the backup; the next run records its removal");
      continue;
    }
    ARK_RETURN_IF_ERROR(s);
  }
  // A message moved between folders was removed from one and stored in another: only the rest are gone.
  for (const std::string& id : removed_messages_) {
    if (stored_messages_.contains(id)) continue;
    ARK_RETURN_IF_ERROR(run_.catalog.Delete({user_.id, catalog::ItemKind::kMailMessage, id}));
  }
  return Status::Ok();
}

Status UserBackup::RecatalogMovedFolders(const std::set<std::string>& moved) {
  if (moved.empty()) return Status::Ok();
  const std::string mail_root = catalog::ChildPath(root_path_, kMailName);
  for (const auto& [key, folder] : state_.folders) {
    if (!key.starts_with(std::string(kMailDir) + "/")) continue;
    // Affected: the folder itself or any folder below a moved one.
    bool affected = false;
    std::string k = key;
    for (size_t depth = 0; depth < 256 && !affected; ++depth) {
      affected = moved.contains(k);
      auto it = state_.folders.find(k);
      if (it == state_.folders.end() || it->second.parent_id.empty()) break;
      k = FolderKey(it->second.parent_id);
    }
    if (!affected) continue;
    // The catalog keys items by id, so putting them again with the new path makes new versions there.
    const std::string folder_id = UnescapeName(key.substr(kMailDir.size() + 1));
    const std::string path = HumanFolderPath(state_, std::string(kMailDir), folder_id, mail_root);
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> names, BaseChildren(key));
    for (const std::string& name : names) {
      if (name == kFolderNode) continue;
      const std::string node_path = JoinPath(key, name);
      ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> node, BaseNode(node_path));
      ARK_ASSIGN_OR_RETURN(json message, BaseRecord(node_path));
      if (!node || message.is_null()) continue;
      ARK_RETURN_IF_ERROR(run_.catalog.Put(MessageItem(Place(path, node_path), message, node->size)));
    }
  }
  return Status::Ok();
}

Status UserBackup::DropFolderMessages(const std::string& key, const std::string& folder_id) {
  ARK_RETURN_IF_ERROR(RemoveBaseChildren(key, kFolderNode));
  // Read again in full if a rule lets the folder in later.
  graph::DeltaCursor& cursor = state_.collections[key];
  cursor.next_link.clear();
  cursor.delta_link.clear();
  return CompleteMessageListing(folder_id);
}

Status UserBackup::CompleteMessageListing(const std::string& folder_id) {
  catalog::ListingScope scope;
  scope.owner_id = user_.id;
  scope.folder_path =
      HumanFolderPath(state_, std::string(kMailDir), folder_id, catalog::ChildPath(root_path_, kMailName));
  scope.recursive = false;
  scope.kinds = {catalog::ItemKind::kMailMessage};
  return run_.catalog.CompleteListing(scope);
}

Status UserBackup::BackupMessages(const std::string& folder_id) {
  const std::string key = FolderKey(folder_id);
  auto on_messages = [&](json& items) -> Status {
    std::vector<const json*> changed;
    for (const json& m : items) {
      std::string id = JsonString(m, "id");
      if (id.empty()) continue;
      if (m.contains("@removed")) {
        ARK_RETURN_IF_ERROR(Remove(JoinPath(key, EscapeName(id))));
        removed_messages_.insert(id);
        continue;
      }
      changed.push_back(&m);
    }
    return StoreAll(
        changed, [&](const json& m) { return PrepareMessage(folder_id, m); },
        [&](const json& m, PreparedItem prepared) {
          return CommitMessage(folder_id, m, std::move(prepared));
        });
  };
  // Everything the folder held is listed again: drop what the base tree has, keep the folder's record.
  auto on_resync = [&] { return RemoveBaseChildren(key, kFolderNode); };
  std::string what = "messages of folder '" + state_.folders[key].name + "' of " + user_.upn;
  ARK_ASSIGN_OR_RETURN(graph::DeltaRound round,
                       Delta(key, UserPath() + "/mailFolders/" + PercentEncode(folder_id) + "/messages/delta",
                             what, on_messages, on_resync));
  if (round.resynced) ARK_RETURN_IF_ERROR(CompleteMessageListing(folder_id));
  return Status::Ok();
}

Result<UserBackup::PreparedItem> UserBackup::PrepareMessage(const std::string& folder_id,
                                                            const json& message) {
  const std::string id = JsonString(message, "id");
  PreparedItem out;
  out.path = JoinPath(FolderKey(folder_id), EscapeName(id));
  // The same version in the base tree (a resync, a retry): its content is already stored.
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> old, BaseNode(out.path));
  if (old && old->record) {
    ARK_ASSIGN_OR_RETURN(json old_json, BaseRecord(out.path));
    if (!JsonString(message, "changeKey").empty() &&
        JsonString(old_json, "changeKey") == JsonString(message, "changeKey")) {
      out.node = *old;
      out.reused = true;
      return out;
    }
  }
  Result<repo::ContentRef> content =
      DownloadContent(run_.repo, run_.graph, UserPath() + "/messages/" + PercentEncode(id) + "/$value",
                      "message '" + JsonString(message, "subject") + "'", OutlookHeaders());
  if (!content.ok()) {
    out.failure = content.status();
    return out;
  }
  ARK_ASSIGN_OR_RETURN(out.node, RecordNode(kMessageRecord, message));
  out.node.size = content->size;
  out.node.content = std::move(content->blobs);
  return out;
}

Status UserBackup::CommitMessage(const std::string& folder_id, const json& message, PreparedItem prepared) {
  const std::string id = JsonString(message, "id");
  if (!prepared.failure.ok()) {
    Fail(FolderKey(folder_id), id, "message '" + JsonString(message, "subject") + "'", prepared.failure);
    return Status::Ok();
  }
  uint64_t size = prepared.node.size;
  ARK_RETURN_IF_ERROR(Put(prepared.path, std::move(prepared.node)));
  stored_messages_.insert(id);
  Count(prepared.reused ? 0 : size);
  return run_.catalog.Put(MessageItem(Place(HumanFolderPath(state_, std::string(kMailDir), folder_id,
                                                            catalog::ChildPath(root_path_, kMailName)),
                                            prepared.path),
                                      message, size));
}

Status UserBackup::StoreMessage(const std::string& folder_id, const json& message) {
  ARK_ASSIGN_OR_RETURN(PreparedItem prepared, PrepareMessage(folder_id, message));
  return CommitMessage(folder_id, message, std::move(prepared));
}

Status UserBackup::RetryMessage(const FailedItem& failed) {
  Result<json> message = run_.graph.GetJson(UserPath() + "/messages/" + PercentEncode(failed.id),
                                            "message " + failed.id, OutlookHeaders());
  if (message.status().code() == StatusCode::kNotFound) return Status::Ok();  // gone since: nothing to retry
  if (!message.ok()) {
    Fail(failed.collection, failed.id, failed.what, message.status());
    return Status::Ok();
  }
  std::string folder_id = JsonString(*message, "parentFolderId");
  if (!state_.collections.contains(FolderKey(folder_id))) return Status::Ok();  // its folder is not backed up
  return StoreMessage(folder_id, *message);
}

}  // namespace ark::backup
