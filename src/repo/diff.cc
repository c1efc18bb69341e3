// diff: a merge of two directories' name-ordered listings, recursing only where subtree ids differ.
#include "repo/diff.h"

#include <vector>

#include "repo/directory.h"
#include "repo/repository.h"

namespace ark::repo {
namespace {

Result<std::vector<Node>> Listing(Repository& repo, const BlobId& dir) {
  std::vector<Node> nodes;
  ARK_RETURN_IF_ERROR(ForEachNode(repo, dir, [&](const Node& n) {
    nodes.push_back(n);
    return Status::Ok();
  }));
  return nodes;
}

bool SameContent(const Node& a, const Node& b) {
  return a.content == b.content && a.size == b.size && a.target == b.target && a.mode == b.mode &&
         a.mtime_ns == b.mtime_ns && (a.record.has_value() == b.record.has_value()) &&
         (!a.record || (a.record->data == b.record->data && a.record->content == b.record->content &&
                        a.record->type == b.record->type));
}

Status ReportAll(Repository& repo, const Node& n, const std::string& path, char change,
                 const std::function<Status(const DiffEntry&)>& fn) {
  ARK_RETURN_IF_ERROR(fn(DiffEntry{change, path, n.type == NodeType::kDir}));
  if (n.type != NodeType::kDir || !n.subtree) return Status::Ok();
  ARK_ASSIGN_OR_RETURN(std::vector<Node> children, Listing(repo, *n.subtree));
  for (const Node& c : children) ARK_RETURN_IF_ERROR(ReportAll(repo, c, path + "/" + c.name, change, fn));
  return Status::Ok();
}

Status DiffDirs(Repository& repo, const BlobId& a, const BlobId& b, const std::string& prefix,
                const std::function<Status(const DiffEntry&)>& fn) {
  if (a == b) return Status::Ok();
  ARK_ASSIGN_OR_RETURN(std::vector<Node> left, Listing(repo, a));
  ARK_ASSIGN_OR_RETURN(std::vector<Node> right, Listing(repo, b));
  size_t i = 0;
  size_t j = 0;
  while (i < left.size() || j < right.size()) {
    if (j == right.size() || (i < left.size() && left[i].name < right[j].name)) {
      ARK_RETURN_IF_ERROR(ReportAll(repo, left[i], prefix + "/" + left[i].name, '-', fn));
      ++i;
    } else if (i == left.size() || right[j].name < left[i].name) {
      ARK_RETURN_IF_ERROR(ReportAll(repo, right[j], prefix + "/" + right[j].name, '+', fn));
      ++j;
    } else {
      const Node& l = left[i++];
      const Node& r = right[j++];
      std::string path = prefix + "/" + l.name;
      if (l.type != r.type) {
        ARK_RETURN_IF_ERROR(fn(DiffEntry{'T', path, r.type == NodeType::kDir}));
      } else if (l.type == NodeType::kDir) {
        if (l.mode != r.mode) ARK_RETURN_IF_ERROR(fn(DiffEntry{'M', path, true}));
        ARK_RETURN_IF_ERROR(DiffDirs(repo, *l.subtree, *r.subtree, path, fn));
      } else if (!SameContent(l, r)) {
        ARK_RETURN_IF_ERROR(fn(DiffEntry{'M', path, false}));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status DiffTrees(Repository& repo, const BlobId& before, const BlobId& after,
                 const std::function<Status(const DiffEntry&)>& fn) {
  return DiffDirs(repo, before, after, "", fn);
}

}  // namespace ark::repo
