// One run of a backup set: parent or checkpoint, users, workers, snapshot, catalog commit.
#include "backup/backup_run.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "backup/discovery.h"
#include "backup/layout.h"
#include "backup/site_backup.h"
#include "backup/team_backup.h"
#include "core/random.h"
#include "graph/paging.h"
#include "org/rules.h"
#include "org/selection.h"
#include "repo/directory.h"
#include "repo/lock.h"
#include "repo/origin.h"
#include "repo/snapshot.h"

namespace ark::backup {
namespace {

using nlohmann::json;

std::string JobTag(const std::string& job_id) { return "job:" + job_id; }

std::optional<repo::Snapshot> LatestOfSet(const std::vector<repo::Snapshot>& snapshots,
                                          const std::string& tag) {
  std::optional<repo::Snapshot> latest;
  for (const repo::Snapshot& s : snapshots) {
    if (s.HasTag(tag) && (!latest || s.time >= latest->time)) latest = s;
  }
  return latest;
}

Result<std::vector<UserInfo>> SelectedUsers(graph::GraphClient& graph, const org::BackupSet& set) {
  std::vector<UserInfo> users;
  Status s = graph::ForEachItem(
      graph, "/users?$select=id,userPrincipalName,displayName,mail,accountEnabled&$top=999",
      "the tenant's users", [&](json& u) {
        std::string upn = u.value("userPrincipalName", "");
        std::string id = u.value("id", "");
        if (id.empty() || !org::IsSelected(set.selection, org::ObjectKind::kUser, upn)) return Status::Ok();
        u.erase("@odata.context");
        users.push_back({id, upn, u.value("displayName", ""), u});
        return Status::Ok();
      });
  ARK_RETURN_IF_ERROR(s);
  return users;
}

// One owner of the run (a user, site or team) for a worker: its tree path and how to back it up.
struct OwnerJob {
  std::string node;
  UserInfo info;
  std::function<std::unique_ptr<UserBackup>(RunContext&)> make;
};

std::vector<OwnerJob> Jobs(const std::vector<UserInfo>& users, Discovered discovered) {
  std::vector<OwnerJob> jobs;
  for (const UserInfo& u : users) {
    std::string node = EscapeName(u.id);
    jobs.push_back({node, u, [u](RunContext& run) { return std::make_unique<UserBackup>(run, u); }});
  }
  for (UserInfo& s : discovered.sites) {
    jobs.push_back(
        {SiteNode(s.id), s, [s](RunContext& run) { return std::make_unique<SiteBackup>(run, s); }});
  }
  for (TeamTarget& t : discovered.teams) {
    UserInfo info = t.group;
    jobs.push_back({TeamNode(info.id), info,
                    [t = std::move(t)](RunContext& run) { return std::make_unique<TeamBackup>(run, t); }});
  }
  return jobs;
}

// The owners' nodes of a tree: users at the top, sites and teams one level below their directories.
Result<std::vector<std::string>> OwnerNodes(repo::Repository& repo, const repo::BlobId& root) {
  std::vector<std::string> nodes;
  std::vector<repo::Node> groups;
  ARK_RETURN_IF_ERROR(repo::ForEachNode(repo, root, [&](const repo::Node& n) {
    if ((n.name == kSitesDir || n.name == kTeamsDir) && n.type == repo::NodeType::kDir && n.subtree) {
      groups.push_back(n);
    } else {
      nodes.push_back(n.name);
    }
    return Status::Ok();
  }));
  for (const repo::Node& group : groups) {
    ARK_RETURN_IF_ERROR(repo::ForEachNode(repo, *group.subtree, [&](const repo::Node& n) {
      nodes.push_back(JoinPath(group.name, n.name));
      return Status::Ok();
    }));
  }
  return nodes;
}

// The state of the catalog and repository when a run starts.
struct Start {
  std::optional<repo::Snapshot> parent;
  std::optional<repo::Checkpoint> checkpoint;
  std::unique_ptr<catalog::SnapshotWriter> writer;
};

// Finds where to start, finishing what a killed run left: a snapshot saved whose catalog snapshot was not
// committed yet, or a checkpoint of a run to continue.
Result<Start> FindStart(repo::Repository& repo, catalog::Catalog& catalog, const BackupTarget& target,
                        SystemTime now) {
  const org::BackupSet& set = target.set;
  const std::string name = CheckpointName(std::to_string(set.id));
  catalog::SetInfo info{std::to_string(set.id), set.name, std::to_string(set.org_id), set.org_name};
  Start start;
  ARK_ASSIGN_OR_RETURN(std::vector<repo::Snapshot> snapshots, repo::ListSnapshots(repo));
  start.parent = LatestOfSet(snapshots, SetTag(set));
  ARK_ASSIGN_OR_RETURN(start.checkpoint, repo::LoadCheckpoint(repo, name));
  ARK_ASSIGN_OR_RETURN(start.writer, catalog.BeginSnapshot(info, {now}));
  if (start.checkpoint) {
    std::string job = start.checkpoint->state.value("job_id", "");
    std::optional<repo::Snapshot> saved = LatestOfSet(snapshots, JobTag(job));
    if (saved) {
      // The run saved its snapshot, then died before committing the catalog and removing the checkpoint.
      if (start.writer->resumed()) {
        ARK_RETURN_IF_ERROR(start.writer->Commit(saved->id.Hex()).status());
      } else {
        ARK_RETURN_IF_ERROR(start.writer->Abandon());
      }
      ARK_RETURN_IF_ERROR(repo::RemoveCheckpoint(repo, name));
      start.checkpoint.reset();
      ARK_ASSIGN_OR_RETURN(start.writer, catalog.BeginSnapshot(info, {now}));
    } else {
      std::string parent = start.parent ? start.parent->id.Hex() : "";
      if (start.checkpoint->state.value("parent", "") != parent || !start.checkpoint->tree) {
        spdlog::warn("the checkpoint of backup set {} does not continue its latest snapshot; starting afresh",
                     set.name);
        ARK_RETURN_IF_ERROR(repo::RemoveCheckpoint(repo, name));
        start.checkpoint.reset();
      }
    }
  }
  if (!start.checkpoint && start.writer->resumed()) {
    // A catalog snapshot left open without a checkpoint to continue holds nothing the tree will have.
    ARK_RETURN_IF_ERROR(start.writer->Abandon());
    ARK_ASSIGN_OR_RETURN(start.writer, catalog.BeginSnapshot(info, {now}));
  }
  return start;
}

}  // namespace

std::string SetTag(const org::BackupSet& set) { return "set:" + std::to_string(set.id); }

Result<BackupReport> RunBackup(const BackupTarget& target, const BackupOptions& options) {
  repo::Repository& repo = *target.repo;
  graph::GraphClient& graph = *target.graph;
  const org::BackupSet& set = target.set;
  const std::string set_id = std::to_string(set.id);
  const std::string checkpoint_name = CheckpointName(set_id);
  BackupReport report;
  report.set_id = set_id;
  report.set_name = set.name;
  report.started = std::chrono::system_clock::now();
  const auto started = std::chrono::steady_clock::now();
  const graph::GraphStats graph_before = graph.stats();

  ARK_RETURN_IF_ERROR(repo.LoadIndex());
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<repo::Lock> lock,
                       repo::Lock::Acquire(repo, false, "backup", std::chrono::seconds(30)));
  ARK_ASSIGN_OR_RETURN(Start start, FindStart(repo, *target.catalog, target, report.started));
  catalog::SnapshotWriter& writer = *start.writer;

  std::optional<repo::BlobId> base;
  std::set<std::string> done_users;
  json checkpoint_state = {{"layout", kLayout}, {"parent", start.parent ? start.parent->id.Hex() : ""}};
  if (start.checkpoint) {
    report.resumed = true;
    report.job_id = start.checkpoint->state.value("job_id", NewUuid());
    base = start.checkpoint->tree;
    for (const auto& u : start.checkpoint->state.value("done_users", json::array())) {
      if (u.is_string()) done_users.insert(u.get<std::string>());
    }
    checkpoint_state["full"] = start.checkpoint->state.value("full", false);
  } else {
    report.job_id = NewUuid();
    if (start.parent && !options.full) base = start.parent->tree;
    checkpoint_state["full"] = options.full;
  }
  checkpoint_state["job_id"] = report.job_id;
  if (start.parent) report.parent_id = start.parent->id.Hex();

  ARK_RETURN_IF_ERROR(org::rules::CheckPersonalSitesAllowed(set.name, set.auth_mode,
                                                            set.Selects(org::ObjectKind::kPersonalSite)));
  ARK_ASSIGN_OR_RETURN(std::vector<UserInfo> users, SelectedUsers(graph, set));
  report.users = users.size();
  ARK_ASSIGN_OR_RETURN(Discovered discovered, DiscoverSitesAndTeams(graph, set));
  report.sites = discovered.sites.size();
  report.teams = discovered.teams.size();
  for (const std::string& w : discovered.warnings) report.warnings.push_back(w);
  std::vector<OwnerJob> jobs = Jobs(users, std::move(discovered));
  ARK_RETURN_IF_ERROR(repo.StartWriting(target.write));

  TreePublisher publisher(repo, writer, base, checkpoint_name, checkpoint_state, options.checkpoint_interval,
                          done_users);
  RunContext run{repo, graph, writer, publisher, *target.progress, set.workloads, set.item_rules, base};
  run.publish_interval = options.publish_interval;

  // Users, sites and teams no longer selected leave the new snapshot (older snapshots keep them).
  if (base) {
    std::set<std::string> selected;
    for (const OwnerJob& job : jobs) selected.insert(job.node);
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> nodes, OwnerNodes(repo, *base));
    for (const std::string& node : nodes) {
      if (selected.contains(node)) continue;
      ARK_RETURN_IF_ERROR(publisher.RemoveUser(node));
      size_t slash = node.find('/');
      std::string id = UnescapeName(slash == std::string::npos ? node : node.substr(slash + 1));
      ARK_RETURN_IF_ERROR(writer.DeleteSubtree(id, "/"));
      if (slash == std::string::npos) ARK_RETURN_IF_ERROR(writer.Delete({id, catalog::ItemKind::kUser, id}));
      const char* kind = slash == std::string::npos    ? "user "
                         : node.starts_with(kSitesDir) ? "site "
                                                       : "team ";
      report.warnings.push_back(kind + id + " is no longer selected; it is not in this snapshot");
    }
  }

  target.progress->Begin("backup", 0, 0);
  report.user_reports.resize(jobs.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  Status fatal;
  std::mutex fatal_mu;
  auto worker = [&] {
    while (!stop.load()) {
      size_t i = next.fetch_add(1);
      if (i >= jobs.size()) return;
      const UserInfo& user = jobs[i].info;
      if (publisher.IsDone(jobs[i].node)) {
        report.user_reports[i] = {user.id, user.upn, 0, 0, {}, {}, "", true};
        continue;
      }
      std::unique_ptr<UserBackup> backup = jobs[i].make(run);
      Status s = backup->Run();
      report.user_reports[i] = backup->report();
      if (!s.ok()) {
        // The repository or catalog failed (not Graph): nothing more can be stored safely.
        std::lock_guard l(fatal_mu);
        if (fatal.ok()) fatal = s.Context("backing up " + user.upn);
        stop = true;
      }
    }
  };
  // Throttling shows beside the progress bar: the run is slower because the service asked it to wait.
  std::mutex note_mu;
  std::condition_variable note_cv;
  bool workers_done = false;
  std::thread notes([&] {
    uint64_t shown = graph_before.throttled;
    std::unique_lock note_lock(note_mu);
    while (!note_cv.wait_for(note_lock, std::chrono::seconds(1), [&] { return workers_done; })) {
      uint64_t throttled = graph.stats().throttled;
      if (throttled == shown) continue;
      shown = throttled;
      target.progress->Note("throttled " + std::to_string(throttled - graph_before.throttled) +
                            " times; waiting as Microsoft asks");
    }
  });
  int workers = std::max(1, std::min<int>(options.workers, static_cast<int>(jobs.size())));
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (int w = 0; w < workers; ++w) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  {
    std::lock_guard done_lock(note_mu);
    workers_done = true;
  }
  note_cv.notify_all();
  notes.join();
  ARK_RETURN_IF_ERROR(fatal);

  if (checkpoint_state.value("full", false) && start.parent) {
    // A --full run started from an empty tree: what it did not list is gone from the catalog too.
    ARK_RETURN_IF_ERROR(writer.CompleteListing({}));
  }
  ARK_ASSIGN_OR_RETURN(repo::BlobId root, publisher.Finish());
  ARK_RETURN_IF_ERROR(repo.saver().Flush());
  report.items = run.items.load();
  report.bytes = run.bytes.load();
  report.failed_items = run.failed.load();
  report.partial = report.failed_items > 0;
  for (const UserReport& u : report.user_reports) report.partial = report.partial || !u.error.empty();

  repo::Snapshot snapshot;
  snapshot.time = report.started;
  snapshot.tree = root;
  if (start.parent) snapshot.parent = start.parent->id;
  snapshot.hostname = repo::HostName();
  snapshot.username = repo::UserName();
  snapshot.source = set.org_name + "/" + set.name;
  snapshot.tags = {SetTag(set), JobTag(report.job_id)};
  if (report.partial) snapshot.tags.emplace_back("partial");
  json workloads = json::array();
  for (org::Workload w : set.workloads) workloads.push_back(std::string(org::WorkloadName(w)));
  snapshot.meta = {{"layout", kLayout},
                   {"set_id", set_id},
                   {"set_name", set.name},
                   {"org_name", set.org_name},
                   {"tenant_id", target.tenant_id},
                   {"job_id", report.job_id},
                   {"workloads", workloads},
                   {"users", report.users},
                   {"sites", report.sites},
                   {"teams", report.teams},
                   {"failed_items", report.failed_items}};
  const repo::SaverStats& saved = repo.saver().stats();
  report.added_bytes = saved.bytes_new.load();
  snapshot.summary.files = report.items;
  snapshot.summary.bytes = report.bytes;
  snapshot.summary.added_bytes = report.added_bytes;
  snapshot.summary.errors = report.failed_items;
  snapshot.summary.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ARK_RETURN_IF_ERROR(writer.Flush());
  ARK_RETURN_IF_ERROR(repo::SaveSnapshot(repo, snapshot));
  report.snapshot_id = snapshot.id.Hex();
  ARK_RETURN_IF_ERROR(writer.Commit(report.snapshot_id).status());
  ARK_RETURN_IF_ERROR(repo::RemoveCheckpoint(repo, checkpoint_name));
  ARK_RETURN_IF_ERROR(repo.StopWriting());
  ARK_RETURN_IF_ERROR(lock->Release());

  graph::GraphStats graph_after = graph.stats();
  report.requests = graph_after.requests - graph_before.requests;
  report.retries = graph_after.retries - graph_before.retries;
  report.throttled = graph_after.throttled - graph_before.throttled;
  report.checkpoints = publisher.checkpoints();
  report.finished = std::chrono::system_clock::now();
  target.progress->End(std::to_string(report.items) + " items, " + FormatBytes(report.bytes) + " in " +
                       FormatDuration(static_cast<int64_t>(snapshot.summary.duration_seconds)));
  return report;
}

}  // namespace ark::backup
