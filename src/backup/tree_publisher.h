// TreePublisher: gathers the users' subtrees of a running backup into one tree, and checkpoints it.
//
// Each user worker edits its own subtree (a TreeEditor over the user's
// directory) and hands the committed subtree here from time to time. The
// publisher puts it under the root and, at most every `interval` and after
// every finished user, flushes the catalog and saves a repository checkpoint
// of the whole tree (docs/backup-format.md §6), so that a killed run resumes
// from the last published state of every user. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "catalog/catalog.h"
#include "core/status.h"
#include "repo/ids.h"
#include "repo/repository.h"
#include "repo/tree_editor.h"

namespace ark::backup {

class TreePublisher {
 public:
  // `base` is the tree the run starts from; `checkpoint_state` is saved with every checkpoint
  // (done_users is added to it).
  TreePublisher(repo::Repository& repo, catalog::SnapshotWriter& catalog, std::optional<repo::BlobId> base,
                std::string checkpoint_name, nlohmann::json checkpoint_state, std::chrono::seconds interval,
                std::set<std::string> done_users);

  // Sets <user node> to `subtree`; `done` marks the user finished.
  Status Publish(const std::string& user_node, const repo::BlobId& subtree, bool done);
  // Removes a user from the tree (no longer selected).
  Status RemoveUser(const std::string& user_node);
  bool IsDone(const std::string& user_node);
  // Saves a checkpoint now.
  Status Checkpoint();
  // The final tree.
  Result<repo::BlobId> Finish();
  uint64_t checkpoints() const { return checkpoints_; }

 private:
  Status CheckpointLocked();

  repo::Repository& repo_;
  catalog::SnapshotWriter& catalog_;
  std::string name_;
  nlohmann::json state_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::optional<repo::BlobId> root_;
  std::unique_ptr<repo::TreeEditor> editor_;
  std::set<std::string> done_;
  std::chrono::steady_clock::time_point last_checkpoint_;
  uint64_t checkpoints_ = 0;
};

}  // namespace ark::backup
