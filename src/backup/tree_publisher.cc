// Gathering user subtrees into the run's tree, and checkpoints of it.
#include "backup/tree_publisher.h"

#include "repo/node.h"
#include "repo/snapshot.h"

namespace ark::backup {

TreePublisher::TreePublisher(repo::Repository& repo, catalog::SnapshotWriter& catalog,
                             std::optional<repo::BlobId> base, std::string checkpoint_name,
                             nlohmann::json checkpoint_state, std::chrono::seconds interval,
                             std::set<std::string> done_users)
    : repo_(repo),
      catalog_(catalog),
      name_(std::move(checkpoint_name)),
      state_(std::move(checkpoint_state)),
      interval_(interval),
      root_(base),
      editor_(std::make_unique<repo::TreeEditor>(repo, base)),
      done_(std::move(done_users)),
      last_checkpoint_(std::chrono::steady_clock::now()) {}

Status TreePublisher::Publish(const std::string& user_node, const repo::BlobId& subtree, bool done) {
  std::lock_guard lock(mu_);
  repo::Node dir;
  dir.type = repo::NodeType::kDir;
  dir.subtree = subtree;
  ARK_RETURN_IF_ERROR(editor_->Put(user_node, std::move(dir)));
  if (done) done_.insert(user_node);
  if (done || std::chrono::steady_clock::now() - last_checkpoint_ >= interval_) return CheckpointLocked();
  return Status::Ok();
}

Status TreePublisher::RemoveUser(const std::string& user_node) {
  std::lock_guard lock(mu_);
  return editor_->Remove(user_node);
}

bool TreePublisher::IsDone(const std::string& user_node) {
  std::lock_guard lock(mu_);
  return done_.contains(user_node);
}

Status TreePublisher::Checkpoint() {
  std::lock_guard lock(mu_);
  return CheckpointLocked();
}

Status TreePublisher::CheckpointLocked() {
  // The catalog first: a resumed run never skips an item the catalog lacks.
  ARK_RETURN_IF_ERROR(catalog_.Flush());
  ARK_ASSIGN_OR_RETURN(repo::BlobId root, editor_->Commit());
  root_ = root;
  editor_ = std::make_unique<repo::TreeEditor>(repo_, root_);
  repo::Checkpoint checkpoint;
  checkpoint.name = name_;
  checkpoint.time = std::chrono::system_clock::now();
  checkpoint.tree = root;
  checkpoint.state = state_;
  checkpoint.state["done_users"] = done_;
  ARK_RETURN_IF_ERROR(repo::SaveCheckpoint(repo_, checkpoint));
  last_checkpoint_ = std::chrono::steady_clock::now();
  ++checkpoints_;
  return Status::Ok();
}

Result<repo::BlobId> TreePublisher::Finish() {
  std::lock_guard lock(mu_);
  ARK_ASSIGN_OR_RETURN(repo::BlobId root, editor_->Commit());
  root_ = root;
  editor_ = std::make_unique<repo::TreeEditor>(repo_, root_);
  return root;
}

}  // namespace ark::backup
