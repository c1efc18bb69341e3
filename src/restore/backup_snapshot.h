// BackupSnapshot: reads one snapshot of a backup set in the layout of docs/backup-format.md — users, mail
// folder trees, messages, drive trees, calendars and contacts — for restore, export and verify-restore.
//
// Folder trees are rebuilt from the records (mail: parentFolderId of each
// _folder; drive: parentReference.id), so every item gets its human path
// ({"Inbox", "Projects"}, {"Documents", "a.txt"}). Content is never loaded
// here: items carry their repository Node, read with ContentProducerOf() or
// a RepoContentSource as it streams.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "graph/upload_session.h"
#include "repo/node.h"
#include "repo/repository.h"
#include "repo/snapshot.h"
#include "restore/export_writers.h"

namespace ark::restore {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's destructor, see graph/resources.h.
struct SnapshotMailFolder {
  std::string id;
  std::string node;               // escaped directory name under mail/
  std::vector<std::string> path;  // display names from the mailbox root
  bool hidden = false;
  bool search = false;  // a search folder: a query, nothing to restore
  nlohmann::json record;
};

struct SnapshotItem {
  std::vector<std::string> path;  // folder path (messages, events, contacts) or parent folders (files)
  std::string name;               // file name or subject
  repo::Node node;                // content (MIME, file bytes); size
  nlohmann::json record;          // the Graph JSON
};

struct SnapshotDriveFolder {
  std::vector<std::string> path;
};

class BackupSnapshot {
 public:
  // The snapshot `ref` (an id or id prefix; empty = the newest) of the set `set_id`. Loads the index.
  static Result<BackupSnapshot> Open(repo::Repository& repo, const std::string& set_id,
                                     const std::string& ref);

  const repo::Snapshot& snapshot() const { return snapshot_; }
  repo::Repository& repo() { return *repo_; }

  // The user directory of `user` (UPN, mail or id, case-insensitive), with its _user record.
  Result<std::string> FindUser(const std::string& user, nlohmann::json* record = nullptr);

  // Every mail folder of the user (search folders flagged), parents before children.
  Result<std::vector<SnapshotMailFolder>> MailFolders(const std::string& user_node);
  // Calls `fn` with every message of `folder`.
  Status ForEachMessage(const std::string& user_node, const SnapshotMailFolder& folder,
                        const std::function<Status(SnapshotItem&)>& fn);

  // Every drive folder (parents first) and file of the user's drives.
  Status ForEachDriveItem(const std::string& user_node,
                          const std::function<Status(const SnapshotDriveFolder&)>& on_folder,
                          const std::function<Status(SnapshotItem&)>& on_file);

  // Calendars ("calendar") or contact folders ("contacts"): every item with path {container name}.
  Status ForEachPimItem(const std::string& user_node, std::string_view workload_dir,
                        const std::function<Status(SnapshotItem&)>& fn);

 private:
  BackupSnapshot(repo::Repository& repo, repo::Snapshot snapshot)
      : repo_(&repo), snapshot_(std::move(snapshot)) {}
  Result<std::optional<repo::Node>> Lookup(const std::string& path);
  Result<nlohmann::json> Record(const repo::Node& node, const std::string& where);
  Status ForEachChild(const repo::Node& dir, const std::function<Status(const repo::Node&)>& fn);

  repo::Repository* repo_;
  repo::Snapshot snapshot_;
};

// The content of an item node, streamed blob by blob.
ContentProducer ContentProducerOf(repo::Repository& repo, const repo::Node& node);

// An item node's content, readable at offsets (for upload sessions).
class RepoContentSource final : public graph::RandomAccessSource {
 public:
  RepoContentSource(repo::Repository& repo, const repo::Node& node);
  uint64_t size() const override { return size_; }
  Result<size_t> ReadAt(uint64_t offset, std::span<char> buffer) override;

 private:
  repo::Repository& repo_;
  std::vector<repo::BlobId> blobs_;
  uint64_t size_;
};

// "/Inbox/Sub" -> {"Inbox", "Sub"}; "" and "/" -> {}.
std::vector<std::string> SplitHumanPath(std::string_view path);
// True when `path` starts with `prefix` (component-wise, case-insensitive).
bool PathStartsWith(const std::vector<std::string>& path, const std::vector<std::string>& prefix);

}  // namespace ark::restore
