// UserBackup: one user's mailbox, calendars, contacts and OneDrive into the user's snapshot subtree.
//
// It is also the base of the other owners of a snapshot (sites, teams: site_backup.h, team_backup.h),
// which share its subtree editing, delta rounds, publishing, failures and the drive code.
//
// A worker runs one UserBackup at a time. It edits the user's directory with
// its own TreeEditor (based on the user's subtree of the run's base tree),
// follows delta rounds from the cursors in <user>/_state, streams every
// message's MIME and every file's bytes into the repository, feeds the
// catalog, and hands its subtree to the publisher after processed pages and
// at the end (docs/backup-format.md). Items that fail after the client's
// retries are recorded in the state and the report; the next run retries
// them. Not thread-safe (one worker).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backup/catalog_items.h"
#include "backup/run_context.h"
#include "backup/user_state.h"
#include "core/status.h"
#include "graph/delta.h"
#include "repo/node.h"
#include "repo/tree_editor.h"

namespace ark::backup {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's move constructor does not throw.
struct UserInfo {
  std::string id;
  std::string upn;
  std::string display_name;
  nlohmann::json raw;
};

// What one user's backup did, for the job record.
struct UserReport {
  std::string id;
  std::string upn;
  uint64_t items = 0;
  uint64_t bytes = 0;
  std::vector<std::string> warnings;
  std::vector<FailedItem> errors;
  std::string error;     // the user could not be backed up at all
  bool skipped = false;  // finished by an earlier, interrupted run of the same job
};

class UserBackup {
 public:
  UserBackup(RunContext& run, const UserInfo& user);
  virtual ~UserBackup() = default;
  UserBackup(const UserBackup&) = delete;
  UserBackup& operator=(const UserBackup&) = delete;
  // Backs up every workload; a Status error means the user's backup stopped (its report says why).
  virtual Status Run();
  const UserReport& report() const { return report_; }

 protected:
  // An owner whose subtree is the tree path `node` (e.g. "sites/<site>") and whose catalog paths begin
  // at `root_path`; `owner.id` is its Graph id (the catalog owner).
  UserBackup(RunContext& run, UserInfo owner, std::string node, std::string root_path);

  // --- shared (user_backup.cc) ---
  // Loads the owner's base subtree and state, and opens its editor.
  Status LoadBase();
  Status Begin();
  Status Publish(bool done);
  Status MaybePublish();
  Status Put(const std::string& path, repo::Node node);
  Status Remove(const std::string& path);
  // The node at `path` (relative to the user) in the run's base tree.
  Result<std::optional<repo::Node>> BaseNode(const std::string& path);
  // Names of the children of the directory `path` in the base tree.
  Result<std::vector<std::string>> BaseChildren(const std::string& path);
  Result<nlohmann::json> BaseRecord(const std::string& path);
  // Removes every child the base tree has in the directory `dir`, except `keep`.
  Status RemoveBaseChildren(const std::string& dir, std::string_view keep);
  Result<repo::Node> RecordNode(std::string_view record_type, const nlohmann::json& json);
  // Runs one delta round of `key`, persisting the cursor after each page.
  Result<graph::DeltaRound> Delta(const std::string& key, const std::string& initial_url,
                                  std::string_view what,
                                  const std::function<Status(nlohmann::json& items)>& on_items,
                                  const std::function<Status()>& on_resync);
  void Fail(const std::string& collection, const std::string& id, const std::string& what,
            const Status& error);
  void Warn(const std::string& text);
  void Count(uint64_t bytes);
  std::string UserPath() const;  // "/users/{id}"
  ItemPlace Place(const std::string& folder_path, const std::string& ref) const;

  // An item's node made ready by a download (on any thread), to be put in the tree by the worker.
  struct PreparedItem {
    std::string path;
    repo::Node node;
    bool reused = false;  // the base tree's content was kept: nothing downloaded
    Status failure;       // the download failed after retries
  };

  // Prepares `items` (their downloads) kDownloadsPerUser at a time, then commits them in order on this
  // thread, which alone edits the tree.
  Status StoreAll(const std::vector<const nlohmann::json*>& items,
                  const std::function<Result<PreparedItem>(const nlohmann::json&)>& prepare,
                  const std::function<Status(const nlohmann::json&, PreparedItem)>& commit);

  // --- mail (mail_backup.cc) ---
  Status BackupMail();
  Status BackupMessages(const std::string& folder_id);
  // A folder the set's rules exclude: its messages leave the snapshot and the catalog.
  Status DropFolderMessages(const std::string& key, const std::string& folder_id);
  // Tells the catalog the folder's messages were all listed in this run (a resync, an excluded folder).
  Status CompleteMessageListing(const std::string& folder_id);
  // Puts the messages of renamed or moved folders (and of folders below them) in the catalog again under
  // their new paths.
  Status RecatalogMovedFolders(const std::set<std::string>& moved);
  // Thread-safe: reads the base tree, downloads, stores content and record.
  Result<PreparedItem> PrepareMessage(const std::string& folder_id, const nlohmann::json& message);
  Status CommitMessage(const std::string& folder_id, const nlohmann::json& message, PreparedItem prepared);
  Status StoreMessage(const std::string& folder_id, const nlohmann::json& message);
  Status RetryMessage(const FailedItem& failed);

  // --- calendars and contacts (pim_backup.cc) ---
  Status BackupCalendars();
  Status BackupContacts();
  // Lists every container at `list_url` and every item at its `items_url`, replacing the directory's content.
  struct FullListing {
    std::string dir;             // "calendar" or "contacts"
    std::string containers_url;  // "/users/{id}/calendars"
    std::string items_suffix;    // "/events"
    std::string container_record;
    std::string item_record;
    catalog::ItemKind container_kind;
    std::string root_name;   // "Calendar"
    std::string name_field;  // "name" or "displayName"
  };
  Status BackupFullListing(const FullListing& listing);

  // --- OneDrive (drive_backup.cc) ---
  Status BackupDrive();
  // Backs up one drive (a OneDrive or a document library, its Graph JSON in `drive`); `library` is its
  // container's name in catalog paths ("OneDrive", "Documents").
  Status BackupDriveOf(nlohmann::json drive, const std::string& library);
  // The catalog path of the drive whose state key is `key` ("/<upn>/OneDrive").
  std::string DriveRoot(const std::string& key) const;
  Status StoreDriveItem(const std::string& drive_id, const nlohmann::json& item);
  Status StoreDriveContainer(const std::string& drive_id, const nlohmann::json& item);
  // Thread-safe, as PrepareMessage.
  Result<PreparedItem> PrepareFile(const std::string& drive_id, const nlohmann::json& item);
  Status CommitFile(const std::string& drive_id, const nlohmann::json& item, PreparedItem prepared);
  Status RetryDriveItem(const FailedItem& failed);

  Status RetryFailed();
  // Fetches one failed item again; owners with other collections add theirs.
  virtual Status RetryItem(const FailedItem& failed);

  RunContext& run_;
  UserInfo user_;
  std::string node_;  // EscapeName(user id)
  UserReport report_;
  UserState state_;
  std::optional<repo::BlobId> base_;  // the user's subtree in the run's base tree
  std::unique_ptr<repo::TreeEditor> editor_;
  std::chrono::steady_clock::time_point last_publish_;
  std::string root_path_;  // "/<upn>"
  // Whose item rules the drive code applies: OneDrive for users, sites for document libraries.
  org::Workload drive_workload_ = org::Workload::kOneDrive;
  // Mail moves: a message removed from one folder and added to another in the same run.
  std::set<std::string> removed_messages_;
  std::set<std::string> stored_messages_;
  std::vector<FailedItem> retrying_;
};

// Downloads of one user running at the same time: Outlook admits 4 concurrent requests per mailbox.
inline constexpr int kDownloadsPerUser = 4;

// Prefer headers of every Outlook request: immutable ids (stable across moves) and large pages.
http::Headers OutlookHeaders();

}  // namespace ark::backup
