// Node: one entry of a snapshot tree (a directory, file, symlink or upper-layer item), and typed records
// (format §7).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "repo/ids.h"

namespace ark::repo {

class Repository;

enum class NodeType { kDir, kFile, kSymlink, kItem };

std::string_view NodeTypeName(NodeType type);

// An opaque typed record of an upper layer (e.g. a Graph message's JSON).
// Small records are inline (`data`); larger ones are stored as data blobs
// (`content`) and read with LoadRecord().
struct Record {
  std::string type;
  std::string data;  // inline bytes, when `content` is empty
  std::vector<BlobId> content;
  uint64_t size = 0;
  bool inlined() const { return content.empty(); }
  friend bool operator==(const Record& a, const Record& b) = default;
};

// Records up to this size are kept inside the tree page.
inline constexpr size_t kMaxInlineRecord = 2048;

struct Node {
  std::string name;
  NodeType type = NodeType::kFile;
  std::optional<uint32_t> mode;
  std::optional<int64_t> mtime_ns;
  uint64_t size = 0;
  std::vector<BlobId> content;    // file, item
  std::optional<BlobId> subtree;  // dir: the directory's top page
  std::string target;             // symlink
  std::optional<uint64_t> inode;  // change detection of file backups
  std::optional<int64_t> ctime_ns;
  std::optional<Record> record;
  friend bool operator==(const Node& a, const Node& b) = default;
};

nlohmann::json NodeToJson(const Node& node);
Result<Node> NodeFromJson(const nlohmann::json& j);

// A name that may appear in a directory: not empty, no '/', not "." or "..", valid UTF-8.
bool IsValidNodeName(std::string_view name);

// Stores record bytes (inline or as blobs). REQUIRES: repo.writing().
Result<Record> StoreRecord(Repository& repo, std::string type, std::string_view bytes);
// The bytes of a record, authenticated.
Result<std::string> LoadRecord(Repository& repo, const Record& record);

}  // namespace ark::repo
