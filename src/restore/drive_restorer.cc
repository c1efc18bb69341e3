// DriveRestorer: folder creation by name, simple PUT or upload session, conflict behaviours.
#include "restore/drive_restorer.h"

#include "graph/graph_error.h"
#include "graph/paging.h"
#include "graph/urls.h"
#include "restore/graph_request.h"
#include "restore/safe_path.h"

namespace ark::restore {
namespace {

using nlohmann::json;

}  // namespace

Result<std::string> ResolveUserDrive(graph::GraphClient& client, const std::string& user) {
  ARK_ASSIGN_OR_RETURN(json drive, client.GetJson(graph::urls::UserDrive(user), "the OneDrive of " + user));
  if (!drive.contains("id")) return NotFound(user + " has no OneDrive");
  return drive["id"].get<std::string>();
}

DriveRestorer::DriveRestorer(graph::GraphClient& client, std::string drive_id, ConflictPolicy policy)
    : client_(client), drive_id_(std::move(drive_id)), policy_(policy) {}

Status DriveRestorer::ListChildren(const std::string& folder_id, Folder& folder) {
  folder.children.clear();
  ARK_RETURN_IF_ERROR(graph::ForEachItem(client_, DriveItemUrl(drive_id_, folder_id) + "/children?$top=200",
                                         "a folder of the target drive", [&](json& item) {
                                           folder.children[AsciiLower(item.value("name", ""))] =
                                               item.value("id", "");
                                           return Status::Ok();
                                         }));
  folder.listed = true;
  return Status::Ok();
}

Result<std::string> DriveRestorer::EnsureFolder(const std::vector<std::string>& path) {
  std::string parent_id = "root";
  for (const std::string& name : path) {
    Folder& parent = folders_[parent_id];
    if (!parent.listed) ARK_RETURN_IF_ERROR(ListChildren(parent_id, parent));
    auto it = parent.children.find(AsciiLower(name));
    if (it == parent.children.end()) {
      json body = {{"name", name}, {"folder", json::object()}, {"@microsoft.graph.conflictBehavior", "fail"}};
      graph::GraphRequest request =
          MakeRequest("POST", DriveItemUrl(drive_id_, parent_id) + "/children",
                      "create the folder '" + name + "'", body.dump(), "application/json");
      ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client_.Send(request));
      if (response.status == 409) {  // created meanwhile
        ARK_RETURN_IF_ERROR(ListChildren(parent_id, parent));
        it = parent.children.find(AsciiLower(name));
        if (it == parent.children.end())
          return FailedPrecondition("the folder '" + name + "' cannot be created");
      } else {
        ARK_RETURN_IF_ERROR(CheckResponse(response, request.what));
        json created = json::parse(response.body, nullptr, false);
        if (!created.is_object() || !created.contains("id")) {
          return DataLoss("Graph answered the creation of the folder '" + name + "' without an id");
        }
        std::string id = created["id"].get<std::string>();
        it = parent.children.emplace(AsciiLower(name), id).first;
        folders_[id].listed = true;
      }
    }
    parent_id = it->second;
  }
  return parent_id;
}

Status DriveRestorer::SetFileSystemInfo(const std::string& item_id, const json& original) {
  if (!original.is_object() || !original.contains("fileSystemInfo")) return Status::Ok();
  json info = json::object();
  for (const char* key : {"createdDateTime", "lastModifiedDateTime"}) {
    if (original["fileSystemInfo"].contains(key)) info[key] = original["fileSystemInfo"][key];
  }
  if (info.empty()) return Status::Ok();
  ARK_ASSIGN_OR_RETURN(json ignored,
                       client_.SendJson("PATCH", graph::urls::DriveItem(drive_id_, item_id),
                                        {{"fileSystemInfo", info}}, "set the dates of a restored file"));
  (void)ignored;
  return Status::Ok();
}

Result<RestoredFile> DriveRestorer::RestoreFile(const std::string& parent_id, const std::string& name,
                                                graph::RandomAccessSource& source, const json& original) {
  Folder& parent = folders_[parent_id];
  if (!parent.listed) ARK_RETURN_IF_ERROR(ListChildren(parent_id, parent));
  bool exists = parent.children.contains(AsciiLower(name));
  RestoredFile result;
  if (exists && policy_ == ConflictPolicy::kSkip) {
    result.outcome = ItemOutcome::kSkipped;
    return result;
  }
  std::string behavior(DriveConflictBehavior(policy_));
  std::string what = "restore the file '" + name + "'";
  if (source.size() <= kMaxSimpleUpload) {
    // Small: the bytes fit one request, which Graph needs whole anyway.
    std::string body(static_cast<size_t>(source.size()), '\0');
    for (uint64_t at = 0; at < body.size();) {
      ARK_ASSIGN_OR_RETURN(size_t n, source.ReadAt(at, std::span<char>(body.data() + at, body.size() - at)));
      if (n == 0) return DataLoss(name + " ended early in the backup");
      at += n;
    }
    graph::GraphRequest request =
        MakeRequest("PUT",
                    DriveItemUrl(drive_id_, parent_id) + ":/" + graph::urls::Segment(name) + ":/content" +
                        "?@microsoft.graph.conflictBehavior=" + behavior,
                    what, std::move(body), "application/octet-stream");
    ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client_.Send(request));
    if (response.status == 409) {
      result.outcome = ItemOutcome::kSkipped;
      return result;
    }
    ARK_RETURN_IF_ERROR(CheckResponse(response, what));
    result.item = json::parse(response.body, nullptr, false);
  } else {
    json create = {{"item", {{"@microsoft.graph.conflictBehavior", behavior}}}};
    Result<graph::UploadResult> uploaded = graph::UploadWithSession(
        client_,
        DriveItemUrl(drive_id_, parent_id) + ":/" + graph::urls::Segment(name) + ":/createUploadSession",
        create, source, what);
    if (!uploaded.ok() && uploaded.status().code() == StatusCode::kAlreadyExists) {
      result.outcome = ItemOutcome::kSkipped;
      return result;
    }
    ARK_RETURN_IF_ERROR(uploaded.status());
    result.item = std::move(uploaded->item);
  }
  if (!result.item.is_object() || !result.item.contains("id")) {
    return DataLoss("Graph answered the upload of '" + name + "' without the item");
  }
  std::string id = result.item["id"].get<std::string>();
  parent.children[AsciiLower(result.item.value("name", name))] = id;
  result.outcome =
      exists && policy_ == ConflictPolicy::kOverwrite ? ItemOutcome::kReplaced : ItemOutcome::kCreated;
  ARK_RETURN_IF_ERROR(SetFileSystemInfo(id, original));
  return result;
}

}  // namespace ark::restore
