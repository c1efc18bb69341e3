// Reachability marking and recursive tree walks.
#include "repo/walker.h"

#include "repo/directory.h"
#include "repo/repository.h"
#include "repo/snapshot.h"

namespace ark::repo {
namespace {

void MarkNode(const Node& n, UsedBlobs& used, std::vector<BlobId>& dirs) {
  for (const BlobId& id : n.content) used.data.insert(id);
  if (n.record) {
    for (const BlobId& id : n.record->content) used.data.insert(id);
  }
  if (n.subtree) dirs.push_back(*n.subtree);
}

}  // namespace

Status MarkTree(Repository& repo, const BlobId& root, UsedBlobs& used,
                const std::function<void(const BlobId&, const Status&)>& on_error) {
  // An explicit stack: snapshot trees can be deep, the call stack is not.
  std::vector<BlobId> pages{root};
  while (!pages.empty()) {
    BlobId id = pages.back();
    pages.pop_back();
    if (!used.trees.insert(id).second) continue;
    Result<TreePage> page = LoadTreePage(repo, id);
    if (!page.ok()) {
      if (page.status().code() != StatusCode::kDataLoss && page.status().code() != StatusCode::kNotFound) {
        return page.status();
      }
      on_error(id, page.status());
      continue;
    }
    for (const ChildRef& c : page->children) pages.push_back(c.id);
    for (const Node& n : page->nodes) MarkNode(n, used, pages);
  }
  return Status::Ok();
}

Status MarkAllRoots(Repository& repo, UsedBlobs& used,
                    const std::function<void(const BlobId&, const Status&)>& on_error) {
  ARK_ASSIGN_OR_RETURN(std::vector<Snapshot> snapshots, ListSnapshots(repo));
  for (const Snapshot& s : snapshots) ARK_RETURN_IF_ERROR(MarkTree(repo, s.tree, used, on_error));
  ARK_ASSIGN_OR_RETURN(std::vector<Checkpoint> checkpoints, ListCheckpoints(repo));
  for (const Checkpoint& c : checkpoints) {
    if (c.tree) ARK_RETURN_IF_ERROR(MarkTree(repo, *c.tree, used, on_error));
  }
  return Status::Ok();
}

Status WalkTree(Repository& repo, const BlobId& root, const std::string& prefix,
                const std::function<Status(const std::string&, const Node&)>& fn,
                const std::function<void(const std::string&, const Status&)>& on_error) {
  std::vector<std::pair<std::string, Node>> subdirs;
  Status s = ForEachNode(repo, root, [&](const Node& n) {
    std::string path = prefix.empty() ? n.name : prefix + "/" + n.name;
    ARK_RETURN_IF_ERROR(fn(path, n));
    if (n.type == NodeType::kDir && n.subtree) subdirs.emplace_back(std::move(path), n);
    return Status::Ok();
  });
  if (!s.ok()) {
    if (s.code() != StatusCode::kDataLoss && s.code() != StatusCode::kNotFound) return s;
    on_error(prefix.empty() ? "/" : prefix, s);
  }
  for (const auto& [path, n] : subdirs) ARK_RETURN_IF_ERROR(WalkTree(repo, *n.subtree, path, fn, on_error));
  return Status::Ok();
}

}  // namespace ark::repo
