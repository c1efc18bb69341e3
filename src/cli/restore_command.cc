// `ark365 restore`, `ark365 export` and `ark365 verify-restore`: items of a backup set's snapshots back to
// Microsoft 365, out to EML/MBOX/ZIP/directories, and a restored mailbox or drive compared item by item.
#include <nlohmann/json.hpp>

#include "backup/set_repository.h"
#include "cli/command.h"
#include "cli/org_support.h"
#include "core/encoding.h"
#include "core/file.h"
#include "core/time.h"
#include "graph/graph_client.h"
#include "http/http_client.h"
#include "http/http_options.h"
#include "org/set_access.h"
#include "restore/backup_snapshot.h"
#include "restore/restore_job.h"
#include "restore/verify.h"

namespace ark::cli {
namespace {

using nlohmann::json;

struct RestoreOptions {
  std::string workload;  // mail, drive, events, contacts
  std::string set;
  std::string user;
  std::string snapshot;
  std::string path;
  std::string item;
  std::string to_user;
  std::string to_folder;
  std::string conflict = "skip";
};

struct ExportOptions {
  std::string workload;  // mail, drive
  std::string set;
  std::string user;
  std::string snapshot;
  std::string path;
  std::string format;
  std::string out;
};

struct VerifyOptions {
  std::string set;
  std::string user;         // the user whose mailbox/drive is checked now
  std::string source_user;  // whose data it should hold (default: user)
  std::string folder;       // restored below this folder (e.g. Restored-2026-11-23)
  std::string against_snapshot;
  bool against_truth = false;
  std::string sim_endpoints;
  std::string workloads = "mail,drive";
};

// The set, its repository and (when asked) a Graph client with the set's credentials.
struct SetSession {
  std::unique_ptr<org::ConfigStore> store;
  std::optional<org::Vault> vault;
  org::BackupSet set;
  org::Organization org;
  org::SetAccess access;
  std::unique_ptr<http::HttpClient> http;
  std::unique_ptr<graph::GraphClient> graph;
  std::unique_ptr<repo::Repository> repo;
};

Status OpenSession(CommandContext& ctx, const std::string& set_name, bool graph, SetSession& s) {
  ARK_ASSIGN_OR_RETURN(s.store, OpenConfigStore(ctx));
  ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *s.store));
  s.vault.emplace(std::move(vault));
  ARK_ASSIGN_OR_RETURN(s.set, s.store->GetBackupSet(set_name));
  ARK_ASSIGN_OR_RETURN(s.org, s.store->GetOrganization(s.set.org_name));
  ARK_ASSIGN_OR_RETURN(backup::SetRepository repository,
                       backup::OpenSetRepository(*s.store, *s.vault, s.set));
  s.repo = std::move(repository.repo);
  if (!graph) return Status::Ok();
  http::HttpOptions http_options = http::HttpOptionsFromConfig(ctx.config());
  ARK_ASSIGN_OR_RETURN(s.access,
                       org::OpenSetAccess(*s.store, *s.vault, s.set, org::Service::kExchange, http_options));
  if (s.org.endpoints.ca_file) http_options.ca_file = s.org.endpoints.ca_file;
  ARK_ASSIGN_OR_RETURN(s.http, http::HttpClient::Create(http_options));
  graph::GraphOptions graph_options = graph::GraphOptions::FromConfig(ctx.config());
  graph_options.base_url = s.org.endpoints.graph_base;
  std::shared_ptr<identity::TokenProvider> tokens(std::move(s.access.tokens));
  s.graph = std::make_unique<graph::GraphClient>(*s.http, std::move(tokens), graph_options);
  return Status::Ok();
}

// "Restored-2026-11-23": where a restore into another user lands unless --to-folder says otherwise.
std::string DefaultRestoreFolder() {
  return "Restored-" + FormatRfc3339(std::chrono::system_clock::now()).substr(0, 10);
}

ExitCode Report(CommandContext& ctx, const std::string& what, const restore::JobReport& r, json extra) {
  ctx.out().Text(what + ": " + std::to_string(r.created) + " created, " + std::to_string(r.replaced) +
                 " replaced, " + std::to_string(r.skipped) + " skipped, " + std::to_string(r.folders) +
                 " folders, " + std::to_string(r.bytes) + " bytes, " + std::to_string(r.failed.size()) +
                 " failed");
  for (const std::string& f : r.failed) ctx.out().Text("  failed: " + f);
  extra["created"] = r.created;
  extra["replaced"] = r.replaced;
  extra["skipped"] = r.skipped;
  extra["folders"] = r.folders;
  extra["bytes"] = r.bytes;
  extra["failed"] = r.failed;
  ctx.out().Json(extra);
  return r.failed.empty() ? ExitCode::kSuccess : ExitCode::kPartial;
}

ExitCode RunRestore(CommandContext& ctx, const RestoreOptions& o) {
  restore::JobReport report;
  json summary;
  Status s = [&]() -> Status {
    if (!o.path.empty() && !o.item.empty()) return InvalidArgument("give --path or --item, not both");
    ARK_ASSIGN_OR_RETURN(restore::ConflictPolicy policy, restore::ParseConflictPolicy(o.conflict));
    SetSession session;
    ARK_RETURN_IF_ERROR(OpenSession(ctx, o.set, true, session));
    ARK_ASSIGN_OR_RETURN(
        restore::BackupSnapshot snapshot,
        restore::BackupSnapshot::Open(*session.repo, std::to_string(session.set.id), o.snapshot));
    restore::RestoreRequest request;
    request.source_user = o.user;
    request.target_user = o.to_user;
    request.path = restore::SplitHumanPath(o.path);
    request.item_id = o.item;
    request.policy = policy;
    std::string to_folder = o.to_folder;
    bool elsewhere = !o.to_user.empty() && o.to_user != o.user;
    if (to_folder.empty() && elsewhere) to_folder = DefaultRestoreFolder();
    request.to_folder = restore::SplitHumanPath(to_folder);
    std::unique_ptr<Progress> progress = ctx.progress();
    progress->Begin("restore " + o.workload, 0, 0);
    Result<restore::JobReport> r = InvalidArgument("unknown workload '" + o.workload + "'");
    if (o.workload == "mail") r = restore::RestoreMail(snapshot, *session.graph, request, progress.get());
    if (o.workload == "drive") r = restore::RestoreDrive(snapshot, *session.graph, request, progress.get());
    if (o.workload == "events") {
      r = restore::RestorePim(snapshot, *session.graph, request, restore::PimKind::kEvent, progress.get());
    }
    if (o.workload == "contacts") {
      r = restore::RestorePim(snapshot, *session.graph, request, restore::PimKind::kContact, progress.get());
    }
    progress->End("");
    ARK_RETURN_IF_ERROR(r.status());
    report = std::move(*r);
    summary = {{"snapshot", snapshot.snapshot().id.Hex()},
               {"workload", o.workload},
               {"user", o.user},
               {"target_user", o.to_user.empty() ? o.user : o.to_user},
               {"to_folder", to_folder},
               {"conflict", o.conflict}};
    return Status::Ok();
  }();
  if (!s.ok()) return Finish(ctx, s);
  return Report(ctx,
                "restored " + o.workload + " of " + o.user + " to " + summary.value("target_user", "") +
                    (summary.value("to_folder", "").empty() ? "" : "/" + summary.value("to_folder", "")),
                report, summary);
}

ExitCode RunExport(CommandContext& ctx, const ExportOptions& o) {
  restore::JobReport report;
  json summary;
  Status s = [&]() -> Status {
    if (o.out.empty()) return InvalidArgument("--out is required: the directory (or .zip file) to write");
    SetSession session;
    ARK_RETURN_IF_ERROR(OpenSession(ctx, o.set, false, session));
    ARK_ASSIGN_OR_RETURN(
        restore::BackupSnapshot snapshot,
        restore::BackupSnapshot::Open(*session.repo, std::to_string(session.set.id), o.snapshot));
    std::vector<std::string> path = restore::SplitHumanPath(o.path);
    std::unique_ptr<Progress> progress = ctx.progress();
    progress->Begin("export " + o.workload, 0, 0);
    Result<restore::JobReport> r = InvalidArgument("unknown workload '" + o.workload + "'");
    if (o.workload == "mail") {
      if (o.format != "eml" && o.format != "mbox") {
        return InvalidArgument("mail exports as --format eml or mbox, not '" + o.format + "'");
      }
      ARK_ASSIGN_OR_RETURN(
          std::unique_ptr<restore::MailExportWriter> writer,
          o.format == "eml" ? restore::OpenEmlWriter(o.out) : restore::OpenMboxWriter(o.out));
      r = restore::ExportMail(snapshot, o.user, path, *writer, progress.get());
    } else if (o.workload == "drive") {
      if (o.format != "zip" && o.format != "dir") {
        return InvalidArgument("files export as --format zip or dir, not '" + o.format + "'");
      }
      ARK_ASSIGN_OR_RETURN(
          std::unique_ptr<restore::FileTreeWriter> writer,
          o.format == "zip" ? restore::OpenZipTreeWriter(o.out) : restore::OpenDirectoryTreeWriter(o.out));
      r = restore::ExportDrive(snapshot, o.user, path, *writer, progress.get());
    }
    progress->End("");
    ARK_RETURN_IF_ERROR(r.status());
    report = std::move(*r);
    summary = {{"snapshot", snapshot.snapshot().id.Hex()},
               {"workload", o.workload},
               {"user", o.user},
               {"format", o.format},
               {"out", o.out}};
    return Status::Ok();
  }();
  if (!s.ok()) return Finish(ctx, s);
  return Report(ctx, "exported " + o.workload + " of " + o.user + " to " + o.out, report, summary);
}

// The ground truth of m365sim (test mode): /_sim/v1/truth?user=… through the emulator's admin API.
Result<json> FetchTruth(const std::string& endpoints_file, const std::string& user) {
  ARK_ASSIGN_OR_RETURN(std::string text, ReadFile(endpoints_file));
  json endpoints = json::parse(text, nullptr, false);
  if (!endpoints.is_object() || !endpoints.contains("sim_api")) {
    return InvalidArgument(endpoints_file + " is not m365sim's endpoints.json");
  }
  http::HttpOptions options;
  options.ca_file = endpoints.value("ca_file", "");
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<http::HttpClient> client, http::HttpClient::Create(options));
  http::HttpRequest request;
  request.url = endpoints.value("sim_api", "") + "/truth?user=" + PercentEncode(user);
  request.headers.Set("Authorization", "Bearer " + endpoints.value("sim_token", ""));
  ARK_ASSIGN_OR_RETURN(http::HttpResponse response, client->Send(request));
  if (response.status != 200) {
    return FailedPrecondition("the emulator's truth for " + user + " answered HTTP " +
                              std::to_string(response.status));
  }
  json truth = json::parse(response.body, nullptr, false);
  if (!truth.is_object()) return DataLoss("the emulator's truth is not JSON");
  return truth;
}

ExitCode RunVerify(CommandContext& ctx, const VerifyOptions& o) {
  restore::VerifyReport report;
  Status s = [&]() -> Status {
    if (o.against_truth == !o.against_snapshot.empty()) {
      return InvalidArgument("give one of --against-snapshot SNAPSHOT or --against-truth");
    }
    restore::InventoryScope scope;
    scope.mail = o.workloads.find("mail") != std::string::npos;
    scope.drive = o.workloads.find("drive") != std::string::npos;
    if (!scope.mail && !scope.drive) return InvalidArgument("--workloads takes mail, drive or mail,drive");
    std::string source = o.source_user.empty() ? o.user : o.source_user;
    SetSession session;
    ARK_RETURN_IF_ERROR(OpenSession(ctx, o.set, true, session));
    restore::Inventory expected;
    if (o.against_truth) {
      if (o.sim_endpoints.empty())
        return InvalidArgument("--against-truth needs --sim-endpoints (m365sim's endpoints.json)");
      ARK_ASSIGN_OR_RETURN(json truth, FetchTruth(o.sim_endpoints, source));
      ARK_ASSIGN_OR_RETURN(expected, restore::InventoryFromTruth(truth, scope));
    } else {
      ARK_ASSIGN_OR_RETURN(
          restore::BackupSnapshot snapshot,
          restore::BackupSnapshot::Open(*session.repo, std::to_string(session.set.id), o.against_snapshot));
      ARK_ASSIGN_OR_RETURN(expected, restore::InventoryFromSnapshot(snapshot, source, scope));
    }
    restore::InventoryScope now = scope;
    now.mail_root = now.drive_root = restore::SplitHumanPath(o.folder);
    ARK_ASSIGN_OR_RETURN(restore::Inventory actual, restore::ReadUserInventory(*session.graph, o.user, now));
    report = restore::CompareInventories(expected, actual);
    return Status::Ok();
  }();
  if (!s.ok()) return Finish(ctx, s);
  ctx.out().Text(restore::FormatReport(report));
  ctx.out().Json(restore::ReportToJson(report));
  return report.ok() ? ExitCode::kSuccess : ExitCode::kFailure;
}

}  // namespace

void RegisterRestoreCommands(CLI::App& app, CommandRunner& runner) {
  auto* restore_group =
      app.add_subcommand("restore", "Restore items of a backup set's snapshot to Microsoft 365");
  restore_group->require_subcommand(1);
  for (const char* workload : {"mail", "drive", "events", "contacts"}) {
    auto o = std::make_shared<RestoreOptions>();
    o->workload = workload;
    auto* cmd = restore_group->add_subcommand(
        workload, std::string("Restore ") + workload + ": an item, a folder, or everything of a user");
    cmd->add_option("set", o->set, "Name of the backup set")->required();
    cmd->add_option("--user", o->user, "The user whose backup is restored (UPN or id)")->required();
    cmd->add_option("--snapshot", o->snapshot, "Snapshot id or prefix (default: the newest)");
    cmd->add_option("--path", o->path, "Only this folder or file, by names (\"/Inbox/Projects\")");
    cmd->add_option("--item", o->item, "Only this item, by its Graph id");
    cmd->add_option("--to-user", o->to_user, "Restore into this user instead (UPN or id)");
    cmd->add_option("--to-folder", o->to_folder,
                    "Restore below this folder (default for another user: Restored-<date>)");
    cmd->add_option("--conflict", o->conflict,
                    "When the item exists: skip (default), overwrite or keep-both");
    cmd->callback([&runner, o] { runner.Select([o](CommandContext& ctx) { return RunRestore(ctx, *o); }); });
  }

  auto* export_group = app.add_subcommand("export", "Export items of a backup set's snapshot to files");
  export_group->require_subcommand(1);
  for (const char* workload : {"mail", "drive"}) {
    auto o = std::make_shared<ExportOptions>();
    o->workload = workload;
    o->format = std::string(workload) == "mail" ? "eml" : "dir";
    auto* cmd = export_group->add_subcommand(
        workload, std::string(workload) == "mail" ? "Export mail as EML files or MBOX files, one per folder"
                                                  : "Export OneDrive files to a directory or a ZIP archive");
    cmd->add_option("set", o->set, "Name of the backup set")->required();
    cmd->add_option("--user", o->user, "The user whose backup is exported (UPN or id)")->required();
    cmd->add_option("--snapshot", o->snapshot, "Snapshot id or prefix (default: the newest)");
    cmd->add_option("--path", o->path, "Only below this folder, by names");
    cmd->add_option("--format", o->format,
                    std::string(workload) == "mail" ? "eml (default) or mbox" : "dir (default) or zip");
    cmd->add_option("--out", o->out, "Target directory (or .zip file)")->required();
    cmd->callback([&runner, o] { runner.Select([o](CommandContext& ctx) { return RunExport(ctx, *o); }); });
  }

  auto v = std::make_shared<VerifyOptions>();
  auto* verify = app.add_subcommand(
      "verify-restore", "Compare a user's mailbox/OneDrive now with a snapshot (or the emulator's truth)");
  verify->add_option("set", v->set, "Name of the backup set (its credentials read the tenant)")->required();
  verify->add_option("--user", v->user, "The user whose mailbox/OneDrive is checked")->required();
  verify->add_option("--source-user", v->source_user,
                     "Whose backed-up data it should hold (default: --user)");
  verify->add_option("--folder", v->folder, "Compare only below this folder (e.g. Restored-2026-11-23)");
  verify->add_option("--against-snapshot", v->against_snapshot, "Snapshot id or prefix, or 'latest'");
  verify->add_flag("--against-truth", v->against_truth, "Compare with m365sim's ground truth (tests)");
  verify->add_option("--sim-endpoints", v->sim_endpoints, "m365sim's endpoints.json, for --against-truth");
  verify->add_option("--workloads", v->workloads, "mail, drive, or mail,drive (default)");
  verify->callback([&runner, v] { runner.Select([v](CommandContext& ctx) { return RunVerify(ctx, *v); }); });
}

}  // namespace ark::cli
