// Tree pages (format §7) and DirectoryBuilder, which cuts a directory's sorted nodes into pages.
//
// A directory is a tree of pages: leaves hold nodes, interior pages hold
// references to the pages below. The cut points depend only on the items
// (the pagination rule), so a directory has one canonical form: equal
// directories have equal ids, and a builder fed an unchanged page by
// reference produces exactly what feeding its nodes would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "repo/ids.h"
#include "repo/node.h"

namespace ark::repo {

class BlobSaver;

// An interior page's reference to a page below it.
struct ChildRef {
  std::string first;  // smallest name below
  BlobId id;
  uint64_t count = 0;  // nodes below
};

struct TreePage {
  int level = 0;                   // 0 = leaf
  std::vector<Node> nodes;         // leaf
  std::vector<ChildRef> children;  // interior
};

Result<TreePage> DecodeTreePage(std::string_view json);

// Pagination rule parameters (format §7).
inline constexpr size_t kPageMinItems = 64;
inline constexpr size_t kPageMaxItems = 2048;
inline constexpr size_t kPageMaxBytes = 4u << 20;
inline constexpr uint32_t kPageAvgItems = 256;

// Builds one directory. Feed nodes in strictly increasing name order, or
// whole unchanged pages by reference (AddPage), then Finish(). Not thread-safe.
class DirectoryBuilder {
 public:
  explicit DirectoryBuilder(BlobSaver& saver) : saver_(saver) {}

  // kInvalidArgument when names are not increasing or not valid.
  Status AddNode(const Node& node);
  // True when no partial page is open at `level` or below: only then may a
  // page of `level` be added by reference.
  bool AlignedAt(int level) const;
  // REQUIRES: AlignedAt(level). Adds an existing page of `level`.
  Status AddPage(int level, const ChildRef& ref);
  // Writes the remaining pages; returns the directory's id (its top page).
  Result<BlobId> Finish();

  uint64_t node_count() const { return node_count_; }

 private:
  struct Item {
    std::string key;
    std::string json;
    uint64_t count;  // nodes at or below this item
  };
  struct Level {
    std::vector<Item> items;
    size_t bytes = 0;
  };
  Status AddItem(size_t level, Item item);
  Status ClosePage(size_t level);
  Result<BlobId> SavePage(size_t level);

  BlobSaver& saver_;
  std::vector<Level> levels_;
  std::string last_name_;
  bool any_ = false;
  uint64_t node_count_ = 0;
};

}  // namespace ark::repo
