// Lazy directory reading over tree pages.
#include "repo/directory.h"

#include "repo/repository.h"

namespace ark::repo {

Result<TreePage> LoadTreePage(Repository& repo, const BlobId& page) {
  ARK_ASSIGN_OR_RETURN(std::string json, repo.LoadBlob(BlobType::kTree, page));
  Result<TreePage> decoded = DecodeTreePage(json);
  if (!decoded.ok()) return decoded.status().Context("tree page " + page.Short());
  return decoded;
}

Status ForEachNode(Repository& repo, const BlobId& dir, const std::function<Status(const Node&)>& fn) {
  ARK_ASSIGN_OR_RETURN(TreePage page, LoadTreePage(repo, dir));
  if (page.level == 0) {
    for (const Node& n : page.nodes) ARK_RETURN_IF_ERROR(fn(n));
    return Status::Ok();
  }
  for (const ChildRef& c : page.children) ARK_RETURN_IF_ERROR(ForEachNode(repo, c.id, fn));
  return Status::Ok();
}

Status ForEachPage(Repository& repo, const BlobId& dir,
                   const std::function<Status(const BlobId&, const TreePage&)>& fn) {
  ARK_ASSIGN_OR_RETURN(TreePage page, LoadTreePage(repo, dir));
  ARK_RETURN_IF_ERROR(fn(dir, page));
  for (const ChildRef& c : page.children) ARK_RETURN_IF_ERROR(ForEachPage(repo, c.id, fn));
  return Status::Ok();
}

Result<std::optional<Node>> LookupNode(Repository& repo, const BlobId& dir, std::string_view name) {
  BlobId current = dir;
  for (;;) {
    ARK_ASSIGN_OR_RETURN(TreePage page, LoadTreePage(repo, current));
    if (page.level == 0) {
      auto it = std::lower_bound(page.nodes.begin(), page.nodes.end(), name,
                                 [](const Node& n, std::string_view key) { return n.name < key; });
      if (it != page.nodes.end() && it->name == name) return std::optional<Node>(*it);
      return std::optional<Node>();
    }
    // The last child whose first name is <= name.
    auto it = std::upper_bound(page.children.begin(), page.children.end(), name,
                               [](std::string_view key, const ChildRef& c) { return key < c.first; });
    if (it == page.children.begin()) return std::optional<Node>();
    current = std::prev(it)->id;
  }
}

Result<std::vector<std::string>> SplitTreePath(std::string_view path) {
  std::vector<std::string> parts;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string part(path.substr(start, slash - start));
    if (!IsValidNodeName(part)) {
      return InvalidArgument("\"" + std::string(path) +
                             "\" is not a valid path in a snapshot (empty, \".\" or " + "\"..\" component)");
    }
    parts.push_back(std::move(part));
    start = slash + 1;
  }
  return parts;
}

Result<std::optional<Node>> LookupPath(Repository& repo, const BlobId& root, std::string_view path) {
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> parts, SplitTreePath(path));
  if (parts.empty()) return std::optional<Node>();
  BlobId dir = root;
  std::optional<Node> node;
  for (size_t i = 0; i < parts.size(); ++i) {
    ARK_ASSIGN_OR_RETURN(node, LookupNode(repo, dir, parts[i]));
    if (!node) return node;
    if (i + 1 < parts.size()) {
      if (node->type != NodeType::kDir || !node->subtree) return std::optional<Node>();
      dir = *node->subtree;
    }
  }
  return node;
}

}  // namespace ark::repo
