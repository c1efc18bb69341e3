// Node and record JSON forms, name validation, record storage.
#include "repo/node.h"

#include "core/encoding.h"
#include "repo/content.h"
#include "repo/repository.h"

namespace ark::repo {
namespace {

nlohmann::json IdsToJson(const std::vector<BlobId>& ids) {
  nlohmann::json a = nlohmann::json::array();
  for (const BlobId& id : ids) a.push_back(id.Hex());
  return a;
}

bool IdsFromJson(const nlohmann::json& j, std::vector<BlobId>& out) {
  if (!j.is_array()) return false;
  out.reserve(j.size());
  for (const auto& e : j) {
    if (!e.is_string()) return false;
    std::optional<Id> id = Id::FromHex(e.get_ref<const std::string&>());
    if (!id) return false;
    out.push_back(*id);
  }
  return true;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<uint8_t>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<uint8_t>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

std::string_view NodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::kDir:
      return "dir";
    case NodeType::kFile:
      return "file";
    case NodeType::kSymlink:
      return "symlink";
    case NodeType::kItem:
      return "item";
  }
  return "file";
}

bool IsValidNodeName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos && ValidUtf8(name);
}

nlohmann::json NodeToJson(const Node& n) {
  nlohmann::json j = nlohmann::json::object();
  j["name"] = n.name;
  j["type"] = NodeTypeName(n.type);
  if (n.mode) j["mode"] = *n.mode;
  if (n.mtime_ns) j["mtime_ns"] = *n.mtime_ns;
  if (n.type == NodeType::kFile || n.type == NodeType::kItem) {
    j["size"] = n.size;
    j["content"] = IdsToJson(n.content);
  }
  if (n.subtree) j["subtree"] = n.subtree->Hex();
  if (n.type == NodeType::kSymlink) j["target"] = n.target;
  if (n.inode) j["inode"] = *n.inode;
  if (n.ctime_ns) j["ctime_ns"] = *n.ctime_ns;
  if (n.record) {
    nlohmann::json r = {{"type", n.record->type}};
    if (n.record->inlined()) {
      r["data"] = Base64Encode(n.record->data);
    } else {
      r["size"] = n.record->size;
      r["content"] = IdsToJson(n.record->content);
    }
    j["record"] = std::move(r);
  }
  return j;
}

Result<Node> NodeFromJson(const nlohmann::json& j) {
  auto bad = [&](std::string_view what) {
    return DataLoss("a tree node is damaged (" + std::string(what) + ")");
  };
  if (!j.is_object()) return bad("not an object");
  Node n;
  auto name = j.find("name");
  if (name == j.end() || !name->is_string()) return bad("no name");
  n.name = name->get<std::string>();
  std::string type = j.value("type", "");
  if (type == "dir") {
    n.type = NodeType::kDir;
  } else if (type == "file") {
    n.type = NodeType::kFile;
  } else if (type == "symlink") {
    n.type = NodeType::kSymlink;
  } else if (type == "item") {
    n.type = NodeType::kItem;
  } else {
    return bad("unknown type \"" + type + "\"");
  }
  if (auto it = j.find("mode"); it != j.end() && it->is_number_unsigned()) n.mode = it->get<uint32_t>();
  if (auto it = j.find("mtime_ns"); it != j.end() && it->is_number()) n.mtime_ns = it->get<int64_t>();
  if (auto it = j.find("ctime_ns"); it != j.end() && it->is_number()) n.ctime_ns = it->get<int64_t>();
  if (auto it = j.find("inode"); it != j.end() && it->is_number_unsigned()) n.inode = it->get<uint64_t>();
  n.size = j.value("size", uint64_t{0});
  if (auto it = j.find("content"); it != j.end() && !IdsFromJson(*it, n.content)) return bad("content");
  if (auto it = j.find("subtree"); it != j.end()) {
    std::optional<Id> id = it->is_string() ? Id::FromHex(it->get_ref<const std::string&>()) : std::nullopt;
    if (!id) return bad("subtree");
    n.subtree = *id;
  }
  if (n.type == NodeType::kDir && !n.subtree) return bad("directory without subtree");
  n.target = j.value("target", "");
  if (auto it = j.find("record"); it != j.end()) {
    if (!it->is_object()) return bad("record");
    Record r;
    r.type = it->value("type", "");
    if (auto d = it->find("data"); d != it->end()) {
      std::optional<std::string> bytes =
          d->is_string() ? Base64Decode(d->get_ref<const std::string&>()) : std::nullopt;
      if (!bytes) return bad("record data");
      r.data = std::move(*bytes);
      r.size = r.data.size();
    } else {
      if (!IdsFromJson(it->value("content", nlohmann::json()), r.content)) return bad("record content");
      r.size = it->value("size", uint64_t{0});
    }
    n.record = std::move(r);
  }
  return n;
}

Result<Record> StoreRecord(Repository& repo, std::string type, std::string_view bytes) {
  Record r;
  r.type = std::move(type);
  r.size = bytes.size();
  if (bytes.size() <= kMaxInlineRecord) {
    r.data = std::string(bytes);
    return r;
  }
  ContentWriter writer(repo);
  ARK_RETURN_IF_ERROR(writer.Write(bytes));
  ARK_ASSIGN_OR_RETURN(ContentRef ref, writer.Finish());
  r.content = std::move(ref.blobs);
  return r;
}

Result<std::string> LoadRecord(Repository& repo, const Record& record) {
  if (record.inlined()) return record.data;
  std::string out;
  out.reserve(record.size);
  ARK_RETURN_IF_ERROR(ContentReader(repo, record.content).ReadAll([&](std::string_view part) {
    out.append(part);
    return Status::Ok();
  }));
  if (out.size() != record.size) return DataLoss("a record's content has the wrong size");
  return out;
}

}  // namespace ark::repo
