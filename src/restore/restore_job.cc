// Restore/export jobs over a BackupSnapshot: selection by path or id, target paths, per-item errors.
#include "restore/restore_job.h"

#include "backup/layout.h"
#include "core/encoding.h"
#include "core/hash.h"
#include "core/time.h"
#include "restore/drive_restorer.h"
#include "restore/mail_restorer.h"

namespace ark::restore {
namespace {

using nlohmann::json;

std::vector<std::string> Concat(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::string Text(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) out += "/" + p;
  return out.empty() ? "/" : out;
}

// Folders on the way to a selected path are not restored themselves; folders below it are.
bool Selected(const std::vector<std::string>& path, const std::vector<std::string>& wanted) {
  return PathStartsWith(path, wanted);
}

int64_t UnixSeconds(const json& record, const char* key) {
  auto t = ParseRfc3339(record.value(key, ""));
  return t ? std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count() : 0;
}

std::string Sender(const json& record) {
  if (record.contains("from") && record["from"].is_object() && record["from"].contains("emailAddress")) {
    return record["from"]["emailAddress"].value("address", "");
  }
  return "";
}

}  // namespace

void JobReport::Count(ItemOutcome outcome) {
  switch (outcome) {
    case ItemOutcome::kCreated:
      ++created;
      break;
    case ItemOutcome::kReplaced:
      ++replaced;
      break;
    case ItemOutcome::kSkipped:
      ++skipped;
      break;
  }
}

Result<JobReport> RestoreMail(BackupSnapshot& snapshot, graph::GraphClient& client,
                              const RestoreRequest& request, Progress* progress) {
  ARK_ASSIGN_OR_RETURN(std::string user_node, snapshot.FindUser(request.source_user));
  ARK_ASSIGN_OR_RETURN(std::vector<SnapshotMailFolder> folders, snapshot.MailFolders(user_node));
  std::string target = request.target_user.empty() ? request.source_user : request.target_user;
  MailRestorer restorer(client, target, request.policy);
  JobReport report;
  for (const SnapshotMailFolder& folder : folders) {
    if (folder.search) continue;  // a query, not a container
    bool whole_folder = request.item_id.empty() && Selected(folder.path, request.path);
    bool may_hold_item = !request.item_id.empty() && Selected(folder.path, request.path);
    if (!whole_folder && !may_hold_item) continue;
    std::string folder_id;
    if (whole_folder) {  // folders are created even when empty: the tree comes back as it was
      Result<std::string> id = restorer.EnsureFolder(Concat(request.to_folder, folder.path), folder.hidden);
      if (!id.ok()) {
        report.failed.push_back("folder " + Text(folder.path) + ": " + id.status().message());
        continue;
      }
      folder_id = *id;
      report.folders++;
    }
    ARK_RETURN_IF_ERROR(snapshot.ForEachMessage(user_node, folder, [&](SnapshotItem& item) -> Status {
      if (!request.item_id.empty() && item.record.value("id", "") != request.item_id) return Status::Ok();
      if (folder_id.empty()) {
        ARK_ASSIGN_OR_RETURN(folder_id,
                             restorer.EnsureFolder(Concat(request.to_folder, folder.path), folder.hidden));
      }
      Result<RestoredMessage> r = restorer.RestoreMessage(
          folder_id, ContentProducerOf(snapshot.repo(), item.node), item.node.size, item.record);
      if (!r.ok()) {
        report.failed.push_back("message '" + item.name + "' in " + Text(folder.path) + ": " +
                                r.status().message());
      } else {
        report.Count(r->outcome);
        if (r->outcome != ItemOutcome::kSkipped) report.bytes += item.node.size;
      }
      if (progress != nullptr) progress->Advance(1, item.node.size);
      return Status::Ok();
    }));
  }
  if (!request.item_id.empty() &&
      report.created + report.replaced + report.skipped + report.failed.size() == 0) {
    return NotFound("the snapshot has no message " + request.item_id + " for " + request.source_user);
  }
  return report;
}

Result<JobReport> RestoreDrive(BackupSnapshot& snapshot, graph::GraphClient& client,
                               const RestoreRequest& request, Progress* progress) {
  ARK_ASSIGN_OR_RETURN(std::string user_node, snapshot.FindUser(request.source_user));
  std::string target = request.target_user.empty() ? request.source_user : request.target_user;
  ARK_ASSIGN_OR_RETURN(std::string drive_id, ResolveUserDrive(client, target));
  DriveRestorer restorer(client, drive_id, request.policy);
  JobReport report;
  bool any = false;
  ARK_RETURN_IF_ERROR(snapshot.ForEachDriveItem(
      user_node,
      [&](const SnapshotDriveFolder& folder) -> Status {
        if (!request.item_id.empty() || !Selected(folder.path, request.path)) return Status::Ok();
        any = true;
        Result<std::string> id = restorer.EnsureFolder(Concat(request.to_folder, folder.path));
        if (!id.ok()) {
          report.failed.push_back("folder " + Text(folder.path) + ": " + id.status().message());
        } else {
          report.folders++;
        }
        return Status::Ok();
      },
      [&](SnapshotItem& item) -> Status {
        std::vector<std::string> file_path = item.path;
        file_path.push_back(item.name);
        if (!request.item_id.empty() ? item.record.value("id", "") != request.item_id
                                     : !Selected(file_path, request.path)) {
          return Status::Ok();
        }
        any = true;
        Result<std::string> parent = restorer.EnsureFolder(Concat(request.to_folder, item.path));
        Result<RestoredFile> r = parent.status();
        if (parent.ok()) {
          RepoContentSource source(snapshot.repo(), item.node);
          r = restorer.RestoreFile(*parent, item.name, source, item.record);
        }
        if (!r.ok()) {
          report.failed.push_back("file " + Text(file_path) + ": " + r.status().message());
        } else {
          report.Count(r->outcome);
          if (r->outcome != ItemOutcome::kSkipped) report.bytes += item.node.size;
        }
        if (progress != nullptr) progress->Advance(1, item.node.size);
        return Status::Ok();
      }));
  if (!any && (!request.item_id.empty() || !request.path.empty())) {
    return NotFound("the snapshot has no file or folder " +
                    (request.item_id.empty() ? Text(request.path) : request.item_id) + " for " +
                    request.source_user);
  }
  return report;
}

Result<JobReport> RestorePim(BackupSnapshot& snapshot, graph::GraphClient& client,
                             const RestoreRequest& request, PimKind kind, Progress* progress) {
  ARK_ASSIGN_OR_RETURN(std::string user_node, snapshot.FindUser(request.source_user));
  std::string target = request.target_user.empty() ? request.source_user : request.target_user;
  PimRestorer restorer(client, target, request.policy);
  JobReport report;
  std::map<std::string, std::string> containers;  // name -> id in the target
  std::string_view dir = kind == PimKind::kEvent ? backup::kCalendarDir : backup::kContactsDir;
  ARK_RETURN_IF_ERROR(snapshot.ForEachPimItem(user_node, dir, [&](SnapshotItem& item) -> Status {
    if (!request.item_id.empty() && item.record.value("id", "") != request.item_id) return Status::Ok();
    if (!Selected(item.path, request.path)) return Status::Ok();
    // Occurrences and exceptions are the service's expansion of their series.
    std::string type = item.record.value("type", "");
    if (type == "occurrence" || type == "exception") return Status::Ok();
    // Calendars and contact folders are one level: --to-folder names the container itself.
    std::string name = request.to_folder.empty() ? item.path.front() : request.to_folder.back();
    auto it = containers.find(name);
    if (it == containers.end()) {
      Result<std::string> id = restorer.EnsureContainer(kind, name);
      if (!id.ok()) {
        report.failed.push_back("'" + name + "': " + id.status().message());
        return Status::Ok();
      }
      it = containers.emplace(name, *id).first;
      report.folders++;
    }
    Result<ItemOutcome> r = restorer.Restore(kind, it->second, item.record);
    if (!r.ok()) {
      report.failed.push_back("'" + item.name + "': " + r.status().message());
    } else {
      report.Count(*r);
    }
    if (progress != nullptr) progress->Advance(1, 0);
    return Status::Ok();
  }));
  return report;
}

Result<JobReport> ExportMail(BackupSnapshot& snapshot, const std::string& user,
                             const std::vector<std::string>& path, MailExportWriter& writer,
                             Progress* progress) {
  ARK_ASSIGN_OR_RETURN(std::string user_node, snapshot.FindUser(user));
  ARK_ASSIGN_OR_RETURN(std::vector<SnapshotMailFolder> folders, snapshot.MailFolders(user_node));
  JobReport report;
  for (const SnapshotMailFolder& folder : folders) {
    if (folder.search || !Selected(folder.path, path)) continue;
    ARK_RETURN_IF_ERROR(writer.AddFolder(folder.path));
    report.folders++;
    ARK_RETURN_IF_ERROR(snapshot.ForEachMessage(user_node, folder, [&](SnapshotItem& item) -> Status {
      MessageInfo info{item.record.value("id", ""), item.name, Sender(item.record),
                       UnixSeconds(item.record, "receivedDateTime")};
      Result<std::string> written =
          writer.AddMessage(folder.path, info, ContentProducerOf(snapshot.repo(), item.node));
      if (!written.ok()) {
        report.failed.push_back("message '" + item.name + "' in " + Text(folder.path) + ": " +
                                written.status().message());
      } else {
        report.created++;
        report.bytes += item.node.size;
      }
      if (progress != nullptr) progress->Advance(1, item.node.size);
      return Status::Ok();
    }));
  }
  ARK_RETURN_IF_ERROR(writer.Finish());
  return report;
}

Result<JobReport> ExportDrive(BackupSnapshot& snapshot, const std::string& user,
                              const std::vector<std::string>& path, FileTreeWriter& writer,
                              Progress* progress) {
  ARK_ASSIGN_OR_RETURN(std::string user_node, snapshot.FindUser(user));
  JobReport report;
  ARK_RETURN_IF_ERROR(snapshot.ForEachDriveItem(
      user_node,
      [&](const SnapshotDriveFolder& folder) -> Status {
        if (!Selected(folder.path, path)) return Status::Ok();
        report.folders++;
        return writer.AddFolder(folder.path);
      },
      [&](SnapshotItem& item) -> Status {
        std::vector<std::string> file_path = item.path;
        file_path.push_back(item.name);
        if (!Selected(file_path, path)) return Status::Ok();
        std::optional<int64_t> mtime;
        if (item.node.mtime_ns) mtime = *item.node.mtime_ns / 1000000000;
        Result<std::string> written =
            writer.AddFile(item.path, item.name, mtime, ContentProducerOf(snapshot.repo(), item.node));
        if (!written.ok()) {
          report.failed.push_back("file " + Text(file_path) + ": " + written.status().message());
        } else {
          report.created++;
          report.bytes += item.node.size;
        }
        if (progress != nullptr) progress->Advance(1, item.node.size);
        return Status::Ok();
      }));
  ARK_RETURN_IF_ERROR(writer.Finish());
  return report;
}

Result<Inventory> InventoryFromSnapshot(BackupSnapshot& snapshot, const std::string& user,
                                        const InventoryScope& scope) {
  ARK_ASSIGN_OR_RETURN(std::string user_node, snapshot.FindUser(user));
  Inventory out;
  auto hash = [&](const repo::Node& node) -> Result<std::string> {
    Hasher hasher(DigestAlgorithm::kSha256);
    ARK_RETURN_IF_ERROR(ContentProducerOf(snapshot.repo(), node)([&](std::string_view piece) {
      hasher.Update(piece);
      return Status::Ok();
    }));
    return HexEncode(hasher.Finish());
  };
  auto relative = [](const std::vector<std::string>& path, const std::vector<std::string>& root,
                     bool is_message) -> std::optional<std::string> {
    if (!PathStartsWith(path, root)) return std::nullopt;
    if (path.size() == root.size() && !is_message) return std::nullopt;
    return Text({path.begin() + static_cast<std::ptrdiff_t>(root.size()), path.end()});
  };
  if (scope.mail) {
    ARK_ASSIGN_OR_RETURN(std::vector<SnapshotMailFolder> folders, snapshot.MailFolders(user_node));
    for (const SnapshotMailFolder& folder : folders) {
      if (folder.search) continue;
      if (auto p = relative(folder.path, scope.mail_root, false)) {
        out.items.push_back({InventoryKind::kMailFolder, *p, "", 0, *p});
      }
      std::optional<std::string> p = relative(folder.path, scope.mail_root, true);
      if (!p) continue;
      ARK_RETURN_IF_ERROR(snapshot.ForEachMessage(user_node, folder, [&](SnapshotItem& item) -> Status {
        ARK_ASSIGN_OR_RETURN(std::string sha, hash(item.node));
        out.items.push_back({InventoryKind::kMessage, *p, sha, item.node.size, item.name});
        return Status::Ok();
      }));
    }
  }
  if (scope.drive) {
    ARK_RETURN_IF_ERROR(snapshot.ForEachDriveItem(
        user_node,
        [&](const SnapshotDriveFolder& folder) -> Status {
          if (auto p = relative(folder.path, scope.drive_root, false)) {
            out.items.push_back({InventoryKind::kDriveFolder, *p, "", 0, folder.path.back()});
          }
          return Status::Ok();
        },
        [&](SnapshotItem& item) -> Status {
          std::vector<std::string> file_path = item.path;
          file_path.push_back(item.name);
          auto p = relative(file_path, scope.drive_root, false);
          if (!p) return Status::Ok();
          ARK_ASSIGN_OR_RETURN(std::string sha, hash(item.node));
          out.items.push_back({InventoryKind::kFile, *p, sha, item.node.size, item.name});
          return Status::Ok();
        }));
  }
  return out;
}

}  // namespace ark::restore
