// `ark365 teams export SET TEAM CHANNEL --output DIR`: a backed-up channel's conversation as readable HTML
// and JSON with its inline images (docs/backup-format.md §8).
#include <nlohmann/json.hpp>

#include "backup/backup_run.h"
#include "backup/channel_export.h"
#include "backup/set_repository.h"
#include "cli/command.h"
#include "cli/org_support.h"
#include "repo/snapshot.h"

namespace ark::cli {
namespace {

struct ExportOptions {
  std::string set;
  std::string team;
  std::string channel;
  std::string output;
  std::string snapshot;  // empty: the set's latest
};

// The snapshot `ref` when given (it must belong to the set), else the set's newest.
Result<repo::Snapshot> SetSnapshot(repo::Repository& repo, const org::BackupSet& set,
                                   const std::string& ref) {
  const std::string tag = backup::SetTag(set);
  if (!ref.empty()) {
    ARK_ASSIGN_OR_RETURN(repo::Snapshot s, repo::FindSnapshot(repo, ref));
    if (!s.HasTag(tag)) return NotFound("snapshot " + ref + " is not a snapshot of backup set " + set.name);
    return s;
  }
  ARK_ASSIGN_OR_RETURN(std::vector<repo::Snapshot> all, repo::ListSnapshots(repo));
  std::optional<repo::Snapshot> latest;
  for (repo::Snapshot& s : all) {
    if (s.HasTag(tag) && (!latest || s.time >= latest->time)) latest = std::move(s);
  }
  if (!latest)
    return NotFound("backup set " + set.name + " has no snapshot yet; run `ark365 backup run " + set.name +
                    "`");
  return *latest;
}

Status RunExport(CommandContext& ctx, const ExportOptions& o) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
  ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *store));
  ARK_ASSIGN_OR_RETURN(org::BackupSet set, store->GetBackupSet(o.set));
  ARK_ASSIGN_OR_RETURN(backup::SetRepository repository, backup::OpenSetRepository(*store, vault, set));
  ARK_RETURN_IF_ERROR(repository.repo->LoadIndex());
  ARK_ASSIGN_OR_RETURN(repo::Snapshot snapshot, SetSnapshot(*repository.repo, set, o.snapshot));
  ARK_ASSIGN_OR_RETURN(backup::ChannelConversation conversation,
                       backup::ReadChannel(*repository.repo, snapshot.tree, o.team, o.channel));
  ARK_ASSIGN_OR_RETURN(backup::ChannelExportReport report,
                       backup::ExportChannel(*repository.repo, conversation, o.output));
  ctx.out().Text("exported " + std::to_string(report.threads) + " threads (" +
                 std::to_string(report.messages) + " messages, " + std::to_string(report.images) +
                 " images) of " + o.team + " / " + o.channel + " from snapshot " +
                 snapshot.id.Hex().substr(0, 8) + " to " + o.output +
                 "/conversation.html and conversation.json");
  ctx.out().Json({{"snapshot", snapshot.id.Hex()},
                  {"threads", report.threads},
                  {"messages", report.messages},
                  {"images", report.images},
                  {"html", o.output + "/conversation.html"},
                  {"json", o.output + "/conversation.json"}});
  return Status::Ok();
}

}  // namespace

void RegisterTeamsCommands(CLI::App& app, CommandRunner& runner) {
  auto* group = app.add_subcommand("teams", "Read backed-up Teams conversations");
  group->require_subcommand(1);
  auto options = std::make_shared<ExportOptions>();
  auto* exp = group->add_subcommand("export", "Export a channel's conversation to readable HTML and JSON");
  exp->add_option("set", options->set, "Name of the backup set")->required();
  exp->add_option("team", options->team, "The team's display name or group id")->required();
  exp->add_option("channel", options->channel, "The channel's display name or id")->required();
  exp->add_option("--output", options->output, "Directory to write conversation.html, .json and images/ to")
      ->required();
  exp->add_option("--snapshot", options->snapshot,
                  "Snapshot id or unique prefix (default: the set's latest)");
  exp->callback([&runner, options] {
    runner.Select([options](CommandContext& ctx) { return Finish(ctx, RunExport(ctx, *options)); });
  });
}

}  // namespace ark::cli
