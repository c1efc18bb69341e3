// Tree page codec and the canonical pagination of directories.
#include "repo/tree_page.h"

#include "core/hash.h"
#include "repo/blob_saver.h"

namespace ark::repo {
namespace {

// The pagination rule's hash: u32(SHA-256(u8(level) || key)[0:4]).
uint32_t BoundaryHash(size_t level, std::string_view key) {
  std::string msg(1, static_cast<char>(level));
  msg.append(key);
  std::string h = Sha256(msg);
  return static_cast<uint32_t>(static_cast<uint8_t>(h[0])) |
         (static_cast<uint32_t>(static_cast<uint8_t>(h[1])) << 8) |
         (static_cast<uint32_t>(static_cast<uint8_t>(h[2])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(h[3])) << 24);
}

std::string ChildJson(const ChildRef& c) {
  return nlohmann::json{{"first", c.first}, {"id", c.id.Hex()}, {"count", c.count}}.dump();
}

}  // namespace

Result<TreePage> DecodeTreePage(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return DataLoss("a tree page is not valid JSON");
  TreePage page;
  if (auto nodes = j.find("nodes"); nodes != j.end()) {
    if (!nodes->is_array()) return DataLoss("a tree page's nodes are damaged");
    page.nodes.reserve(nodes->size());
    for (const auto& n : *nodes) {
      ARK_ASSIGN_OR_RETURN(Node node, NodeFromJson(n));
      page.nodes.push_back(std::move(node));
    }
    return page;
  }
  page.level = j.value("level", 0);
  auto children = j.find("children");
  if (page.level < 1 || children == j.end() || !children->is_array() || children->empty()) {
    return DataLoss("a tree page is neither a leaf nor an interior page");
  }
  for (const auto& c : *children) {
    if (!c.is_object()) return DataLoss("a tree page's child is damaged");
    std::optional<Id> id = Id::FromHex(c.value("id", ""));
    if (!id) return DataLoss("a tree page's child id is damaged");
    page.children.push_back(ChildRef{c.value("first", ""), *id, c.value("count", uint64_t{0})});
  }
  return page;
}

Status DirectoryBuilder::AddNode(const Node& node) {
  if (!IsValidNodeName(node.name))
    return InvalidArgument("\"" + node.name + "\" is not a valid name in a tree");
  if (any_ && node.name <= last_name_) {
    return InvalidArgument("tree names must be added in increasing order (\"" + node.name + "\" after \"" +
                           last_name_ + "\")");
  }
  any_ = true;
  last_name_ = node.name;
  ++node_count_;
  return AddItem(0, Item{node.name, NodeToJson(node).dump(), 1});
}

bool DirectoryBuilder::AlignedAt(int level) const {
  for (size_t l = 0; l <= static_cast<size_t>(level) && l < levels_.size(); ++l) {
    if (!levels_[l].items.empty()) return false;
  }
  return true;
}

Status DirectoryBuilder::AddPage(int level, const ChildRef& ref) {
  if (!AlignedAt(level)) return Internal("DirectoryBuilder::AddPage on an unaligned builder");
  if (any_ && ref.first <= last_name_) return Internal("DirectoryBuilder::AddPage out of order");
  any_ = true;
  // The last name below the page is unknown; `first` is a lower bound that
  // keeps the order check meaningful for the next node.
  last_name_ = ref.first;
  node_count_ += ref.count;
  return AddItem(static_cast<size_t>(level) + 1, Item{ref.first, ChildJson(ref), ref.count});
}

Status DirectoryBuilder::AddItem(size_t level, Item item) {
  if (levels_.size() <= level) levels_.resize(level + 1);
  Level& l = levels_[level];
  l.bytes += item.json.size();
  uint32_t h = BoundaryHash(level, item.key);
  l.items.push_back(std::move(item));
  size_t n = l.items.size();
  if ((n >= kPageMinItems && h % kPageAvgItems == 0) || n >= kPageMaxItems || l.bytes >= kPageMaxBytes) {
    return ClosePage(level);
  }
  return Status::Ok();
}

Result<BlobId> DirectoryBuilder::SavePage(size_t level) {
  Level& l = levels_[level];
  std::string json = level == 0 ? "{\"nodes\":[" : "{\"level\":" + std::to_string(level) + ",\"children\":[";
  for (size_t i = 0; i < l.items.size(); ++i) {
    if (i > 0) json.push_back(',');
    json.append(l.items[i].json);
  }
  json.append("]}");
  return saver_.Save(BlobType::kTree, json);
}

Status DirectoryBuilder::ClosePage(size_t level) {
  ARK_ASSIGN_OR_RETURN(BlobId id, SavePage(level));
  Level& l = levels_[level];
  uint64_t count = 0;
  for (const Item& i : l.items) count += i.count;
  ChildRef ref{l.items.front().key, id, count};
  l.items.clear();
  l.bytes = 0;
  return AddItem(level + 1, Item{ref.first, ChildJson(ref), count});
}

Result<BlobId> DirectoryBuilder::Finish() {
  if (levels_.empty()) levels_.resize(1);
  for (size_t level = 0; level < levels_.size(); ++level) {
    bool above = false;
    for (size_t up = level + 1; up < levels_.size(); ++up) above = above || !levels_[up].items.empty();
    Level& l = levels_[level];
    if (above) {
      if (!l.items.empty()) ARK_RETURN_IF_ERROR(ClosePage(level));
      continue;
    }
    // The top level: a lone reference is the directory itself (no interior
    // page with one child), otherwise this level's items form the top page.
    if (level > 0 && l.items.size() == 1) {
      nlohmann::json ref = nlohmann::json::parse(l.items.front().json);
      return *Id::FromHex(ref.value("id", ""));
    }
    if (l.items.empty() && level > 0) continue;
    return SavePage(level);
  }
  return Internal("DirectoryBuilder::Finish found no top level");
}

}  // namespace ark::repo
