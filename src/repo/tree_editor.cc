// TreeEditor and EditDirectory: re-paginate only around the edits, reuse every aligned unchanged page.
#include "repo/tree_editor.h"

#include "repo/blob_saver.h"
#include "repo/directory.h"
#include "repo/repository.h"
#include "repo/tree_page.h"

namespace ark::repo {
namespace {

using Edits = std::map<std::string, std::optional<Node>>;

// Walks the old pages in order, feeding the builder: pages without edits are
// added by reference whenever the builder is aligned at their level;
// everything else is loaded and fed item by item.
class DirectoryEdit {
 public:
  DirectoryEdit(Repository& repo, const Edits& edits)
      : repo_(repo), builder_(repo.saver()), cursor_(edits.begin()), end_(edits.end()) {}

  Result<BlobId> Run(const BlobId& base) {
    ARK_RETURN_IF_ERROR(Walk(base, nullptr, -1, nullptr));
    ARK_RETURN_IF_ERROR(FlushEditsBefore(nullptr));
    return builder_.Finish();
  }

 private:
  bool HasEditsBefore(const std::string* hi) const {
    return cursor_ != end_ && (hi == nullptr || cursor_->first < *hi);
  }

  Status ApplyEdit() {
    if (cursor_->second) {
      Node node = *cursor_->second;
      node.name = cursor_->first;
      ARK_RETURN_IF_ERROR(builder_.AddNode(node));
    }
    ++cursor_;
    return Status::Ok();
  }

  Status FlushEditsBefore(const std::string* hi) {
    while (HasEditsBefore(hi)) ARK_RETURN_IF_ERROR(ApplyEdit());
    return Status::Ok();
  }

  // `level` is -1 when unknown (the top page); `ref` is null for the top page.
  Status Walk(const BlobId& id, const ChildRef* ref, int level, const std::string* hi) {
    if (ref != nullptr && level >= 0 && !HasEditsBefore(hi) && builder_.AlignedAt(level)) {
      return builder_.AddPage(level, *ref);
    }
    ARK_ASSIGN_OR_RETURN(TreePage page, LoadTreePage(repo_, id));
    if (page.level == 0) {
      for (const Node& node : page.nodes) {
        while (HasEditsBefore(&node.name)) ARK_RETURN_IF_ERROR(ApplyEdit());
        if (cursor_ != end_ && cursor_->first == node.name) {
          ARK_RETURN_IF_ERROR(ApplyEdit());  // replaced or removed
        } else {
          ARK_RETURN_IF_ERROR(builder_.AddNode(node));
        }
      }
      // Names after this page's last node but before the next page's first belong here.
      return FlushEditsBefore(hi);
    }
    for (size_t i = 0; i < page.children.size(); ++i) {
      const std::string* child_hi = i + 1 < page.children.size() ? &page.children[i + 1].first : hi;
      ARK_RETURN_IF_ERROR(Walk(page.children[i].id, &page.children[i], page.level - 1, child_hi));
    }
    return Status::Ok();
  }

  Repository& repo_;
  DirectoryBuilder builder_;
  Edits::const_iterator cursor_;
  Edits::const_iterator end_;
};

Node NewDirectoryNode() {
  Node n;
  n.type = NodeType::kDir;
  n.mode = 0755;
  return n;
}

}  // namespace

Result<BlobId> EditDirectory(Repository& repo, const std::optional<BlobId>& base, const Edits& edits) {
  if (base && edits.empty()) return *base;
  if (!base) {
    DirectoryBuilder builder(repo.saver());
    for (const auto& [name, node] : edits) {
      if (!node) continue;
      Node n = *node;
      n.name = name;
      ARK_RETURN_IF_ERROR(builder.AddNode(n));
    }
    return builder.Finish();
  }
  return DirectoryEdit(repo, edits).Run(*base);
}

TreeEditor::TreeEditor(Repository& repo, std::optional<BlobId> root)
    : repo_(repo), root_(root), top_(std::make_unique<DirEdits>()) {}

TreeEditor::~TreeEditor() = default;

Result<TreeEditor::DirEdits*> TreeEditor::DirFor(const std::vector<std::string>& parts) {
  DirEdits* dir = top_.get();
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    std::unique_ptr<DirEdits>& child = dir->children[parts[i]];
    if (child == nullptr) child = std::make_unique<DirEdits>();
    dir = child.get();
  }
  return dir;
}

Status TreeEditor::Put(std::string_view path, Node node) {
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> parts, SplitTreePath(path));
  if (parts.empty()) return InvalidArgument("cannot put a node at the root of a tree");
  ARK_ASSIGN_OR_RETURN(DirEdits * dir, DirFor(parts));
  node.name = parts.back();
  if (node.type == NodeType::kDir && !node.subtree) {
    return InvalidArgument("directory node \"" + std::string(path) + "\" has no subtree");
  }
  dir->children.erase(parts.back());
  dir->entries[parts.back()] = std::move(node);
  ++edits_;
  return Status::Ok();
}

Status TreeEditor::Remove(std::string_view path) {
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> parts, SplitTreePath(path));
  if (parts.empty()) return InvalidArgument("cannot remove the root of a tree");
  ARK_ASSIGN_OR_RETURN(DirEdits * dir, DirFor(parts));
  dir->children.erase(parts.back());
  dir->entries[parts.back()] = std::nullopt;
  ++edits_;
  return Status::Ok();
}

Result<BlobId> TreeEditor::CommitDir(const std::optional<BlobId>& base, DirEdits& edits,
                                     const std::string& path) {
  for (auto& [name, child] : edits.children) {
    std::string child_path = path;
    if (!child_path.empty()) child_path.append("/");
    child_path.append(name);
    std::optional<Node> node;
    auto own = edits.entries.find(name);
    if (own != edits.entries.end()) {
      node = own->second;  // put by this editor, or removed (then recreated empty)
    } else if (base) {
      ARK_ASSIGN_OR_RETURN(node, LookupNode(repo_, *base, name));
    }
    if (node && node->type != NodeType::kDir) {
      return InvalidArgument("cannot put below \"" + child_path + "\": it is a " +
                             std::string(NodeTypeName(node->type)) + ", not a directory");
    }
    Node dir = node ? *node : NewDirectoryNode();
    ARK_ASSIGN_OR_RETURN(BlobId subtree, CommitDir(dir.subtree, *child, child_path));
    dir.subtree = subtree;
    dir.name = name;
    edits.entries[name] = std::move(dir);
  }
  return EditDirectory(repo_, base, edits.entries);
}

Result<BlobId> TreeEditor::Commit() {
  std::unique_ptr<DirEdits> edits = std::move(top_);
  top_ = std::make_unique<DirEdits>();
  edits_ = 0;
  ARK_ASSIGN_OR_RETURN(BlobId root, CommitDir(root_, *edits, ""));
  root_ = root;
  return root;
}

}  // namespace ark::repo
