// `ark365 backup run|jobs|show|password` and `ark365 catalog rebuild`: running a backup set, its job
// records, its repository password, and the catalog rebuilt from the repository.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "backup/backup_run.h"
#include "backup/catalog_rebuild.h"
#include "backup/job_record.h"
#include "backup/set_repository.h"
#include "catalog/catalog.h"
#include "cli/command.h"
#include "cli/org_support.h"
#include "cli/repo_cli.h"
#include "core/file.h"
#include "core/random.h"
#include "graph/graph_client.h"
#include "http/http_client.h"
#include "http/http_options.h"
#include "org/set_access.h"

namespace ark::cli {
namespace {

using nlohmann::json;

struct RunOptions {
  std::string set;
  bool full = false;
  int workers = 16;
  int checkpoint_interval = 60;
};

std::string JobsDir(const Home& home) { return home.root + "/jobs"; }

// Everything a backup of one set needs, opened in order; the store stays untouched while the run goes.
struct OpenedSet {
  std::unique_ptr<org::ConfigStore> store;
  std::optional<org::Vault> vault;
  org::BackupSet set;
  org::Organization org;
  org::SetAccess access;
  std::unique_ptr<http::HttpClient> http;
  std::unique_ptr<graph::GraphClient> graph;
};

Status OpenSet(CommandContext& ctx, const std::string& name, OpenedSet& o) {
  ARK_ASSIGN_OR_RETURN(o.store, OpenConfigStore(ctx));
  ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *o.store));
  o.vault.emplace(std::move(vault));
  ARK_ASSIGN_OR_RETURN(o.set, o.store->GetBackupSet(name));
  ARK_ASSIGN_OR_RETURN(o.org, o.store->GetOrganization(o.set.org_name));
  return Status::Ok();
}

Status ConnectGraph(CommandContext& ctx, OpenedSet& o) {
  http::HttpOptions http_options = http::HttpOptionsFromConfig(ctx.config());
  ARK_ASSIGN_OR_RETURN(o.access,
                       org::OpenSetAccess(*o.store, *o.vault, o.set, org::Service::kExchange, http_options));
  if (o.org.endpoints.ca_file) http_options.ca_file = o.org.endpoints.ca_file;
  ARK_ASSIGN_OR_RETURN(o.http, http::HttpClient::Create(http_options));
  graph::GraphOptions graph_options = graph::GraphOptions::FromConfig(ctx.config());
  graph_options.base_url = o.org.endpoints.graph_base;
  std::shared_ptr<identity::TokenProvider> tokens(std::move(o.access.tokens));
  o.graph = std::make_unique<graph::GraphClient>(*o.http, std::move(tokens), graph_options);
  return Status::Ok();
}

void PrintReport(CommandContext& ctx, const backup::BackupReport& r, const json& record) {
  ctx.out().Text(std::string(r.partial ? "partial" : "completed") + " backup of set " + r.set_name +
                 (r.resumed ? " (resumed)" : "") + ": snapshot " + r.snapshot_id.substr(0, 8));
  ctx.out().Text("  users " + FormatCount(r.users) + ", sites " + FormatCount(r.sites) + ", teams " +
                 FormatCount(r.teams) + ", items " + FormatCount(r.items) + ", downloaded " +
                 FormatBytes(r.bytes) + ", new in repository " + FormatBytes(r.added_bytes));
  ctx.out().Text("  requests " + FormatCount(r.requests) + ", retries " + FormatCount(r.retries) +
                 ", throttled " + FormatCount(r.throttled) + ", job " + r.job_id);
  for (const backup::UserReport& u : r.user_reports) {
    if (!u.error.empty()) ctx.out().Text("  " + u.upn + ": FAILED: " + u.error);
    for (const backup::FailedItem& f : u.errors) {
      ctx.out().Text("  " + u.upn + ": " + f.what + " failed: " + f.reason + " (retried by the next run)");
    }
  }
  ctx.out().Json(record);
}

ExitCode RunBackupCommand(CommandContext& ctx, const RunOptions& options) {
  ExitCode code = ExitCode::kSuccess;
  Status s = [&]() -> Status {
    if (options.workers < 1 || options.workers > 64) {
      return InvalidArgument("--workers must be between 1 and 64");
    }
    ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
    OpenedSet o;
    ARK_RETURN_IF_ERROR(OpenSet(ctx, options.set, o));
    ARK_ASSIGN_OR_RETURN(backup::SetRepository repository,
                         backup::OpenSetRepository(*o.store, *o.vault, o.set));
    if (repository.created) {
      ctx.out().Text("created the repository " + o.set.repository +
                     " (its password is sealed in the vault; `ark365 backup password " + o.set.name +
                     " --output FILE` writes it out)");
    }
    ARK_RETURN_IF_ERROR(ConnectGraph(ctx, o));
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<catalog::Catalog> catalog,
                         catalog::OpenSqliteCatalog(home.Catalog()));
    std::unique_ptr<Progress> progress = ctx.progress();
    backup::BackupTarget target;
    target.set = o.set;
    target.tenant_id = o.org.tenant_id;
    target.repo = repository.repo.get();
    target.write = WriteOptionsFor(ctx);
    target.catalog = catalog.get();
    target.graph = o.graph.get();
    target.progress = progress.get();
    backup::BackupOptions run_options;
    run_options.full = options.full;
    run_options.workers = options.workers;
    run_options.checkpoint_interval = std::chrono::seconds(options.checkpoint_interval);
    run_options.publish_interval = std::chrono::seconds(std::max(1, options.checkpoint_interval / 3));
    Result<backup::BackupReport> report = backup::RunBackup(target, run_options);
    if (!report.ok()) {
      backup::BackupReport failed;
      failed.set_id = std::to_string(o.set.id);
      failed.set_name = o.set.name;
      failed.started = failed.finished = std::chrono::system_clock::now();
      failed.job_id = NewUuid();
      Status saved = backup::SaveJobRecord(
          JobsDir(home), backup::JobRecordJson(failed, "failed", report.status().message()));
      if (!saved.ok()) spdlog::warn("the job record could not be saved: {}", saved.message());
      return report.status();
    }
    json record = backup::JobRecordJson(*report, report->partial ? "partial" : "success", "");
    ARK_RETURN_IF_ERROR(backup::SaveJobRecord(JobsDir(home), record));
    PrintReport(ctx, *report, record);
    if (report->partial) code = ExitCode::kPartial;
    return Status::Ok();
  }();
  if (!s.ok()) return Finish(ctx, s);
  return code;
}

std::string JobLine(const json& j) {
  return j.value("started", "") + "  " + j.value("job_id", "").substr(0, 8) + "  " + j.value("set", "") +
         "  " + j.value("status", "") + "  " + FormatCount(j.value("items", uint64_t{0})) + " items  " +
         FormatBytes(j.value("bytes", uint64_t{0})) + "  " +
         std::to_string(static_cast<int64_t>(j.value("duration_seconds", 0.0))) + " s  " +
         FormatCount(j.value("failed_items", uint64_t{0})) + " failed";
}

Status RunJobs(CommandContext& ctx, const std::string& set) {
  ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
  ARK_ASSIGN_OR_RETURN(std::vector<json> records, backup::ListJobRecords(JobsDir(home), set));
  if (records.empty()) ctx.out().Text("no backup jobs yet; `ark365 backup run SET` runs one");
  for (const json& r : records) ctx.out().Text(JobLine(r));
  ctx.out().Json(records);
  return Status::Ok();
}

Status RunShow(CommandContext& ctx, const std::string& job) {
  ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
  ARK_ASSIGN_OR_RETURN(json r, backup::LoadJobRecord(JobsDir(home), job));
  ctx.out().Text(JobLine(r));
  ctx.out().Text("  job " + r.value("job_id", "") + ", snapshot " + r.value("snapshot", "") +
                 (r.value("resumed", false) ? " (resumed after an interruption)" : ""));
  ctx.out().Text("  requests " + FormatCount(r.value("requests", uint64_t{0})) + ", retries " +
                 FormatCount(r.value("retries", uint64_t{0})) + ", throttled " +
                 FormatCount(r.value("throttled", uint64_t{0})) + ", new in repository " +
                 FormatBytes(r.value("added_bytes", uint64_t{0})));
  if (r.contains("error")) ctx.out().Text("  error: " + r.value("error", ""));
  for (const json& w : r.value("warnings", json::array()))
    ctx.out().Text("  warning: " + w.get<std::string>());
  for (const json& u : r.value("per_user", json::array())) {
    std::string line = "  " + u.value("upn", "") + ": " + FormatCount(u.value("items", uint64_t{0})) +
                       " items, " + FormatBytes(u.value("bytes", uint64_t{0}));
    if (u.contains("error")) line += ", FAILED: " + u.value("error", "");
    ctx.out().Text(line);
    for (const json& w : u.value("warnings", json::array()))
      ctx.out().Text("    warning: " + w.get<std::string>());
    for (const json& e : u.value("errors", json::array())) {
      ctx.out().Text("    error: " + e.value("what", "") + ": " + e.value("reason", ""));
    }
  }
  ctx.out().Json(r);
  return Status::Ok();
}

Status RunPassword(CommandContext& ctx, const std::string& set_name, const std::string& output) {
  OpenedSet o;
  ARK_RETURN_IF_ERROR(OpenSet(ctx, set_name, o));
  ARK_ASSIGN_OR_RETURN(Secret password, backup::SetRepositoryPassword(*o.store, *o.vault, o.set));
  // Into a file only readable by its owner: never on a terminal, in a log or in a process listing.
  ARK_RETURN_IF_ERROR(WriteFileAtomic(output, std::string(password.reveal()) + "\n", 0600));
  ctx.out().Text("wrote the password of the repository " + o.set.repository + " to " + output +
                 " (mode 0600); use it with `ark365 repo ... --repo " + o.set.repository +
                 " --password-file " + output + "`, then delete the file");
  ctx.out().Json({{"repository", o.set.repository}, {"password_file", output}});
  return Status::Ok();
}

Status RunRebuild(CommandContext& ctx, const std::string& set_name) {
  ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
  OpenedSet o;
  ARK_RETURN_IF_ERROR(OpenSet(ctx, set_name, o));
  ARK_ASSIGN_OR_RETURN(backup::SetRepository repository,
                       backup::OpenSetRepository(*o.store, *o.vault, o.set));
  ARK_RETURN_IF_ERROR(repository.repo->LoadIndex());
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<catalog::Catalog> catalog, catalog::OpenSqliteCatalog(home.Catalog()));
  catalog::SetInfo info{std::to_string(o.set.id), o.set.name, std::to_string(o.set.org_id), o.set.org_name};
  ARK_ASSIGN_OR_RETURN(backup::RebuildReport report,
                       backup::RebuildCatalog(*repository.repo, *catalog, info));
  ctx.out().Text("rebuilt the catalog of backup set " + o.set.name + " from " +
                 FormatCount(report.snapshots) + " snapshots (" + FormatCount(report.items) +
                 " item entries)");
  ctx.out().Json({{"set", o.set.name}, {"snapshots", report.snapshots}, {"items", report.items}});
  return Status::Ok();
}

}  // namespace

void RegisterBackupCommands(CLI::App& app, CommandRunner& runner) {
  auto* group = app.add_subcommand("backup", "Run backups of backup sets and read their job records");
  group->require_subcommand(1);

  auto run_options = std::make_shared<RunOptions>();
  auto* run = group->add_subcommand("run", "Back up a set now (incremental after the first run)");
  run->add_option("set", run_options->set, "Name of the backup set")->required();
  run->add_flag("--full", run_options->full, "Read everything again instead of only the changes");
  run->add_option("--workers", run_options->workers, "Users backed up at the same time (default 16)");
  run->add_option("--checkpoint-interval", run_options->checkpoint_interval,
                  "Seconds between checkpoints a killed run resumes from (default 60)");
  run->callback([&runner, run_options] {
    runner.Select([run_options](CommandContext& ctx) { return RunBackupCommand(ctx, *run_options); });
  });

  auto jobs_set = std::make_shared<std::string>();
  auto* jobs = group->add_subcommand("jobs", "List backup jobs (of one set, or all)");
  jobs->add_option("set", *jobs_set, "Name of the backup set");
  jobs->callback([&runner, jobs_set] {
    runner.Select([jobs_set](CommandContext& ctx) { return Finish(ctx, RunJobs(ctx, *jobs_set)); });
  });

  auto job_id = std::make_shared<std::string>();
  auto* show = group->add_subcommand("show", "Show one backup job: counts, bytes, warnings, errors per user");
  show->add_option("job", *job_id, "Job id or unique prefix")->required();
  show->callback([&runner, job_id] {
    runner.Select([job_id](CommandContext& ctx) { return Finish(ctx, RunShow(ctx, *job_id)); });
  });

  auto password_set = std::make_shared<std::string>();
  auto password_output = std::make_shared<std::string>();
  auto* password =
      group->add_subcommand("password", "Write the set's repository password to a file (mode 0600)");
  password->add_option("set", *password_set, "Name of the backup set")->required();
  password->add_option("--output", *password_output, "File to write the password to")->required();
  password->callback([&runner, password_set, password_output] {
    runner.Select([password_set, password_output](CommandContext& ctx) {
      return Finish(ctx, RunPassword(ctx, *password_set, *password_output));
    });
  });

  // `catalog rebuild` joins the catalog group of catalog_command.cc.
  CLI::App* catalog_group = app.get_subcommand("catalog");
  auto rebuild_set = std::make_shared<std::string>();
  auto* rebuild =
      catalog_group->add_subcommand("rebuild", "Rebuild a set's catalog from its repository alone");
  rebuild->add_option("set", *rebuild_set, "Name of the backup set")->required();
  rebuild->callback([&runner, rebuild_set] {
    runner.Select([rebuild_set](CommandContext& ctx) { return Finish(ctx, RunRebuild(ctx, *rebuild_set)); });
  });
}

}  // namespace ark::cli
