// Restoring a snapshot, or a subtree of it, into a directory (`ark365 repo restore`).
//
// Files are written by several threads at once, each blob authenticated on
// the way. A file whose data cannot be read or fails authentication is
// removed, never left half-written, and reported by path. Names come from
// validated tree nodes, so nothing is written outside the target.
#pragma once

#include <string>
#include <vector>

#include "core/progress.h"
#include "core/status.h"
#include "repo/snapshot.h"

namespace ark::repo {

class Repository;

struct FsRestoreOptions {
  std::string target;
  std::string subpath;  // inside the snapshot; empty = everything
  int workers = 0;      // 0 = one per core, at least 2
};

struct FsRestoreResult {
  uint64_t files = 0;
  uint64_t dirs = 0;
  uint64_t bytes = 0;
  std::vector<std::string> errors;  // "path: reason" of what could not be restored
};

Result<FsRestoreResult> RestoreFileSystem(Repository& repo, const Snapshot& snapshot,
                                          const FsRestoreOptions& options, Progress* progress);

}  // namespace ark::repo
