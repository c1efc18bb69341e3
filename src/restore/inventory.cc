// Inventories through Graph (folder walks, streamed hashing of MIME and file content) and from a truth.
#include "restore/inventory.h"

#include <optional>

#include "core/encoding.h"
#include "core/hash.h"
#include "graph/download.h"
#include "graph/paging.h"
#include "graph/urls.h"
#include "restore/drive_restorer.h"
#include "restore/graph_request.h"

namespace ark::restore {
namespace {

using nlohmann::json;

class HashingSink final : public http::BodySink {
 public:
  Status Write(std::string_view chunk) override {
    hasher_.Update(chunk);
    return Status::Ok();
  }
  std::string HexDigest() { return HexEncode(hasher_.Finish()); }

 private:
  Hasher hasher_{DigestAlgorithm::kSha256};
};

// `path` relative to `root` ("/a/b" under {"a"} is "/b"), or nothing when it is not below it.
// A message's path is its folder's, so messages in the root folder itself are at "/"; the root folder
// is not an item of its own inventory.
std::optional<std::string> BelowRoot(const std::string& path, const std::vector<std::string>& root,
                                     bool is_message) {
  std::string prefix;
  for (const std::string& r : root) prefix += "/" + r;
  if (prefix.empty()) return path;
  if (path == prefix) return is_message ? std::optional<std::string>("/") : std::nullopt;
  if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
      path[prefix.size()] == '/') {
    return path.substr(prefix.size());
  }
  return std::nullopt;
}

class GraphInventoryReader {
 public:
  GraphInventoryReader(graph::GraphClient& client, std::string user)
      : client_(client), user_(std::move(user)) {
    headers_.Set("Prefer", "IdType=\"ImmutableId\"");
  }

  Status ReadMail(const std::vector<std::string>& root, Inventory& out) {
    std::string folder_id;  // "" = the mailbox root
    for (const std::string& name : root) {
      std::string found;
      ARK_RETURN_IF_ERROR(ForEachFolder(folder_id, [&](json& f) {
        if (f.value("displayName", "") == name) found = f.value("id", "");
        return Status::Ok();
      }));
      if (found.empty()) return NotFound("the folder '" + name + "' is not in " + user_ + "'s mailbox");
      folder_id = found;
    }
    if (!folder_id.empty()) ARK_RETURN_IF_ERROR(ReadMessages(folder_id, "/", out));
    return WalkMailFolder(folder_id, "", out);
  }

  Status ReadDrive(const std::vector<std::string>& root, Inventory& out) {
    ARK_ASSIGN_OR_RETURN(drive_id_, ResolveUserDrive(client_, user_));
    std::string folder_id = "root";
    for (const std::string& name : root) {
      std::string found;
      ARK_RETURN_IF_ERROR(graph::ForEachItem(client_,
                                             DriveItemUrl(drive_id_, folder_id) + "/children?$top=200",
                                             "a folder of " + user_ + "'s OneDrive", [&](json& item) {
                                               if (item.value("name", "") == name)
                                                 found = item.value("id", "");
                                               return Status::Ok();
                                             }));
      if (found.empty()) return NotFound("the folder '" + name + "' is not in " + user_ + "'s OneDrive");
      folder_id = found;
    }
    return WalkDriveFolder(folder_id, "", out);
  }

 private:
  Status ForEachFolder(const std::string& parent, const std::function<Status(json&)>& fn) {
    std::string url =
        parent.empty() ? graph::urls::MailFolders(user_) : graph::urls::ChildFolders(user_, parent);
    return graph::ForEachItem(client_, url, "the mail folders of " + user_, fn, headers_);
  }

  Status WalkMailFolder(const std::string& folder_id, const std::string& path, Inventory& out) {
    std::vector<std::pair<std::string, std::string>> children;  // id, path
    ARK_RETURN_IF_ERROR(ForEachFolder(folder_id, [&](json& f) {
      if (f.value("@odata.type", "") == "#microsoft.graph.mailSearchFolder") return Status::Ok();
      children.emplace_back(f.value("id", ""), path + "/" + f.value("displayName", ""));
      return Status::Ok();
    }));
    for (const auto& [id, child_path] : children) {
      out.items.push_back({InventoryKind::kMailFolder, child_path, "", 0, child_path});
      ARK_RETURN_IF_ERROR(ReadMessages(id, child_path, out));
      ARK_RETURN_IF_ERROR(WalkMailFolder(id, child_path, out));
    }
    return Status::Ok();
  }

  Status ReadMessages(const std::string& folder_id, const std::string& path, Inventory& out) {
    std::vector<std::pair<std::string, std::string>> messages;  // id, subject
    ARK_RETURN_IF_ERROR(graph::ForEachItem(
        client_, graph::urls::Messages(user_, folder_id) + "&$select=id,subject", "the messages of " + path,
        [&](json& m) {
          messages.emplace_back(m.value("id", ""), m.value("subject", ""));
          return Status::Ok();
        },
        headers_));
    for (const auto& [id, subject] : messages) {
      HashingSink sink;
      graph::DownloadOptions options;
      options.headers = headers_;
      ARK_ASSIGN_OR_RETURN(graph::DownloadResult got,
                           graph::Download(client_, graph::urls::MessageMime(user_, id), sink,
                                           "the message '" + subject + "'", options));
      out.items.push_back({InventoryKind::kMessage, path, sink.HexDigest(), got.bytes, subject});
    }
    return Status::Ok();
  }

  Status WalkDriveFolder(const std::string& folder_id, const std::string& path, Inventory& out) {
    std::vector<json> children;
    ARK_RETURN_IF_ERROR(graph::ForEachItem(client_, DriveItemUrl(drive_id_, folder_id) + "/children?$top=200",
                                           "the folder " + (path.empty() ? "/" : path), [&](json& item) {
                                             children.push_back(std::move(item));
                                             return Status::Ok();
                                           }));
    for (const json& item : children) {
      std::string name = item.value("name", "");
      std::string child_path = path;
      child_path += "/";
      child_path += name;
      std::string id = item.value("id", "");
      if (item.contains("folder")) {
        out.items.push_back({InventoryKind::kDriveFolder, child_path, "", 0, name});
        ARK_RETURN_IF_ERROR(WalkDriveFolder(id, child_path, out));
        continue;
      }
      HashingSink sink;
      ARK_ASSIGN_OR_RETURN(graph::DownloadResult got,
                           graph::Download(client_, graph::urls::DriveItemContent(drive_id_, id), sink,
                                           "the file " + child_path));
      out.items.push_back({InventoryKind::kFile, child_path, sink.HexDigest(), got.bytes, name});
    }
    return Status::Ok();
  }

  graph::GraphClient& client_;
  std::string user_;
  std::string drive_id_;
  http::Headers headers_;
};

}  // namespace

std::string_view InventoryKindName(InventoryKind kind) {
  switch (kind) {
    case InventoryKind::kMailFolder:
      return "mail folder";
    case InventoryKind::kMessage:
      return "message";
    case InventoryKind::kDriveFolder:
      return "folder";
    case InventoryKind::kFile:
      return "file";
  }
  return "item";
}

Result<Inventory> ReadUserInventory(graph::GraphClient& client, const std::string& user,
                                    const InventoryScope& scope) {
  Inventory out;
  GraphInventoryReader reader(client, user);
  if (scope.mail) ARK_RETURN_IF_ERROR(reader.ReadMail(scope.mail_root, out));
  if (scope.drive) ARK_RETURN_IF_ERROR(reader.ReadDrive(scope.drive_root, out));
  return out;
}

Result<Inventory> InventoryFromTruth(const json& truth, const InventoryScope& scope) {
  if (!truth.is_object() || !truth.contains("items") || !truth["items"].is_array()) {
    return InvalidArgument("the ground truth has no \"items\" list");
  }
  Inventory out;
  for (const json& item : truth["items"]) {
    std::string workload = item.value("workload", "");
    std::string kind = item.value("kind", "");
    std::optional<InventoryKind> k;
    std::vector<std::string> root;
    if (workload == "mail" && scope.mail) {
      if (kind == "folder") k = InventoryKind::kMailFolder;
      if (kind == "message") k = InventoryKind::kMessage;
      root = scope.mail_root;
    } else if (workload == "files" && scope.drive) {
      if (kind == "folder") k = InventoryKind::kDriveFolder;
      if (kind == "file") k = InventoryKind::kFile;
      root = scope.drive_root;
    }
    if (!k) continue;
    std::optional<std::string> path = BelowRoot(item.value("path", ""), root, *k == InventoryKind::kMessage);
    if (!path) continue;
    std::string label = *path;
    if (item.contains("metadata") && item["metadata"].is_object()) {
      label = item["metadata"].value("subject", item["metadata"].value("name", label));
    }
    out.items.push_back({*k, *path, item.value("sha256", ""), item.value("size", uint64_t{0}), label});
  }
  return out;
}

}  // namespace ark::restore
