// TeamBackup: team record, members, channels with files-folder pointers, threads by message delta.
#include "backup/team_backup.h"

#include "backup/content_download.h"
#include "backup/graph_json.h"
#include "backup/layout.h"
#include "backup/site_backup.h"
#include "backup/sites_teams_catalog.h"
#include "core/encoding.h"
#include "graph/paging.h"

namespace ark::backup {
namespace {

using nlohmann::json;

std::string ChannelKey(const std::string& channel_id) {
  return JoinPath(kChannelsDir, EscapeName(channel_id));
}

// The message body's HTML, or "".
std::string BodyHtml(const json& message) {
  auto it = message.find("body");
  return it != message.end() && it->is_object() ? JsonString(*it, "content") : std::string();
}

// Every src="…" of an <img> in `html`.
std::vector<std::string> ImageSources(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = html.find("<img"); at != std::string::npos; at = html.find("<img", at + 4)) {
    size_t end = html.find('>', at);
    size_t src = html.find("src=\"", at);
    if (src == std::string::npos || (end != std::string::npos && src > end)) continue;
    size_t close = html.find('"', src + 5);
    if (close == std::string::npos) break;
    out.push_back(html.substr(src + 5, close - src - 5));
  }
  return out;
}

}  // namespace

std::string TeamNode(const std::string& group_id) { return JoinPath(kTeamsDir, EscapeName(group_id)); }

std::string HostedContentPath(const std::string& src, const std::string& team_id,
                              const std::string& channel_id) {
  // Only this team's channel: a body must never make the client send its token somewhere else.
  const std::string prefix = "/teams/" + team_id + "/channels/" + channel_id + "/messages/";
  size_t at = src.find(prefix);
  if (at == std::string::npos) {
    at = src.find("/teams/" + PercentEncode(team_id) + "/channels/" + PercentEncode(channel_id) +
                  "/messages/");
  }
  if (at == std::string::npos) return "";
  std::string path = src.substr(at);
  if (path.find("..") != std::string::npos || path.find("/hostedContents/") == std::string::npos ||
      !path.ends_with("/$value") || path.find_first_of("?#\"' ") != std::string::npos) {
    return "";
  }
  return path;
}

TeamBackup::TeamBackup(RunContext& run, TeamTarget team)
    : UserBackup(run, team.group, TeamNode(team.group.id),
                 catalog::ChildPath("/", team.group.upn.empty() ? team.group.id : team.group.upn)),
      team_(std::move(team)) {}

std::string TeamBackup::TeamPath() const { return "/teams/" + PercentEncode(user_.id); }

Status TeamBackup::Run() {
  Status begun = [&]() -> Status {
    ARK_RETURN_IF_ERROR(LoadBase());
    ARK_ASSIGN_OR_RETURN(json team, run_.graph.GetJson(TeamPath(), "the team " + user_.upn));
    team.erase("@odata.context");
    ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kTeamRecord, team));
    ARK_RETURN_IF_ERROR(Put(std::string(kTeamNode), std::move(node)));
    ARK_RETURN_IF_ERROR(run_.catalog.PutOwner({user_.id, catalog::OwnerKind::kTeam, user_.upn, user_.upn}));
    return run_.catalog.Put(ContainerItem({user_.id, "/", JoinPath(node_, kTeamNode)},
                                          catalog::ItemKind::kTeam, user_.id, user_.upn));
  }();
  if (!begun.ok()) {
    report_.error = begun.message();
    return begun;
  }
  ARK_RETURN_IF_ERROR(RetryFailed());
  if (Status s = BackupMembers(); !s.ok()) Fail("members", "", "the members of " + user_.upn, s);
  // Channels no longer in the team leave the snapshot.
  std::set<std::string> current;
  for (const json& ch : team_.channels) current.insert(EscapeName(JsonString(ch, "id")));
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> stored, BaseChildren(std::string(kChannelsDir)));
  for (const std::string& name : stored) {
    if (current.contains(name)) continue;
    ARK_RETURN_IF_ERROR(Remove(JoinPath(kChannelsDir, name)));
    state_.collections.erase(JoinPath(kChannelsDir, name));
  }
  for (size_t i = 0; i < team_.channels.size(); ++i) {
    if (Status s = BackupChannel(i); !s.ok()) {
      std::string what = "channel '" + JsonString(team_.channels[i], "displayName") + "' of " + user_.upn;
      Fail(ChannelKey(JsonString(team_.channels[i], "id")), "", what, s);
    }
  }
  Status published = Publish(true);
  if (!published.ok()) report_.error = published.message();
  return published;
}

Status TeamBackup::BackupMembers() {
  json members = json::array();
  ARK_RETURN_IF_ERROR(
      graph::ForEachItem(run_.graph, TeamPath() + "/members", "the members of " + user_.upn, [&](json& m) {
        members.push_back(std::move(m));
        return Status::Ok();
      }));
  ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kMembersRecord, json{{"value", std::move(members)}}));
  return Put(std::string(kMembersNode), std::move(node));
}

Status TeamBackup::BackupChannel(size_t index) {
  json channel = team_.channels[index];
  channel.erase("@odata.context");
  const std::string channel_id = JsonString(channel, "id");
  const std::string name = JsonString(channel, "displayName");
  const std::string key = ChannelKey(channel_id);
  const std::string channel_url = TeamPath() + "/channels/" + PercentEncode(channel_id);
  state_.folders[key] = {name, ""};
  ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kChannelRecord, channel));
  ARK_RETURN_IF_ERROR(Put(JoinPath(key, kChannelNode), std::move(node)));
  ARK_RETURN_IF_ERROR(run_.catalog.Put(ContainerItem(Place(root_path_, JoinPath(key, kChannelNode)),
                                                     catalog::ItemKind::kChannel, channel_id, name)));

  // Where the channel's files are: a pointer into the site's drive of the same snapshot, never a copy.
  const json& folder = team_.files_folders[index];
  if (folder.is_object()) {
    json pointer = {{"itemId", JsonString(folder, "id")},
                    {"webUrl", JsonString(folder, "webUrl")},
                    {"name", JsonString(folder, "name")}};
    std::string drive_id;
    if (auto it = folder.find("parentReference"); it != folder.end() && it->is_object())
      drive_id = JsonString(*it, "driveId");
    pointer["driveId"] = drive_id;
    pointer["siteId"] = team_.files_sites[index];
    pointer["path"] = team_.files_sites[index].empty()
                          ? std::string()
                          : JoinPath(JoinPath(SiteNode(team_.files_sites[index]), kDriveDir),
                                     JoinPath(EscapeName(drive_id), EscapeName(JsonString(folder, "id"))));
    ARK_ASSIGN_OR_RETURN(repo::Node files, RecordNode(kFilesFolderRecord, pointer));
    ARK_RETURN_IF_ERROR(Put(JoinPath(key, kFilesNode), std::move(files)));
  }

  const std::string folder_path = catalog::ChildPath(root_path_, name);
  auto on_items = [&](json& items) -> Status {
    for (json& message : items) {
      std::string id = JsonString(message, "id");
      if (id.empty()) continue;
      if (message.contains("@removed")) {
        ARK_RETURN_IF_ERROR(Remove(JoinPath(key, EscapeName(id))));
        ARK_RETURN_IF_ERROR(
            run_.catalog.Delete({user_.id, catalog::ItemKind::kChannelMessage, ScopedId(channel_id, id)}));
        continue;
      }
      ARK_RETURN_IF_ERROR(StoreThread(channel_id, name, std::move(message)));
    }
    return Status::Ok();
  };
  auto on_resync = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> names, BaseChildren(key));
    for (const std::string& child : names) {
      if (!child.starts_with("_")) ARK_RETURN_IF_ERROR(Remove(JoinPath(key, child)));
    }
    return Status::Ok();
  };
  ARK_ASSIGN_OR_RETURN(graph::DeltaRound round,
                       Delta(key, channel_url + "/messages/delta?$expand=replies",
                             "the messages of channel '" + name + "' of " + user_.upn, on_items, on_resync));
  if (round.resynced) {
    catalog::ListingScope scope;
    scope.owner_id = user_.id;
    scope.folder_path = folder_path;
    scope.kinds = {catalog::ItemKind::kChannelMessage};
    ARK_RETURN_IF_ERROR(run_.catalog.CompleteListing(scope));
  }
  return Status::Ok();
}

Status TeamBackup::StoreThread(const std::string& channel_id, const std::string& channel_name, json message) {
  message.erase("@odata.context");
  json replies = json::array();
  if (auto it = message.find("replies"); it != message.end()) {
    if (it->is_array()) replies = std::move(*it);
    message.erase(it);
  }
  message.erase("replies@odata.context");
  message.erase("replies@odata.nextLink");
  const std::string thread = JoinPath(ChannelKey(channel_id), EscapeName(JsonString(message, "id")));
  const std::string folder_path = catalog::ChildPath(root_path_, channel_name);
  // A changed thread replaces the whole directory: replies and images removed since are gone with it.
  ARK_RETURN_IF_ERROR(Remove(thread));
  const std::string hosted_dir = JoinPath(thread, kHostedDir);
  const std::string root_id = JsonString(message, "id");
  ARK_RETURN_IF_ERROR(
      StoreMessage(channel_id, root_id, JoinPath(thread, kMessageNode), hosted_dir, folder_path, message));
  for (json& reply : replies) {
    std::string id = JsonString(reply, "id");
    if (id.empty()) continue;
    ARK_RETURN_IF_ERROR(StoreMessage(channel_id, root_id,
                                     JoinPath(JoinPath(thread, kRepliesDir), EscapeName(id)), hosted_dir,
                                     folder_path, reply));
  }
  return MaybePublish();
}

Status TeamBackup::RetryItem(const FailedItem& failed) {
  if (!failed.collection.starts_with(kChannelsDir) || failed.id.empty()) return Status::Ok();
  const std::string channel_id = UnescapeName(failed.collection.substr(kChannelsDir.size() + 1));
  Result<json> thread = run_.graph.GetJson(TeamPath() + "/channels/" + PercentEncode(channel_id) +
                                               "/messages/" + PercentEncode(failed.id) + "?$expand=replies",
                                           failed.what);
  if (thread.status().code() == StatusCode::kNotFound) return Status::Ok();
  if (!thread.ok()) {
    Fail(failed.collection, failed.id, failed.what, thread.status());
    return Status::Ok();
  }
  if (!thread->contains("replies")) {
    // A single message may come without its replies: list them, as the delta would have given them.
    json replies = json::array();
    ARK_RETURN_IF_ERROR(graph::ForEachItem(run_.graph,
                                           TeamPath() + "/channels/" + PercentEncode(channel_id) +
                                               "/messages/" + PercentEncode(failed.id) + "/replies",
                                           failed.what, [&](json& reply) {
                                             replies.push_back(std::move(reply));
                                             return Status::Ok();
                                           }));
    (*thread)["replies"] = std::move(replies);
  }
  auto name = state_.folders.find(failed.collection);
  return StoreThread(channel_id, name != state_.folders.end() ? name->second.name : channel_id,
                     std::move(*thread));
}

Status TeamBackup::StoreMessage(const std::string& channel_id, const std::string& root_id,
                                const std::string& path, const std::string& hosted_dir,
                                const std::string& folder_path, const json& message) {
  ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kChatMessageRecord, message));
  if (auto t = ParseRfc3339(JsonString(message, "lastModifiedDateTime"))) {
    node.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t->time_since_epoch()).count();
  }
  ARK_RETURN_IF_ERROR(Put(path, std::move(node)));
  const std::string html = BodyHtml(message);
  uint64_t bytes = 0;
  for (const std::string& src : ImageSources(html)) {
    std::string url = HostedContentPath(src, user_.id, channel_id);
    if (url.empty()) continue;
    size_t at = url.find("/hostedContents/") + std::string("/hostedContents/").size();
    std::string hosted_id = url.substr(at, url.size() - at - std::string("/$value").size());
    std::string what = "an image of message " + JsonString(message, "id");
    Result<repo::ContentRef> content = DownloadContent(run_.repo, run_.graph, url, what, {});
    if (!content.ok()) {
      // The whole thread is fetched again by the next run (RetryItem).
      Fail(ChannelKey(channel_id), root_id, what, content.status());
      continue;
    }
    json record = {{"id", hosted_id}, {"messageId", JsonString(message, "id")}, {"source", url}};
    ARK_ASSIGN_OR_RETURN(repo::Node hosted, RecordNode(kHostedContentRecord, record));
    hosted.content = std::move(content->blobs);
    hosted.size = content->size;
    bytes += content->size;
    ARK_RETURN_IF_ERROR(Put(JoinPath(hosted_dir, EscapeName(hosted_id)), std::move(hosted)));
  }
  Count(bytes);
  return run_.catalog.Put(ChannelMessageEntry(Place(folder_path, path), channel_id, message));
}

}  // namespace ark::backup
