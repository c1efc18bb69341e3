// prune: delete what no snapshot or checkpoint references; repack partly used packs. Two phases, safe with
// backups.
//
// Phase 1, under a shared lock (backups keep running): mark every blob that
// snapshots and checkpoints reference, plan which packs to delete and which
// to repack, and repack: copy the live blobs of partly used packs into new
// packs and index them. Only additions so far, so a crash or a concurrent
// backup loses nothing.
// Phase 2, under the exclusive lock (waits for running backups): mark again
// what snapshots, checkpoints and index files appeared since phase 1, keep
// any planned pack they need, write the new index, delete the old index
// files, then the unused packs (format §11).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/progress.h"
#include "core/status.h"

namespace ark::repo {

class Repository;

struct PruneOptions {
  // Repack a partly used pack when at least this fraction of it is unused.
  double repack_threshold = 0.2;
  bool dry_run = false;
  // How long phase 2 waits for running backups to finish.
  std::chrono::seconds lock_wait{60};
  // Called between steps with the step's name; tests use it to kill prune at chosen points.
  std::function<void(std::string_view)> on_step;
};

struct PruneResult {
  uint64_t packs_before = 0;
  uint64_t packs_deleted = 0;
  uint64_t packs_repacked = 0;
  uint64_t packs_written = 0;
  uint64_t orphans_deleted = 0;
  uint64_t packs_kept_for_new_snapshots = 0;  // planned for deletion, then used by a concurrent backup
  uint64_t bytes_before = 0;
  uint64_t bytes_freed = 0;
  uint64_t blobs_unused = 0;
  uint64_t index_files_removed = 0;
};

// REQUIRES: repo has not started writing. Takes its own locks.
Result<PruneResult> Prune(Repository& repo, const PruneOptions& options, Progress* progress);

}  // namespace ark::repo
