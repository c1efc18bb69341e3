// MailRestorer: folder lookup/creation by display name, MIME import, state PATCH, conflict index.
#include "restore/mail_restorer.h"

#include "core/encoding.h"
#include "graph/graph_error.h"
#include "graph/paging.h"
#include "graph/urls.h"
#include "restore/graph_request.h"
#include "restore/safe_path.h"

namespace ark::restore {
namespace {

using nlohmann::json;

std::string UserPath(const std::string& user) { return "/users/" + graph::urls::Segment(user); }

}  // namespace

MailRestorer::MailRestorer(graph::GraphClient& client, std::string user, ConflictPolicy policy)
    : client_(client), user_(std::move(user)), policy_(policy) {
  headers_.Set("Prefer", "IdType=\"ImmutableId\"");
}

Status MailRestorer::ListChildren(const std::string& parent_id, Folder& folder) {
  std::string url =
      parent_id.empty() ? graph::urls::MailFolders(user_) : graph::urls::ChildFolders(user_, parent_id);
  folder.children.clear();
  ARK_RETURN_IF_ERROR(graph::ForEachItem(
      client_, url, "mail folders of " + user_,
      [&](json& item) {
        folder.children[AsciiLower(item.value("displayName", ""))] = item.value("id", "");
        return Status::Ok();
      },
      headers_));
  folder.listed = true;
  return Status::Ok();
}

Result<std::string> MailRestorer::CreateChild(const std::string& parent_id, const std::string& name,
                                              bool hidden) {
  std::string url = parent_id.empty() ? UserPath(user_) + "/mailFolders"
                                      : UserPath(user_) + "/mailFolders/" + graph::urls::Segment(parent_id) +
                                            "/childFolders";
  json body = {{"displayName", name}};
  if (hidden) body["isHidden"] = true;
  graph::GraphRequest request = MakeRequest("POST", url, "create the mail folder '" + name + "' in " + user_,
                                            body.dump(), "application/json", headers_);
  ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client_.Send(request));
  if (response.status == 409) return AlreadyExists(name);
  ARK_RETURN_IF_ERROR(CheckResponse(response, request.what));
  json created = json::parse(response.body, nullptr, false);
  if (!created.is_object() || !created.contains("id")) {
    return DataLoss("Graph answered the creation of the folder '" + name + "' without an id");
  }
  return created["id"].get<std::string>();
}

Result<std::string> MailRestorer::EnsureFolder(const std::vector<std::string>& path, bool hidden) {
  std::string parent_id;
  for (size_t i = 0; i < path.size(); ++i) {
    Folder& parent = folders_[parent_id];
    if (!parent.listed) ARK_RETURN_IF_ERROR(ListChildren(parent_id, parent));
    std::string key = AsciiLower(path[i]);
    auto it = parent.children.find(key);
    if (it == parent.children.end()) {
      Result<std::string> created = CreateChild(parent_id, path[i], hidden && i + 1 == path.size());
      if (!created.ok() && created.status().code() == StatusCode::kAlreadyExists) {
        // Created meanwhile, or hidden from the listing: list again.
        ARK_RETURN_IF_ERROR(ListChildren(parent_id, parent));
        it = parent.children.find(key);
        if (it == parent.children.end()) {
          return FailedPrecondition("Graph says the folder '" + path[i] + "' exists in " + user_ +
                                    "'s mailbox but does not list it");
        }
      } else {
        ARK_RETURN_IF_ERROR(created.status());
        it = parent.children.emplace(key, *created).first;
        folders_[*created].listed = true;  // new: no children yet
      }
    }
    parent_id = it->second;
  }
  return parent_id;
}

Result<std::multimap<std::string, std::string>*> MailRestorer::MessageIndex(const std::string& folder_id) {
  auto found = indexes_.find(folder_id);
  if (found != indexes_.end()) return &found->second;
  std::multimap<std::string, std::string> index;
  std::string url = UserPath(user_) + "/mailFolders/" + graph::urls::Segment(folder_id) +
                    "/messages?$select=id,internetMessageId&$top=1000";
  ARK_RETURN_IF_ERROR(graph::ForEachItem(
      client_, url, "messages of a folder of " + user_,
      [&](json& item) {
        index.emplace(item.value("internetMessageId", ""), item.value("id", ""));
        return Status::Ok();
      },
      headers_));
  return &indexes_.emplace(folder_id, std::move(index)).first->second;
}

Status MailRestorer::ApplyState(const std::string& id, const json& created, const json& original) {
  json patch = json::object();
  for (const char* key : {"isRead", "flag", "categories", "importance"}) {
    if (original.contains(key) && created.value(key, json()) != original[key]) patch[key] = original[key];
  }
  if (patch.empty()) return Status::Ok();
  graph::GraphRequest request =
      MakeRequest("PATCH", UserPath(user_) + "/messages/" + graph::urls::Segment(id),
                  "set the read state and flag of a restored message in " + user_, patch.dump(),
                  "application/json", headers_);
  ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client_.Send(request));
  return CheckResponse(response, request.what);
}

Result<RestoredMessage> MailRestorer::RestoreMessage(const std::string& folder_id,
                                                     const ContentProducer& mime, uint64_t mime_size,
                                                     const json& original) {
  std::string subject = original.value("subject", "");
  if (mime_size > kMaxImportMime) {
    return ResourceExhausted("the message '" + subject + "' is " + std::to_string(mime_size) +
                             " bytes of MIME; Graph imports at most " + std::to_string(kMaxImportMime) +
                             " (4 MB once encoded); export it with `ark365 export mail` instead");
  }
  RestoredMessage result;
  std::string message_id = original.value("internetMessageId", "");
  if (!message_id.empty() && policy_ != ConflictPolicy::kKeepBoth) {
    ARK_ASSIGN_OR_RETURN(auto* index, MessageIndex(folder_id));
    auto [begin, end] = index->equal_range(message_id);
    if (begin != end) {
      if (policy_ == ConflictPolicy::kSkip) {
        result.outcome = ItemOutcome::kSkipped;
        return result;
      }
      for (auto it = begin; it != end; ++it) {
        graph::GraphRequest del = MakeRequest(
            "DELETE", UserPath(user_) + "/messages/" + graph::urls::Segment(it->second),
            "delete the message '" + subject + "' that the restore overwrites in " + user_, {}, {}, headers_);
        ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client_.Send(del));
        if (response.status != 404) ARK_RETURN_IF_ERROR(CheckResponse(response, del.what));
      }
      index->erase(begin, end);
      result.outcome = ItemOutcome::kReplaced;
    }
  }
  // Bounded by kMaxImportMime: the one place a message is held whole, as Graph's API requires.
  std::string bytes;
  bytes.reserve(mime_size);
  ARK_RETURN_IF_ERROR(mime([&](std::string_view piece) {
    bytes.append(piece);
    return Status::Ok();
  }));
  if (bytes.size() != mime_size) {
    return DataLoss("the message '" + subject + "' has " + std::to_string(bytes.size()) +
                    " bytes in the backup, not the recorded " + std::to_string(mime_size));
  }
  graph::GraphRequest request = MakeRequest(
      "POST", UserPath(user_) + "/mailFolders/" + graph::urls::Segment(folder_id) + "/messages",
      "restore the message '" + subject + "' into " + user_, Base64Encode(bytes), "text/plain", headers_);
  bytes.clear();
  bytes.shrink_to_fit();
  ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client_.Send(request));
  ARK_RETURN_IF_ERROR(CheckResponse(response, request.what));
  json created = json::parse(response.body, nullptr, false);
  if (!created.is_object() || !created.contains("id")) {
    return DataLoss("Graph answered the restore of '" + subject + "' without the new message's id");
  }
  result.id = created["id"].get<std::string>();
  ARK_RETURN_IF_ERROR(ApplyState(result.id, created, original));
  if (!message_id.empty()) {
    auto index = indexes_.find(folder_id);
    if (index != indexes_.end()) index->second.emplace(message_id, result.id);
  }
  return result;
}

}  // namespace ark::restore
