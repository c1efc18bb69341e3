// Backing up ordinary files and directories into a snapshot (`ark365 repo backup-path`).
//
// Walks the given paths, stores changed files through ContentWriter and
// builds the tree bottom-up. With a parent snapshot (the latest of the same
// host and paths, unless given), a file whose size, mtime, ctime and inode are
// unchanged reuses the parent's content without being read, and unchanged
// directories produce the parent's tree pages, which are deduplicated by id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/status.h"
#include "repo/exclude.h"
#include "repo/snapshot.h"

namespace ark::repo {

class Repository;

struct FsBackupOptions {
  std::vector<std::string> paths;
  ExcludeSet excludes;
  std::vector<std::string> tags;
  std::string hostname;  // empty: this machine's
  std::optional<Id> parent;
  bool force_read = false;  // read every file even if unchanged
  bool one_file_system = false;
};

struct FsBackupResult {
  Snapshot snapshot;
  std::vector<std::string> errors;  // items skipped, with the reason
  uint64_t files_new = 0;
  uint64_t files_changed = 0;
  uint64_t files_unchanged = 0;
};

// REQUIRES: repo.writing(); the caller holds a shared lock.
Result<FsBackupResult> BackupFileSystem(Repository& repo, const FsBackupOptions& options, Progress* progress);

// The snapshot source string of file-system paths: the absolute paths joined by ", ".
std::string FsSource(const std::vector<std::string>& absolute_paths);

}  // namespace ark::repo
