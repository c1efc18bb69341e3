// SiteBackup: the site record, its document libraries (the drive code of UserBackup), its lists and list
// items.
#include "backup/site_backup.h"

#include "backup/graph_json.h"
#include "backup/layout.h"
#include "backup/sites_teams_catalog.h"
#include "core/encoding.h"
#include "graph/paging.h"

namespace ark::backup {
namespace {

using nlohmann::json;

std::string ListKey(const std::string& list_id) { return JoinPath(kListsDir, EscapeName(list_id)); }

bool IsLibrary(const json& list) {
  auto it = list.find("list");
  return it != list.end() && it->is_object() && JsonString(*it, "template") == "documentLibrary";
}

}  // namespace

std::string SiteNode(const std::string& site_id) { return JoinPath(kSitesDir, EscapeName(site_id)); }

std::string SiteRootPath(const std::string& web_url) {
  std::string_view rest = web_url;
  if (size_t scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  std::string path = "/";
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (!segment.empty())
      path = catalog::ChildPath(path, PercentDecode(segment, false).value_or(std::string(segment)));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return path;
}

SiteBackup::SiteBackup(RunContext& run, const UserInfo& site)
    : UserBackup(run, site, SiteNode(site.id), SiteRootPath(site.upn.empty() ? site.id : site.upn)) {
  drive_workload_ = org::Workload::kSites;
}

std::string SiteBackup::SitePath() const { return "/sites/" + PercentEncode(user_.id); }

Status SiteBackup::Run() {
  Status begun = [&]() -> Status {
    ARK_RETURN_IF_ERROR(LoadBase());
    ARK_ASSIGN_OR_RETURN(repo::Node site_node, RecordNode(kSiteRecord, user_.raw));
    ARK_RETURN_IF_ERROR(Put(std::string(kSiteNode), std::move(site_node)));
    ARK_RETURN_IF_ERROR(
        run_.catalog.PutOwner({user_.id, catalog::OwnerKind::kSite, user_.display_name, user_.upn}));
    return run_.catalog.Put(ContainerItem({user_.id, "/", JoinPath(node_, kSiteNode)},
                                          catalog::ItemKind::kSite, user_.id,
                                          user_.display_name.empty() ? user_.upn : user_.display_name));
  }();
  if (!begun.ok()) {
    report_.error = begun.message();
    return begun;
  }
  ARK_RETURN_IF_ERROR(RetryFailed());
  const std::pair<Status (SiteBackup::*)(), const char*> steps[] = {
      {&SiteBackup::BackupLibraries, "libraries"}, {&SiteBackup::BackupLists, "lists"}};
  for (const auto& [step, name] : steps) {
    Status s = (this->*step)();
    if (!s.ok()) Fail(name, "", std::string(name) + " of " + user_.upn, s);
  }
  Status published = Publish(true);
  if (!published.ok()) report_.error = published.message();
  return published;
}

Status SiteBackup::BackupLibraries() {
  std::vector<json> drives;
  Status listed = graph::ForEachItem(run_.graph, SitePath() + "/drives", "the libraries of " + user_.upn,
                                     [&](json& drive) {
                                       drives.push_back(std::move(drive));
                                       return Status::Ok();
                                     });
  if (listed.code() == StatusCode::kNotFound) {
    // A site without a default library answers 404 rather than an empty list.
    Warn("has no document library; its lists are backed up");
    return Status::Ok();
  }
  ARK_RETURN_IF_ERROR(listed);
  for (json& drive : drives) {
    std::string name = JsonString(drive, "name");
    if (name.empty()) name = JsonString(drive, "id");
    ARK_RETURN_IF_ERROR(BackupDriveOf(std::move(drive), name));
  }
  return Status::Ok();
}

Status SiteBackup::BackupLists() {
  std::vector<json> lists;
  ARK_RETURN_IF_ERROR(
      graph::ForEachItem(run_.graph, SitePath() + "/lists", "the lists of " + user_.upn, [&](json& list) {
        if (!IsLibrary(list)) lists.push_back(std::move(list));
        return Status::Ok();
      }));
  for (json& list : lists) ARK_RETURN_IF_ERROR(BackupList(std::move(list)));
  return Status::Ok();
}

Status SiteBackup::BackupList(json list) {
  const std::string list_id = JsonString(list, "id");
  const std::string key = ListKey(list_id);
  const std::string name =
      JsonString(list, "displayName").empty() ? JsonString(list, "name") : JsonString(list, "displayName");
  const std::string list_url = SitePath() + "/lists/" + PercentEncode(list_id);
  json columns = json::array();
  ARK_RETURN_IF_ERROR(graph::ForEachItem(run_.graph, list_url + "/columns",
                                         "the columns of list '" + name + "'", [&](json& column) {
                                           columns.push_back(std::move(column));
                                           return Status::Ok();
                                         }));
  list.erase("@odata.context");
  list["columns"] = std::move(columns);
  state_.folders[key] = {name, ""};
  ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kListRecord, list));
  ARK_RETURN_IF_ERROR(Put(JoinPath(key, kListNode), std::move(node)));
  ARK_RETURN_IF_ERROR(run_.catalog.Put(
      ContainerItem(Place(root_path_, JoinPath(key, kListNode)), catalog::ItemKind::kList, list_id, name)));

  auto on_items = [&](json& items) -> Status {
    for (json& item : items) {
      std::string id = JsonString(item, "id");
      if (id.empty()) continue;
      if (item.contains("deleted") || item.contains("@removed")) {
        ARK_RETURN_IF_ERROR(Remove(JoinPath(key, EscapeName(id))));
        ARK_RETURN_IF_ERROR(
            run_.catalog.Delete({user_.id, catalog::ItemKind::kListItem, ScopedId(list_id, id)}));
        continue;
      }
      ARK_RETURN_IF_ERROR(StoreListItem(list_id, item));
    }
    return Status::Ok();
  };
  auto on_resync = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> names, BaseChildren(key));
    for (const std::string& child : names) {
      if (child != kListNode) ARK_RETURN_IF_ERROR(Remove(JoinPath(key, child)));
    }
    return Status::Ok();
  };
  ARK_ASSIGN_OR_RETURN(graph::DeltaRound round,
                       Delta(key, list_url + "/items/delta?$expand=fields",
                             "list '" + name + "' of " + user_.upn, on_items, on_resync));
  if (round.resynced) {
    catalog::ListingScope scope;
    scope.owner_id = user_.id;
    scope.folder_path = catalog::ChildPath(root_path_, name);
    scope.kinds = {catalog::ItemKind::kListItem};
    ARK_RETURN_IF_ERROR(run_.catalog.CompleteListing(scope));
  }
  return Status::Ok();
}

Status SiteBackup::StoreListItem(const std::string& list_id, const json& received) {
  json item = received;
  item.erase("@odata.context");
  item.erase("fields@odata.context");
  const std::string id = JsonString(item, "id");
  const std::string key = ListKey(list_id);
  const std::string path = JoinPath(key, EscapeName(id));
  ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(kListItemRecord, item));
  if (auto t = ParseRfc3339(JsonString(item, "lastModifiedDateTime"))) {
    node.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t->time_since_epoch()).count();
  }
  ARK_RETURN_IF_ERROR(Put(path, std::move(node)));
  Count(0);
  auto folder = state_.folders.find(key);
  return run_.catalog.Put(ListItemEntry(
      Place(catalog::ChildPath(root_path_, folder != state_.folders.end() ? folder->second.name : list_id),
            path),
      list_id, item));
}

Status SiteBackup::RetryItem(const FailedItem& failed) {
  if (!failed.collection.starts_with(kListsDir)) return UserBackup::RetryItem(failed);
  std::string list_id = UnescapeName(failed.collection.substr(kListsDir.size() + 1));
  Result<json> item = run_.graph.GetJson(SitePath() + "/lists/" + PercentEncode(list_id) + "/items/" +
                                             PercentEncode(failed.id) + "?$expand=fields",
                                         failed.what);
  if (item.status().code() == StatusCode::kNotFound) return Status::Ok();
  if (!item.ok()) {
    Fail(failed.collection, failed.id, failed.what, item.status());
    return Status::Ok();
  }
  return StoreListItem(list_id, *item);
}

}  // namespace ark::backup
