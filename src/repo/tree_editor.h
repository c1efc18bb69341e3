// TreeEditor: a new snapshot tree from a parent tree plus edits, in O(changes x depth).
//
// Upper layers (incremental backups) describe what changed since the parent
// snapshot — Put a node at a path (add or replace), Remove a path — and
// Commit() writes only the pages on the paths to the changes. Unchanged
// directories and unchanged pages of changed directories are referenced by
// id, never read. Edits are applied in the order given: a later Put or Remove
// of a path replaces earlier edits at and below it. Not thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "repo/ids.h"
#include "repo/node.h"

namespace ark::repo {

class Repository;

class TreeEditor {
 public:
  // `root` is the parent snapshot's tree, or nullopt to start from an empty tree.
  // REQUIRES: repo.writing() before Commit().
  TreeEditor(Repository& repo, std::optional<BlobId> root);
  ~TreeEditor();

  // Sets the node at `path` ("a/b/c"); node.name is set to the last name.
  // Missing parent directories are created. A directory node keeps the
  // subtree it carries (e.g. moved from elsewhere); edits below it apply on top.
  Status Put(std::string_view path, Node node);
  Status Remove(std::string_view path);
  size_t edit_count() const { return edits_; }

  // Writes the changed pages; returns the new root. The editor is empty afterwards.
  Result<BlobId> Commit();

 private:
  struct DirEdits {
    std::map<std::string, std::optional<Node>> entries;
    std::map<std::string, std::unique_ptr<DirEdits>> children;
  };
  Result<DirEdits*> DirFor(const std::vector<std::string>& parts);
  Result<BlobId> CommitDir(const std::optional<BlobId>& base, DirEdits& edits, const std::string& path);

  Repository& repo_;
  std::optional<BlobId> root_;
  std::unique_ptr<DirEdits> top_;
  size_t edits_ = 0;
};

// Applies sorted entry edits (nullopt = remove) to one directory; `base` nullopt is empty.
Result<BlobId> EditDirectory(Repository& repo, const std::optional<BlobId>& base,
                             const std::map<std::string, std::optional<Node>>& edits);

}  // namespace ark::repo
