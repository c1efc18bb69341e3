// UserBackup: the parts every workload shares — base tree lookups, records, delta rounds, publishing,
// failures and counters.
#include "backup/user_backup.h"

#include <spdlog/spdlog.h>

#include "backup/layout.h"
#include "backup/parallel.h"
#include "core/encoding.h"
#include "repo/directory.h"

namespace ark::backup {

http::Headers OutlookHeaders() {
  // One field, comma-separated (RFC 7240), as Graph's own SDKs send several preferences.
  return {{"Prefer", "IdType=\"ImmutableId\", odata.maxpagesize=100"}};
}

UserBackup::UserBackup(RunContext& run, const UserInfo& user)
    : UserBackup(run, user, EscapeName(user.id), UserRootPath(user.upn.empty() ? user.id : user.upn)) {}

UserBackup::UserBackup(RunContext& run, UserInfo owner, std::string node, std::string root_path)
    : run_(run), user_(std::move(owner)), node_(std::move(node)), root_path_(std::move(root_path)) {
  report_.id = user_.id;
  report_.upn = user_.upn;
}

std::string UserBackup::UserPath() const { return "/users/" + PercentEncode(user_.id); }

ItemPlace UserBackup::Place(const std::string& folder_path, const std::string& ref) const {
  return {user_.id, folder_path, JoinPath(node_, ref)};
}

Status UserBackup::LoadBase() {
  if (run_.base_root) {
    ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> dir, repo::LookupPath(run_.repo, *run_.base_root, node_));
    if (dir && dir->type == repo::NodeType::kDir) base_ = dir->subtree;
  }
  if (base_) {
    ARK_ASSIGN_OR_RETURN(nlohmann::json state, BaseRecord(std::string(kStateNode)));
    if (!state.is_null()) {
      ARK_ASSIGN_OR_RETURN(state_, UserState::FromJson(state));
    }
  }
  retrying_ = std::move(state_.failed);
  state_.failed.clear();
  editor_ = std::make_unique<repo::TreeEditor>(run_.repo, base_);
  last_publish_ = std::chrono::steady_clock::now();
  return Status::Ok();
}

Status UserBackup::Begin() {
  ARK_RETURN_IF_ERROR(LoadBase());

  ARK_ASSIGN_OR_RETURN(repo::Node user_node, RecordNode(kUserRecord, user_.raw));
  ARK_RETURN_IF_ERROR(Put(std::string(kUserNode), std::move(user_node)));
  ARK_RETURN_IF_ERROR(run_.catalog.PutOwner(
      {user_.id, catalog::OwnerKind::kUser, user_.display_name, user_.upn.empty() ? user_.id : user_.upn}));
  return run_.catalog.Put(ContainerItem({user_.id, "/", node_}, catalog::ItemKind::kUser, user_.id,
                                        user_.upn.empty() ? user_.id : user_.upn));
}

Status UserBackup::Run() {
  Status begun = Begin();
  if (!begun.ok()) {
    report_.error = begun.message();
    return begun;
  }
  ARK_RETURN_IF_ERROR(RetryFailed());
  struct Step {
    org::Workload workload;
    Status (UserBackup::*run)();
    const char* name;
  };
  const Step steps[] = {{org::Workload::kMail, &UserBackup::BackupMail, "mail"},
                        {org::Workload::kCalendar, &UserBackup::BackupCalendars, "calendar"},
                        {org::Workload::kContacts, &UserBackup::BackupContacts, "contacts"},
                        {org::Workload::kOneDrive, &UserBackup::BackupDrive, "onedrive"}};
  for (const Step& step : steps) {
    if (!run_.workloads.contains(step.workload)) continue;
    Status s = (this->*step.run)();
    if (!s.ok()) {
      // A workload that stops (e.g. its listing failed after retries) fails alone; its cursors keep the
      // position reached, so the next run continues there.
      spdlog::warn("backup of {} for {} stopped: {}", step.name, user_.upn, s.ToString());
      Fail(step.name, "", std::string(step.name) + " of " + user_.upn, s);
    }
  }
  Status published = Publish(true);
  if (!published.ok()) report_.error = published.message();
  return published;
}

Status UserBackup::Publish(bool done) {
  ARK_ASSIGN_OR_RETURN(repo::Node state, RecordNode(kStateRecord, state_.ToJson()));
  ARK_RETURN_IF_ERROR(editor_->Put(std::string(kStateNode), std::move(state)));
  ARK_ASSIGN_OR_RETURN(repo::BlobId subtree, editor_->Commit());
  editor_ = std::make_unique<repo::TreeEditor>(run_.repo, subtree);
  last_publish_ = std::chrono::steady_clock::now();
  return run_.publisher.Publish(node_, subtree, done);
}

Status UserBackup::MaybePublish() {
  if (std::chrono::steady_clock::now() - last_publish_ < run_.publish_interval) return Status::Ok();
  return Publish(false);
}

Status UserBackup::Put(const std::string& path, repo::Node node) {
  return editor_->Put(path, std::move(node));
}

Status UserBackup::Remove(const std::string& path) { return editor_->Remove(path); }

Result<std::optional<repo::Node>> UserBackup::BaseNode(const std::string& path) {
  if (!base_) return std::optional<repo::Node>();
  return repo::LookupPath(run_.repo, *base_, path);
}

Result<std::vector<std::string>> UserBackup::BaseChildren(const std::string& path) {
  std::vector<std::string> names;
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> dir, BaseNode(path));
  if (!dir || dir->type != repo::NodeType::kDir || !dir->subtree) return names;
  ARK_RETURN_IF_ERROR(repo::ForEachNode(run_.repo, *dir->subtree, [&](const repo::Node& n) {
    names.push_back(n.name);
    return Status::Ok();
  }));
  return names;
}

Status UserBackup::RemoveBaseChildren(const std::string& dir, std::string_view keep) {
  ARK_ASSIGN_OR_RETURN(std::vector<std::string> names, BaseChildren(dir));
  for (const std::string& name : names) {
    if (name != keep) ARK_RETURN_IF_ERROR(Remove(JoinPath(dir, name)));
  }
  return Status::Ok();
}

Result<nlohmann::json> UserBackup::BaseRecord(const std::string& path) {
  ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> node, BaseNode(path));
  if (!node || !node->record) return nlohmann::json();
  ARK_ASSIGN_OR_RETURN(std::string bytes, repo::LoadRecord(run_.repo, *node->record));
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return DataLoss("the record at " + JoinPath(node_, path) + " is not JSON");
  return j;
}

Result<repo::Node> UserBackup::RecordNode(std::string_view record_type, const nlohmann::json& json) {
  repo::Node node;
  node.type = repo::NodeType::kItem;
  ARK_ASSIGN_OR_RETURN(repo::Record record,
                       repo::StoreRecord(run_.repo, std::string(record_type), json.dump()));
  node.record = std::move(record);
  return node;
}

Result<graph::DeltaRound> UserBackup::Delta(const std::string& key, const std::string& initial_url,
                                            std::string_view what,
                                            const std::function<Status(nlohmann::json& items)>& on_items,
                                            const std::function<Status()>& on_resync) {
  graph::DeltaCursor& stored = state_.collections[key];
  if (stored.initial_url.empty()) stored.initial_url = initial_url;
  graph::DeltaCursor cursor = stored;
  graph::DeltaCallbacks callbacks;
  callbacks.on_items = on_items;
  callbacks.checkpoint = [&](const graph::DeltaCursor& c) {
    state_.collections[key] = c;
    return MaybePublish();
  };
  callbacks.on_resync = [&](const std::string& reason) {
    Warn(std::string(what) + ": the service asked for a full resync (" + reason + "); reading it again");
    return on_resync();
  };
  // Outlook's preferences only for mail: other services have their own page limits.
  http::Headers headers = key.starts_with(kMailDir) ? OutlookHeaders() : http::Headers();
  return graph::RunDeltaRound(run_.graph, cursor, what, callbacks, headers);
}

void UserBackup::Fail(const std::string& collection, const std::string& id, const std::string& what,
                      const Status& error) {
  FailedItem item{collection, id, what, error.message()};
  spdlog::warn("{} of {} failed: {}", what, user_.upn, error.ToString());
  report_.errors.push_back(item);
  // Only items can be fetched again by id; a failed listing resumes from its cursor instead.
  if (!id.empty()) state_.failed.push_back(std::move(item));
  run_.failed.fetch_add(1);
}

void UserBackup::Warn(const std::string& text) {
  spdlog::warn("{}: {}", user_.upn, text);
  report_.warnings.push_back(text);
}

void UserBackup::Count(uint64_t bytes) {
  report_.items++;
  report_.bytes += bytes;
  run_.items.fetch_add(1);
  run_.bytes.fetch_add(bytes);
  run_.progress.Advance(1, bytes);
}

Status UserBackup::StoreAll(const std::vector<const nlohmann::json*>& items,
                            const std::function<Result<PreparedItem>(const nlohmann::json&)>& prepare,
                            const std::function<Status(const nlohmann::json&, PreparedItem)>& commit) {
  std::vector<PreparedItem> prepared(items.size());
  ARK_RETURN_IF_ERROR(ForEachParallel(items.size(), kDownloadsPerUser, [&](size_t i) -> Status {
    ARK_ASSIGN_OR_RETURN(prepared[i], prepare(*items[i]));
    return Status::Ok();
  }));
  for (size_t i = 0; i < items.size(); ++i) ARK_RETURN_IF_ERROR(commit(*items[i], std::move(prepared[i])));
  return Status::Ok();
}

Status UserBackup::RetryFailed() {
  std::vector<FailedItem> items = std::move(retrying_);
  retrying_.clear();
  for (const FailedItem& item : items) ARK_RETURN_IF_ERROR(RetryItem(item));
  return Status::Ok();
}

Status UserBackup::RetryItem(const FailedItem& item) {
  if (item.collection.starts_with(kMailDir)) return RetryMessage(item);
  if (item.collection.starts_with(kDriveDir)) return RetryDriveItem(item);
  return Status::Ok();
}

}  // namespace ark::backup
