// PimRestorer: writable copies of event/contact JSON, container lookup, conflict index.
#include "restore/pim_restorer.h"

#include "graph/graph_error.h"
#include "graph/paging.h"
#include "graph/urls.h"
#include "restore/graph_request.h"

namespace ark::restore {
namespace {

using nlohmann::json;

// Properties the service assigns; sending them back is refused or ignored.
constexpr const char* kReadOnly[] = {"id",
                                     "changeKey",
                                     "createdDateTime",
                                     "lastModifiedDateTime",
                                     "parentFolderId",
                                     "iCalUId",
                                     "webLink",
                                     "seriesMasterId",
                                     "originalStart",
                                     "originalStartTimeZone",
                                     "originalEndTimeZone",
                                     "occurrenceId",
                                     "isOrganizer",
                                     "responseStatus",
                                     "onlineMeetingUrl",
                                     "calendar",
                                     "instances",
                                     "exceptionOccurrences",
                                     "cancelledOccurrences",
                                     "attachments",
                                     "photo",
                                     "extensions",
                                     "multiValueExtendedProperties",
                                     "singleValueExtendedProperties",
                                     "type",
                                     "isCancelled",
                                     "hasAttachments"};

}  // namespace

PimRestorer::PimRestorer(graph::GraphClient& client, std::string user, ConflictPolicy policy)
    : client_(client), user_(std::move(user)), policy_(policy) {}

json PimRestorer::WritableCopy(PimKind kind, const json& original) {
  json out = json::object();
  for (const auto& [key, value] : original.items()) {
    if (key.find('@') != std::string::npos) continue;  // @odata.* and other annotations
    bool read_only = false;
    for (const char* r : kReadOnly) read_only = read_only || key == r;
    if (read_only || value.is_null()) continue;
    out[key] = value;
  }
  (void)kind;
  return out;
}

std::string PimRestorer::IdentityKey(PimKind kind, const json& item) {
  if (kind == PimKind::kEvent) {
    std::string start = item.contains("start") && item["start"].is_object()
                            ? item["start"].value("dateTime", "").substr(0, 19)
                            : "";
    return item.value("subject", "") + '\n' + start;
  }
  std::string email;
  if (item.contains("emailAddresses") && item["emailAddresses"].is_array() &&
      !item["emailAddresses"].empty()) {
    email = item["emailAddresses"][0].value("address", "");
  }
  return item.value("displayName", "") + '\n' + email;
}

std::string PimRestorer::ContainerUrl(PimKind kind) const {
  return "/users/" + graph::urls::Segment(user_) +
         (kind == PimKind::kEvent ? "/calendars" : "/contactFolders");
}

std::string PimRestorer::ItemsUrl(PimKind kind, const std::string& container_id) const {
  return ContainerUrl(kind) + "/" + graph::urls::Segment(container_id) +
         (kind == PimKind::kEvent ? "/events" : "/contacts");
}

Result<std::string> PimRestorer::EnsureContainer(PimKind kind, const std::string& name) {
  std::string found;
  const char* name_key = kind == PimKind::kEvent ? "name" : "displayName";
  ARK_RETURN_IF_ERROR(graph::ForEachItem(client_, ContainerUrl(kind),
                                         "calendars or contact folders of " + user_, [&](json& item) {
                                           if (found.empty() && item.value(name_key, "") == name) {
                                             found = item.value("id", "");
                                           }
                                           return Status::Ok();
                                         }));
  if (!found.empty()) return found;
  ARK_ASSIGN_OR_RETURN(json created, client_.SendJson("POST", ContainerUrl(kind), {{name_key, name}},
                                                      "create '" + name + "' in " + user_ + "'s mailbox"));
  if (!created.contains("id")) return DataLoss("Graph created '" + name + "' without an id");
  return created["id"].get<std::string>();
}

Result<std::multimap<std::string, std::string>*> PimRestorer::Index(PimKind kind,
                                                                    const std::string& container_id) {
  std::string key = std::to_string(static_cast<int>(kind)) + container_id;
  auto found = indexes_.find(key);
  if (found != indexes_.end()) return &found->second;
  std::multimap<std::string, std::string> index;
  ARK_RETURN_IF_ERROR(graph::ForEachItem(client_, ItemsUrl(kind, container_id) + "?$top=100",
                                         "the items of a calendar or contact folder of " + user_,
                                         [&](json& item) {
                                           index.emplace(IdentityKey(kind, item), item.value("id", ""));
                                           return Status::Ok();
                                         }));
  return &indexes_.emplace(key, std::move(index)).first->second;
}

Result<ItemOutcome> PimRestorer::Restore(PimKind kind, const std::string& container_id,
                                         const json& original) {
  ItemOutcome outcome = ItemOutcome::kCreated;
  std::string identity = IdentityKey(kind, original);
  if (policy_ != ConflictPolicy::kKeepBoth) {
    ARK_ASSIGN_OR_RETURN(auto* index, Index(kind, container_id));
    auto [begin, end] = index->equal_range(identity);
    if (begin != end) {
      if (policy_ == ConflictPolicy::kSkip) return ItemOutcome::kSkipped;
      std::string base =
          "/users/" + graph::urls::Segment(user_) + (kind == PimKind::kEvent ? "/events/" : "/contacts/");
      for (auto it = begin; it != end; ++it) {
        graph::GraphRequest del = MakeRequest("DELETE", base + graph::urls::Segment(it->second),
                                              "delete the item the restore overwrites in " + user_);
        ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client_.Send(del));
        if (response.status != 404) ARK_RETURN_IF_ERROR(CheckResponse(response, del.what));
      }
      index->erase(begin, end);
      outcome = ItemOutcome::kReplaced;
    }
  }
  ARK_ASSIGN_OR_RETURN(
      json created,
      client_.SendJson("POST", ItemsUrl(kind, container_id), WritableCopy(kind, original),
                       "restore '" + identity.substr(0, identity.find('\n')) + "' into " + user_));
  auto index = indexes_.find(std::to_string(static_cast<int>(kind)) + container_id);
  if (index != indexes_.end()) index->second.emplace(identity, created.value("id", ""));
  return outcome;
}

}  // namespace ark::restore
