// BackupSnapshot: snapshot selection, user lookup, folder trees from records, streamed content access.
#include "restore/backup_snapshot.h"

#include <algorithm>
#include <set>

#include "backup/layout.h"
#include "repo/content.h"
#include "repo/directory.h"
#include "restore/safe_path.h"

namespace ark::restore {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Names from `id` up through `parent_of` until an id that is not known (the root's child).
std::vector<std::string> PathOf(const std::string& id,
                                const std::map<std::string, std::pair<std::string, std::string>>& by_id) {
  std::vector<std::string> path;
  std::set<std::string> seen;
  for (std::string at = id; by_id.contains(at) && seen.insert(at).second;) {
    const auto& [name, parent] = by_id.at(at);
    path.push_back(name);
    at = parent;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace

std::vector<std::string> SplitHumanPath(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool PathStartsWith(const std::vector<std::string>& path, const std::vector<std::string>& prefix) {
  if (prefix.size() > path.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(path[i]) != AsciiLower(prefix[i])) return false;
  }
  return true;
}

Result<BackupSnapshot> BackupSnapshot::Open(repo::Repository& repo, const std::string& set_id,
                                            const std::string& ref) {
  ARK_RETURN_IF_ERROR(repo.LoadIndex());
  ARK_ASSIGN_OR_RETURN(std::vector<repo::Snapshot> all, repo::ListSnapshots(repo));
  std::optional<repo::Snapshot> chosen;
  for (repo::Snapshot& s : all) {
    if (!s.HasTag("set:" + set_id)) continue;
    if (!ref.empty() && ref != "latest" && !s.id.Hex().starts_with(ref)) continue;
    if (!chosen || s.time > chosen->time) chosen = std::move(s);
  }
  if (!chosen) {
    return NotFound(ref.empty() || ref == "latest"
                        ? "the set has no snapshot yet; run `ark365 backup run` first"
                        : "the set has no snapshot " + ref + "; `ark365 repo snapshots` lists them");
  }
  if (Str(chosen->meta, "layout") != backup::kLayout) {
    return FailedPrecondition("the snapshot " + chosen->id.Hex().substr(0, 8) + " has the layout '" +
                              Str(chosen->meta, "layout") + "', which this version of ark365 cannot read");
  }
  return BackupSnapshot(repo, std::move(*chosen));
}

Result<std::optional<repo::Node>> BackupSnapshot::Lookup(const std::string& path) {
  return repo::LookupPath(*repo_, snapshot_.tree, path);
}

Result<json> BackupSnapshot::Record(const repo::Node& node, const std::string& where) {
  if (!node.record) return DataLoss(where + " has no record");
  ARK_ASSIGN_OR_RETURN(std::string bytes, repo::LoadRecord(*repo_, *node.record));
  json j = json::parse(bytes, nullptr, false);
  if (!j.is_object()) return DataLoss("the record of " + where + " is not a JSON object");
  return j;
}

Status BackupSnapshot::ForEachChild(const repo::Node& dir,
                                    const std::function<Status(const repo::Node&)>& fn) {
  if (dir.type != repo::NodeType::kDir || !dir.subtree) return Status::Ok();
  return repo::ForEachNode(*repo_, *dir.subtree, fn);
}

Result<std::string> BackupSnapshot::FindUser(const std::string& user, json* record) {
  std::string want = AsciiLower(user);
  std::string found;
  ARK_RETURN_IF_ERROR(repo::ForEachNode(*repo_, snapshot_.tree, [&](const repo::Node& dir) -> Status {
    if (!found.empty() || dir.type != repo::NodeType::kDir) return Status::Ok();
    ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> user_node,
                         repo::LookupNode(*repo_, *dir.subtree, backup::kUserNode));
    if (!user_node) return Status::Ok();
    ARK_ASSIGN_OR_RETURN(json j, Record(*user_node, dir.name + "/_user"));
    if (AsciiLower(Str(j, "userPrincipalName")) == want || AsciiLower(Str(j, "mail")) == want ||
        AsciiLower(Str(j, "id")) == want) {
      found = dir.name;
      if (record != nullptr) *record = std::move(j);
    }
    return Status::Ok();
  }));
  if (found.empty()) {
    return NotFound("the snapshot " + snapshot_.id.Hex().substr(0, 8) + " has no user " + user +
                    "; check the user's UPN (the set may not protect that user)");
  }
  return found;
}

Result<std::vector<SnapshotMailFolder>> BackupSnapshot::MailFolders(const std::string& user_node) {
  std::vector<SnapshotMailFolder> folders;
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> mail, Lookup(backup::JoinPath(user_node, backup::kMailDir)));
  if (!mail) return folders;
  ARK_RETURN_IF_ERROR(ForEachChild(*mail, [&](const repo::Node& dir) -> Status {
    if (dir.type != repo::NodeType::kDir) return Status::Ok();
    ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> folder_node,
                         repo::LookupNode(*repo_, *dir.subtree, backup::kFolderNode));
    if (!folder_node) return Status::Ok();
    ARK_ASSIGN_OR_RETURN(json j, Record(*folder_node, "mail folder " + dir.name));
    SnapshotMailFolder f;
    f.id = Str(j, "id");
    f.node = dir.name;
    f.hidden = j.value("isHidden", false);
    f.search = Str(j, "@odata.type") == "#microsoft.graph.mailSearchFolder";
    f.record = std::move(j);
    folders.push_back(std::move(f));
    return Status::Ok();
  }));
  std::map<std::string, std::pair<std::string, std::string>> by_id;
  for (const auto& f : folders) by_id[f.id] = {Str(f.record, "displayName"), Str(f.record, "parentFolderId")};
  for (auto& f : folders) f.path = PathOf(f.id, by_id);
  std::stable_sort(folders.begin(), folders.end(),
                   [](const auto& a, const auto& b) { return a.path.size() < b.path.size(); });
  return folders;
}

Status BackupSnapshot::ForEachMessage(const std::string& user_node, const SnapshotMailFolder& folder,
                                      const std::function<Status(SnapshotItem&)>& fn) {
  std::string where = backup::JoinPath(backup::JoinPath(user_node, backup::kMailDir), folder.node);
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> dir, Lookup(where));
  if (!dir) return Status::Ok();
  return ForEachChild(*dir, [&](const repo::Node& node) -> Status {
    if (node.type != repo::NodeType::kItem || node.name == backup::kFolderNode) return Status::Ok();
    ARK_ASSIGN_OR_RETURN(json j, Record(node, where + "/" + node.name));
    SnapshotItem item{folder.path, Str(j, "subject"), node, std::move(j)};
    return fn(item);
  });
}

Status BackupSnapshot::ForEachDriveItem(const std::string& user_node,
                                        const std::function<Status(const SnapshotDriveFolder&)>& on_folder,
                                        const std::function<Status(SnapshotItem&)>& on_file) {
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> drives,
                       Lookup(backup::JoinPath(user_node, backup::kDriveDir)));
  if (!drives) return Status::Ok();
  std::vector<repo::Node> drive_dirs;
  ARK_RETURN_IF_ERROR(ForEachChild(*drives, [&](const repo::Node& d) {
    drive_dirs.push_back(d);
    return Status::Ok();
  }));
  for (const repo::Node& drive : drive_dirs) {
    // Metadata of every item of the drive (blob ids, not content) to rebuild the tree.
    std::vector<std::pair<repo::Node, json>> items;
    std::map<std::string, std::pair<std::string, std::string>> by_id;
    ARK_RETURN_IF_ERROR(ForEachChild(drive, [&](const repo::Node& node) -> Status {
      if (node.type != repo::NodeType::kItem || node.name == backup::kDriveNode) return Status::Ok();
      ARK_ASSIGN_OR_RETURN(json j, Record(node, "drive item " + node.name));
      if (j.contains("root")) return Status::Ok();  // the root: its children have no parent in by_id
      std::string parent = j.contains("parentReference") ? Str(j["parentReference"], "id") : "";
      by_id[Str(j, "id")] = {Str(j, "name"), parent};
      items.emplace_back(node, std::move(j));
      return Status::Ok();
    }));
    std::vector<std::pair<std::vector<std::string>, size_t>> folders;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].second.contains("folder"))
        folders.emplace_back(PathOf(Str(items[i].second, "id"), by_id), i);
    }
    std::sort(folders.begin(), folders.end());  // parents sort before their children
    for (const auto& [path, index] : folders) ARK_RETURN_IF_ERROR(on_folder({path}));
    for (auto& [node, j] : items) {
      if (j.contains("folder")) continue;
      std::vector<std::string> path = PathOf(Str(j, "id"), by_id);
      if (path.empty()) continue;
      path.pop_back();
      SnapshotItem item{std::move(path), Str(j, "name"), node, std::move(j)};
      ARK_RETURN_IF_ERROR(on_file(item));
    }
  }
  return Status::Ok();
}

Status BackupSnapshot::ForEachPimItem(const std::string& user_node, std::string_view workload_dir,
                                      const std::function<Status(SnapshotItem&)>& fn) {
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> root, Lookup(backup::JoinPath(user_node, workload_dir)));
  if (!root) return Status::Ok();
  std::vector<repo::Node> containers;
  ARK_RETURN_IF_ERROR(ForEachChild(*root, [&](const repo::Node& d) {
    containers.push_back(d);
    return Status::Ok();
  }));
  const char* name_key = workload_dir == backup::kCalendarDir ? "name" : "displayName";
  for (const repo::Node& dir : containers) {
    if (dir.type != repo::NodeType::kDir) continue;
    ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> folder_node,
                         repo::LookupNode(*repo_, *dir.subtree, backup::kFolderNode));
    std::string name = dir.name;
    if (folder_node) {
      ARK_ASSIGN_OR_RETURN(json f, Record(*folder_node, "folder " + dir.name));
      name = Str(f, name_key);
    }
    ARK_RETURN_IF_ERROR(ForEachChild(dir, [&](const repo::Node& node) -> Status {
      if (node.type != repo::NodeType::kItem || node.name == backup::kFolderNode) return Status::Ok();
      ARK_ASSIGN_OR_RETURN(json j, Record(node, "item " + node.name));
      SnapshotItem item{{name},
                        Str(j, workload_dir == backup::kCalendarDir ? "subject" : "displayName"),
                        node,
                        std::move(j)};
      return fn(item);
    }));
  }
  return Status::Ok();
}

ContentProducer ContentProducerOf(repo::Repository& repo, const repo::Node& node) {
  return [&repo, blobs = node.content](const ChunkSink& sink) {
    repo::ContentReader reader(repo, blobs);
    return reader.ReadAll([&](std::string_view piece) { return sink(piece); });
  };
}

RepoContentSource::RepoContentSource(repo::Repository& repo, const repo::Node& node)
    : repo_(repo), blobs_(node.content), size_(node.size) {}

Result<size_t> RepoContentSource::ReadAt(uint64_t offset, std::span<char> buffer) {
  if (offset >= size_) return size_t{0};
  uint64_t length = std::min<uint64_t>(buffer.size(), size_ - offset);
  repo::ContentReader reader(repo_, blobs_);
  ARK_ASSIGN_OR_RETURN(std::string bytes, reader.ReadRange(offset, length));
  std::copy(bytes.begin(), bytes.end(), buffer.begin());
  return bytes.size();
}

}  // namespace ark::restore
