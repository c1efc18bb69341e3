// Reading directories of snapshot trees lazily: one page at a time, lookups by name and path.
//
// A directory of a million nodes is never loaded whole: ForEachNode holds one
// leaf page at a time, and LookupNode reads only the pages on the way to a name.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "core/status.h"
#include "repo/ids.h"
#include "repo/node.h"
#include "repo/tree_page.h"

namespace ark::repo {

class Repository;

Result<TreePage> LoadTreePage(Repository& repo, const BlobId& page);

// Calls `fn` for each node of the directory `dir` in name order; stops at the first error.
Status ForEachNode(Repository& repo, const BlobId& dir, const std::function<Status(const Node&)>& fn);

// Calls `fn` for each page of the directory (top first), for check, prune and stats.
Status ForEachPage(Repository& repo, const BlobId& dir,
                   const std::function<Status(const BlobId&, const TreePage&)>& fn);

// The node called `name` in `dir`, or nullopt.
Result<std::optional<Node>> LookupNode(Repository& repo, const BlobId& dir, std::string_view name);

// The node at `path` ("a/b/c", relative to the root directory `root`), or
// nullopt. The empty path has no node; callers treat it as the root.
Result<std::optional<Node>> LookupPath(Repository& repo, const BlobId& root, std::string_view path);

// Splits "a/b/c" into its names; kInvalidArgument for empty, "." or ".." parts.
Result<std::vector<std::string>> SplitTreePath(std::string_view path);

}  // namespace ark::repo
