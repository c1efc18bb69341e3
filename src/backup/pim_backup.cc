// UserBackup, calendars and contacts: small collections, listed in full every run and compared with the
// base tree (docs/backup-format.md §5).
#include "backup/graph_json.h"
#include "backup/layout.h"
#include "backup/user_backup.h"
#include "core/encoding.h"
#include "graph/paging.h"

namespace ark::backup {
namespace {

using nlohmann::json;

}  // namespace

Status UserBackup::BackupCalendars() {
  return BackupFullListing({std::string(kCalendarDir), UserPath() + "/calendars", "/events?$top=100",
                            std::string(kCalendarRecord), std::string(kEventRecord),
                            catalog::ItemKind::kCalendar, std::string(kCalendarName), "name"});
}

Status UserBackup::BackupContacts() {
  return BackupFullListing({std::string(kContactsDir), UserPath() + "/contactFolders", "/contacts?$top=100",
                            std::string(kContactFolderRecord), std::string(kContactRecord),
                            catalog::ItemKind::kContactFolder, std::string(kContactsName), "displayName"});
}

Status UserBackup::BackupFullListing(const FullListing& listing) {
  const http::Headers headers = OutlookHeaders();
  const std::string root = catalog::ChildPath(root_path_, listing.root_name);
  const bool calendar = listing.dir == kCalendarDir;
  ARK_RETURN_IF_ERROR(
      run_.catalog.Put(ContainerItem(Place(root_path_, listing.dir), catalog::ItemKind::kFolder,
                                     listing.dir + ":" + user_.id, listing.root_name)));
  std::vector<json> containers;
  Status listed = graph::ForEachItem(
      run_.graph, listing.containers_url, listing.dir + " of " + user_.upn,
      [&](json& c) {
        containers.push_back(std::move(c));
        return Status::Ok();
      },
      headers);
  if (listed.code() == StatusCode::kNotFound) {
    Warn("has no mailbox; no " + listing.dir + " to back up");
    return Status::Ok();
  }
  ARK_RETURN_IF_ERROR(listed);
  std::set<std::string> seen_containers;
  for (json& c : containers) {
    const std::string id = JsonString(c, "id");
    const std::string name = JsonString(c, listing.name_field.c_str());
    const std::string dir = JoinPath(listing.dir, EscapeName(id));
    seen_containers.insert(EscapeName(id));
    state_.folders[dir] = {name, ""};
    ARK_ASSIGN_OR_RETURN(repo::Node folder_node, RecordNode(listing.container_record, c));
    ARK_RETURN_IF_ERROR(Put(JoinPath(dir, kFolderNode), std::move(folder_node)));
    ARK_RETURN_IF_ERROR(run_.catalog.Put(
        ContainerItem(Place(root, JoinPath(dir, kFolderNode)), listing.container_kind, id, name)));
    const std::string folder_path = catalog::ChildPath(root, name);
    std::set<std::string> seen;
    Status items = graph::ForEachItem(
        run_.graph, listing.containers_url + "/" + PercentEncode(id) + listing.items_suffix,
        listing.dir + " '" + name + "' of " + user_.upn,
        [&](json& item) -> Status {
          const std::string item_id = JsonString(item, "id");
          if (item_id.empty()) return Status::Ok();
          const std::string path = JoinPath(dir, EscapeName(item_id));
          seen.insert(EscapeName(item_id));
          ARK_ASSIGN_OR_RETURN(repo::Node node, RecordNode(listing.item_record, item));
          ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> old, BaseNode(path));
          if (!old || old->record != node.record) Count(0);  // only new and changed items are work done
          ARK_RETURN_IF_ERROR(Put(path, std::move(node)));
          return run_.catalog.Put(calendar ? EventItem(Place(folder_path, path), item)
                                           : ContactItem(Place(folder_path, path), item));
        },
        headers);
    ARK_RETURN_IF_ERROR(items);
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> before, BaseChildren(dir));
    for (const std::string& name_before : before) {
      if (name_before != kFolderNode && !seen.contains(name_before)) {
        ARK_RETURN_IF_ERROR(Remove(JoinPath(dir, name_before)));
      }
    }
    catalog::ListingScope scope;
    scope.owner_id = user_.id;
    scope.folder_path = folder_path;
    scope.recursive = false;
    scope.kinds = {calendar ? catalog::ItemKind::kEvent : catalog::ItemKind::kContact};
    ARK_RETURN_IF_ERROR(run_.catalog.CompleteListing(scope));
  }
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> before, BaseChildren(listing.dir));
  for (const std::string& name : before) {
    if (seen_containers.contains(name)) continue;
    ARK_RETURN_IF_ERROR(Remove(JoinPath(listing.dir, name)));
    state_.folders.erase(JoinPath(listing.dir, name));
  }
  return MaybePublish();
}

}  // namespace ark::backup
