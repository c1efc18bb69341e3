// Walking every snapshot's trees once: the set of blobs snapshots and checkpoints use (check, prune, stats).
#pragma once

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "repo/ids.h"
#include "repo/node.h"

namespace ark::repo {

class Repository;

// The blobs reachable from a set of roots.
struct UsedBlobs {
  std::unordered_set<BlobId> trees;  // tree pages
  std::unordered_set<BlobId> data;   // file, item and record content
  bool Contains(const BlobHandle& h) const {
    return h.type == BlobType::kTree ? trees.contains(h.id) : data.contains(h.id);
  }
};

// Adds everything reachable from the directory `root` to `used`. Each tree
// page is read once, however many snapshots share it. A page that cannot be
// read is reported through `on_error` (with the page id) and skipped.
Status MarkTree(Repository& repo, const BlobId& root, UsedBlobs& used,
                const std::function<void(const BlobId&, const Status&)>& on_error);

// Marks every snapshot's and checkpoint's tree.
Status MarkAllRoots(Repository& repo, UsedBlobs& used,
                    const std::function<void(const BlobId&, const Status&)>& on_error);

// Calls `fn(path, node)` for every node below the directory `root`, depth
// first, paths relative to it ("a/b/c"). Unreadable directories are reported
// to `on_error` with their path and skipped.
Status WalkTree(Repository& repo, const BlobId& root, const std::string& prefix,
                const std::function<Status(const std::string&, const Node&)>& fn,
                const std::function<void(const std::string&, const Status&)>& on_error);

}  // namespace ark::repo
