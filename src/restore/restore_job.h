// Restore and export jobs: items of a snapshot (a message, a folder, a mailbox, a file, a folder, a drive,
// calendars, contacts) written back to Microsoft 365 through Graph or exported to files, and a snapshot's
// inventory for verify-restore.
//
// One item failing does not stop a job: it is listed in the report with the
// reason, and the job goes on (the CLI ends "partial", exit 3).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/status.h"
#include "graph/graph_client.h"
#include "restore/backup_snapshot.h"
#include "restore/conflict.h"
#include "restore/export_writers.h"
#include "restore/inventory.h"
#include "restore/pim_restorer.h"

namespace ark::restore {

struct RestoreRequest {
  std::string source_user;  // the user in the snapshot (UPN or id)
  std::string target_user;  // empty: the source user (the original place)
  // Only items below this folder path (display names; a file path selects one file).
  std::vector<std::string> path;
  std::string item_id;  // only this item (message, file, event, contact id)
  std::vector<std::string>
      to_folder;  // restore below this folder of the target, e.g. {"Restored-2026-11-23"}
  ConflictPolicy policy = ConflictPolicy::kSkip;
};

struct JobReport {
  uint64_t created = 0;
  uint64_t replaced = 0;
  uint64_t skipped = 0;
  uint64_t folders = 0;
  uint64_t bytes = 0;
  std::vector<std::string> failed;  // "what: reason"
  void Count(ItemOutcome outcome);
};

Result<JobReport> RestoreMail(BackupSnapshot& snapshot, graph::GraphClient& client,
                              const RestoreRequest& request, Progress* progress);
Result<JobReport> RestoreDrive(BackupSnapshot& snapshot, graph::GraphClient& client,
                               const RestoreRequest& request, Progress* progress);
Result<JobReport> RestorePim(BackupSnapshot& snapshot, graph::GraphClient& client,
                             const RestoreRequest& request, PimKind kind, Progress* progress);

// Exports of the user's mail or files below `path` (display names; empty = everything).
Result<JobReport> ExportMail(BackupSnapshot& snapshot, const std::string& user,
                             const std::vector<std::string>& path, MailExportWriter& writer,
                             Progress* progress);
Result<JobReport> ExportDrive(BackupSnapshot& snapshot, const std::string& user,
                              const std::vector<std::string>& path, FileTreeWriter& writer,
                              Progress* progress);

// What the snapshot holds for `user`, in the shape verify-restore compares (content hashed as it streams).
Result<Inventory> InventoryFromSnapshot(BackupSnapshot& snapshot, const std::string& user,
                                        const InventoryScope& scope);

}  // namespace ark::restore
