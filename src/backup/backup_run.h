// RunBackup: one run of a backup set — users from the directory, workers, checkpoints, one snapshot.
//
// The run starts from the set's checkpoint when a killed run left one (and
// continues the same job), else from the latest snapshot of the set (or from
// nothing with `full`). A bounded pool of workers backs up one user each at
// a time (user_backup.h); their subtrees are gathered and checkpointed by a
// TreePublisher. At the end the tree is saved as the set's new snapshot
// (docs/backup-format.md §1), the catalog snapshot is committed with its id,
// and the checkpoint is removed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "backup/user_backup.h"
#include "catalog/catalog.h"
#include "core/progress.h"
#include "core/status.h"
#include "core/time.h"
#include "graph/graph_client.h"
#include "org/model.h"
#include "repo/blob_saver.h"
#include "repo/repository.h"

namespace ark::backup {

struct BackupOptions {
  bool full = false;  // ignore the parent snapshot's delta state: enumerate everything again
  // Users backed up at the same time. Throttling is per mailbox, so users waiting on Retry-After cost
  // nothing but a thread; many workers keep every mailbox's budget in use.
  int workers = 16;
  std::chrono::seconds checkpoint_interval{60};
  std::chrono::seconds publish_interval{20};
};

// What the caller resolved: the set, and the open repository, catalog and Graph client.
struct BackupTarget {
  org::BackupSet set;
  std::string tenant_id;
  repo::Repository* repo = nullptr;  // opened, not yet writing
  repo::WriteOptions write;
  catalog::Catalog* catalog = nullptr;
  graph::GraphClient* graph = nullptr;
  Progress* progress = nullptr;
};

struct BackupReport {
  std::string job_id;
  std::string set_id;
  std::string set_name;
  std::string snapshot_id;
  std::string parent_id;
  bool resumed = false;  // continued the checkpoint of a killed run
  bool partial = false;  // some items or users failed; the next run retries them
  SystemTime started{};
  SystemTime finished{};
  uint64_t users = 0;
  uint64_t sites = 0;
  uint64_t teams = 0;
  uint64_t items = 0;
  uint64_t bytes = 0;        // bytes downloaded and stored (before dedup)
  uint64_t added_bytes = 0;  // new bytes in the repository
  uint64_t failed_items = 0;
  uint64_t requests = 0;
  uint64_t retries = 0;
  uint64_t throttled = 0;
  uint64_t checkpoints = 0;
  std::vector<UserReport> user_reports;
  std::vector<std::string> warnings;
};

// The tag every snapshot of a set carries: "set:<id>".
std::string SetTag(const org::BackupSet& set);

Result<BackupReport> RunBackup(const BackupTarget& target, const BackupOptions& options);

}  // namespace ark::backup
