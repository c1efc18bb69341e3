// `ark365 repo check|forget|prune|repair|unlock|key …`: verifying and maintaining repositories.
#include <unistd.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/repo_cli.h"
#include "repo/checker.h"
#include "repo/forget.h"
#include "repo/key_file.h"
#include "repo/lock.h"
#include "repo/prune.h"
#include "repo/repair.h"
#include "repo/snapshot.h"

namespace ark::cli {
namespace {

using repo::Id;

// --- check ---

struct CheckArgs {
  RepoOptions repo;
  bool read_data = false;
  std::string subset;
};

ExitCode Check(CommandContext& ctx, const CheckArgs& a) {
  repo::CheckOptions options;
  options.read_data = a.read_data;
  if (!a.subset.empty()) {
    Status s = repo::ParseReadDataSubset(a.subset, options);
    if (!s.ok()) return Finish(ctx, s);
  }
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  auto lock = repo::Lock::Acquire(**repository, false, "check", std::chrono::seconds(a.repo.lock_wait));
  if (!lock.ok()) {
    // A repository on read-only media can still be verified; it cannot change meanwhile.
    if (lock.status().code() != StatusCode::kPermissionDenied) return Finish(ctx, lock.status());
    ctx.out().Warning("the repository is read-only; checking it without a lock");
  }
  auto progress = ctx.progress();
  auto result = repo::CheckRepository(**repository, options, progress.get());
  if (!result.ok()) return Finish(ctx, result.status());
  for (const std::string& w : result->warnings) ctx.out().Warning(w);
  for (const std::string& e : result->errors) ctx.out().Text("error: " + e);
  for (const std::string& p : result->affected) ctx.out().Text("affected: " + p);
  ctx.out().Text(
      "checked " + std::to_string(result->snapshots) + " snapshots, " + std::to_string(result->packs) +
      " packs (" + std::to_string(result->packs_read) + " read in full), " + std::to_string(result->blobs) +
      " blobs: " + (result->ok() ? "no errors" : std::to_string(result->errors.size()) + " errors"));
  ctx.out().Json({{"ok", result->ok()},
                  {"errors", result->errors},
                  {"warnings", result->warnings},
                  {"affected", result->affected},
                  {"snapshots", result->snapshots},
                  {"packs", result->packs},
                  {"packs_read", result->packs_read},
                  {"blobs", result->blobs}});
  if (!result->ok()) {
    return Finish(ctx,
                  DataLoss("the repository has " + std::to_string(result->errors.size()) +
                           " errors (listed above); `ark365 repo repair` rebuilds a damaged index, and the " +
                           "affected snapshots can be forgotten"));
  }
  return ExitCode::kSuccess;
}

// --- forget ---

struct ForgetArgs {
  RepoOptions repo;
  repo::KeepPolicy policy;
  std::vector<std::string> hosts;
  std::vector<std::string> sources;
  std::vector<std::string> tags;
  std::vector<std::string> ids;
  bool prune = false;
  bool dry_run = false;
};

ExitCode Forget(CommandContext& ctx, const ForgetArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::Repository& r = **repository;
  auto all = repo::ListSnapshots(r);
  if (!all.ok()) return Finish(ctx, all.status());
  std::vector<const repo::Snapshot*> remove;
  nlohmann::json groups = nlohmann::json::array();
  if (!a.ids.empty()) {
    for (const std::string& ref : a.ids) {
      Result<repo::Snapshot> s = repo::FindSnapshot(r, ref);
      if (!s.ok()) return Finish(ctx, s.status());
      for (const repo::Snapshot& x : *all) {
        if (x.id == s->id) remove.push_back(&x);
      }
    }
  } else {
    auto decided = repo::ApplyKeepPolicy(*all, repo::SnapshotFilter{a.hosts, a.sources, a.tags}, a.policy);
    if (!decided.ok()) return Finish(ctx, decided.status());
    for (const repo::ForgetGroup& g : *decided) {
      ctx.out().Text("host " + g.hostname + ", source " + g.source + ":");
      nlohmann::json keep = nlohmann::json::array();
      nlohmann::json drop = nlohmann::json::array();
      for (const repo::ForgetDecision& d : g.decisions) {
        std::string why;
        for (const std::string& reason : d.reasons) why += (why.empty() ? "" : ", ") + reason;
        ctx.out().Text(std::string(d.keep ? "  keep   " : "  remove ") + d.snapshot->id.Short() + "  " +
                       FormatRfc3339(d.snapshot->time) + (why.empty() ? "" : "  (" + why + ")"));
        (d.keep ? keep : drop).push_back({{"id", d.snapshot->id.Hex()}, {"reasons", d.reasons}});
        if (!d.keep) remove.push_back(d.snapshot);
      }
      groups.push_back({{"hostname", g.hostname}, {"source", g.source}, {"keep", keep}, {"remove", drop}});
    }
  }
  if (!a.dry_run) {
    auto lock = repo::Lock::Acquire(r, false, "forget", std::chrono::seconds(a.repo.lock_wait));
    if (!lock.ok()) return Finish(ctx, lock.status());
    for (const repo::Snapshot* s : remove) {
      Status st = repo::RemoveSnapshot(r, s->id);
      if (!st.ok()) return Finish(ctx, st);
    }
  }
  ctx.out().Text((a.dry_run ? "would remove " : "removed ") + std::to_string(remove.size()) + " snapshots");
  nlohmann::json result = {{"groups", groups}, {"removed", remove.size()}, {"dry_run", a.dry_run}};
  if (a.prune && !a.dry_run) {
    auto progress = ctx.progress();
    repo::PruneOptions po;
    po.lock_wait = std::chrono::seconds(std::max(a.repo.lock_wait, 60));
    auto pruned = repo::Prune(r, po, progress.get());
    if (!pruned.ok()) return Finish(ctx, pruned.status());
    ctx.out().Text("pruned: " + std::to_string(pruned->packs_deleted) + " packs deleted, " +
                   FormatBytes(pruned->bytes_freed) + " freed");
    result["pruned_packs"] = pruned->packs_deleted;
  }
  ctx.out().Json(result);
  return ExitCode::kSuccess;
}

// --- prune ---

// Crash and concurrency tests (tests/e2e/repo_crash_test.cc) stop prune at a
// named step: ARK365_TEST_CRASH_AT_PRUNE_STEP=<step> aborts there, as a
// power cut would; ARK365_TEST_PAUSE_AT_PRUNE_STEP=<step> waits there until the
// file named by ARK365_TEST_RESUME_FILE exists (at most 120 s).
std::function<void(std::string_view)> PruneTestHook() {
  const char* crash = std::getenv("ARK365_TEST_CRASH_AT_PRUNE_STEP");
  const char* pause = std::getenv("ARK365_TEST_PAUSE_AT_PRUNE_STEP");
  const char* resume = std::getenv("ARK365_TEST_RESUME_FILE");
  if (crash == nullptr && (pause == nullptr || resume == nullptr)) return {};
  std::string crash_at = crash != nullptr ? crash : "";
  std::string pause_at = pause != nullptr ? pause : "";
  std::string resume_file = resume != nullptr ? resume : "";
  return [=](std::string_view step) {
    if (step == crash_at) std::abort();
    if (step != pause_at) return;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (::access(resume_file.c_str(), F_OK) != 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
}

struct PruneArgs {
  RepoOptions repo;
  bool dry_run = false;
  double repack_threshold = 0.2;
};

ExitCode PruneCmd(CommandContext& ctx, const PruneArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::PruneOptions options;
  options.dry_run = a.dry_run;
  options.repack_threshold = a.repack_threshold;
  options.lock_wait = std::chrono::seconds(std::max(a.repo.lock_wait, 60));
  options.on_step = PruneTestHook();
  auto progress = ctx.progress();
  auto r = repo::Prune(**repository, options, progress.get());
  if (!r.ok()) return Finish(ctx, r.status());
  ctx.out().Text(std::string(a.dry_run ? "would delete " : "deleted ") + std::to_string(r->packs_deleted) +
                 " of " + std::to_string(r->packs_before) + " packs (" + std::to_string(r->packs_repacked) +
                 " repacked into " + std::to_string(r->packs_written) + "), " +
                 std::to_string(r->orphans_deleted) + " leftover packs; " + FormatBytes(r->bytes_freed) +
                 " freed of " + FormatBytes(r->bytes_before));
  ctx.out().Json({{"dry_run", a.dry_run},
                  {"packs_before", r->packs_before},
                  {"packs_deleted", r->packs_deleted},
                  {"packs_repacked", r->packs_repacked},
                  {"packs_written", r->packs_written},
                  {"orphans_deleted", r->orphans_deleted},
                  {"packs_kept_for_new_snapshots", r->packs_kept_for_new_snapshots},
                  {"bytes_before", r->bytes_before},
                  {"bytes_freed", r->bytes_freed},
                  {"unused_blobs", r->blobs_unused}});
  return ExitCode::kSuccess;
}

// --- repair ---

ExitCode Repair(CommandContext& ctx, const RepoOptions& o) {
  auto repository = OpenRepository(ctx, o, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  auto progress = ctx.progress();
  auto r = repo::RepairIndex(**repository, progress.get());
  if (!r.ok()) return Finish(ctx, r.status());
  for (const std::string& d : r->damaged_packs) ctx.out().Warning(d);
  ctx.out().Text("index rebuilt from " + std::to_string(r->packs_indexed) + " packs (" +
                 std::to_string(r->blobs_indexed) + " blobs); " + std::to_string(r->index_files_removed) +
                 " old index files removed; " + std::to_string(r->damaged_packs.size()) + " damaged packs");
  ctx.out().Json({{"packs_indexed", r->packs_indexed},
                  {"blobs_indexed", r->blobs_indexed},
                  {"index_files_removed", r->index_files_removed},
                  {"damaged_packs", r->damaged_packs}});
  return r->damaged_packs.empty() ? ExitCode::kSuccess : ExitCode::kPartial;
}

// --- unlock ---

struct UnlockArgs {
  RepoOptions repo;
  bool all = false;
};

ExitCode Unlock(CommandContext& ctx, const UnlockArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  auto n = repo::RemoveLocks(**repository, a.all);
  if (!n.ok()) return Finish(ctx, n.status());
  ctx.out().Text("removed " + std::to_string(*n) + (a.all ? " locks" : " stale locks"));
  ctx.out().Json({{"removed", *n}});
  return ExitCode::kSuccess;
}

// --- key ---

struct KeyArgs {
  RepoOptions repo;
  std::string new_password_file;
  std::string key_id;
  uint64_t kdf_memory_mib = 64;
  uint64_t kdf_ops = 3;
};

ExitCode KeyList(CommandContext& ctx, const KeyArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  auto keys = repo::ListKeyFiles((*repository)->backend());
  if (!keys.ok()) return Finish(ctx, keys.status());
  nlohmann::json list = nlohmann::json::array();
  for (const repo::KeyInfo& k : *keys) {
    bool current = k.id == (*repository)->key_id();
    ctx.out().Text(std::string(current ? "* " : "  ") + k.id.Hex() + "  " + k.created + "  " + k.username +
                   "@" + k.hostname);
    list.push_back({{"id", k.id.Hex()},
                    {"created", k.created},
                    {"hostname", k.hostname},
                    {"username", k.username},
                    {"current", current}});
  }
  ctx.out().Json(list);
  return ExitCode::kSuccess;
}

ExitCode KeyAdd(CommandContext& ctx, const KeyArgs& a, bool replace_current) {
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::Repository& r = **repository;
  Result<Secret> password = ReadPassword(a.repo, a.new_password_file, /*new_password=*/true);
  if (!password.ok()) return Finish(ctx, password.status());
  auto id = repo::AddKeyFile(r.backend(), r.keys(), r.config().id, *password,
                             repo::KdfParams{a.kdf_ops, a.kdf_memory_mib << 20});
  if (!id.ok()) return Finish(ctx, id.status());
  nlohmann::json j = {{"added", id->Hex()}};
  if (replace_current) {
    // The new key is stored first, so a crash here leaves both passwords working.
    Status s = repo::RemoveKeyFile(r.backend(), r.key_id());
    if (!s.ok()) return Finish(ctx, s);
    j["removed"] = r.key_id().Hex();
    ctx.out().Text("password changed (key " + r.key_id().Short() + " replaced by " + id->Short() + ")");
  } else {
    ctx.out().Text("added key " + id->Hex());
  }
  ctx.out().Json(j);
  return ExitCode::kSuccess;
}

ExitCode KeyRemove(CommandContext& ctx, const KeyArgs& a) {
  std::optional<Id> id = Id::FromHex(a.key_id);
  if (!id)
    return Finish(ctx,
                  InvalidArgument("\"" + a.key_id + "\" is not a key id; `ark365 repo key list` shows them"));
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  if (*id == (*repository)->key_id()) {
    return Finish(ctx,
                  FailedPrecondition("key " + id->Short() +
                                     " is the one this password opens; remove it with another password"));
  }
  Status s = repo::RemoveKeyFile((*repository)->backend(), *id);
  if (!s.ok()) return Finish(ctx, s);
  ctx.out().Text("removed key " + id->Hex());
  ctx.out().Json({{"removed", id->Hex()}});
  return ExitCode::kSuccess;
}

}  // namespace

void RegisterRepoMaintenanceCommands(CLI::App* repo, CommandRunner& runner) {
  auto check = std::make_shared<CheckArgs>();
  CLI::App* c =
      repo->add_subcommand("check", "Verify the repository's structure, and with --read-data every byte");
  AddRepoOptions(c, check->repo);
  c->add_flag("--read-data", check->read_data, "Read, decrypt and verify every blob");
  c->add_option("--read-data-subset", check->subset,
                "Read only a subset of packs: n/t (e.g. 1/5) or p% (e.g. 10%)");
  c->callback(
      [&runner, check] { runner.Select([check](CommandContext& ctx) { return Check(ctx, *check); }); });

  auto forget = std::make_shared<ForgetArgs>();
  c = repo->add_subcommand("forget", "Remove snapshots by id or by a keep policy");
  AddRepoOptions(c, forget->repo);
  c->add_option("snapshots", forget->ids, "Snapshot ids to remove (instead of a policy)");
  c->add_option("--keep-last", forget->policy.last, "Keep the newest N snapshots");
  c->add_option("--keep-hourly", forget->policy.hourly,
                "Keep the newest snapshot of each of the last N hours");
  c->add_option("--keep-daily", forget->policy.daily, "... days");
  c->add_option("--keep-weekly", forget->policy.weekly, "... weeks");
  c->add_option("--keep-monthly", forget->policy.monthly, "... months");
  c->add_option("--keep-yearly", forget->policy.yearly, "... years");
  c->add_option("--keep-tag", forget->policy.keep_tags, "Keep every snapshot with this tag (repeatable)");
  c->add_option("--host", forget->hosts, "Only snapshots of this host (repeatable)");
  c->add_option("--source", forget->sources, "Only snapshots of this source (repeatable)");
  c->add_option("--tag", forget->tags, "Only snapshots with this tag (repeatable)");
  c->add_flag("--prune", forget->prune, "Run prune afterwards");
  c->add_flag("--dry-run,-n", forget->dry_run, "Only show what would be removed");
  c->callback(
      [&runner, forget] { runner.Select([forget](CommandContext& ctx) { return Forget(ctx, *forget); }); });

  auto prune = std::make_shared<PruneArgs>();
  c = repo->add_subcommand("prune", "Delete data no snapshot uses; repack partly used packs");
  AddRepoOptions(c, prune->repo);
  c->add_flag("--dry-run,-n", prune->dry_run, "Only show what would be deleted");
  c->add_option("--repack-threshold", prune->repack_threshold,
                "Repack a pack when at least this fraction of it is unused (default 0.2)")
      ->check(CLI::Range(0.0, 1.0));
  c->callback(
      [&runner, prune] { runner.Select([prune](CommandContext& ctx) { return PruneCmd(ctx, *prune); }); });

  auto repair = std::make_shared<RepoOptions>();
  c = repo->add_subcommand("repair", "Rebuild the index from the packs");
  AddRepoOptions(c, *repair);
  c->callback(
      [&runner, repair] { runner.Select([repair](CommandContext& ctx) { return Repair(ctx, *repair); }); });

  auto unlock = std::make_shared<UnlockArgs>();
  c = repo->add_subcommand("unlock", "Remove stale locks (of processes that are gone)");
  AddRepoOptions(c, unlock->repo);
  c->add_flag("--all", unlock->all, "Remove every lock, also of running processes");
  c->callback(
      [&runner, unlock] { runner.Select([unlock](CommandContext& ctx) { return Unlock(ctx, *unlock); }); });

  CLI::App* key = repo->add_subcommand("key", "Manage the passwords (keys) of the repository");
  key->require_subcommand(1);
  auto key_args = std::make_shared<KeyArgs>();
  auto add_key_options = [&](CLI::App* k, bool new_password) {
    AddRepoOptions(k, key_args->repo);
    if (!new_password) return;
    k->add_option(
        "--new-password-file", key_args->new_password_file,
        "File holding the new password (default $ARK365_NEW_PASSWORD_FILE, then $ARK365_NEW_PASSWORD)");
    k->add_option("--kdf-memory", key_args->kdf_memory_mib, "Argon2id memory in MiB (default 64)")
        ->check(CLI::Range(1, 4096));
    k->add_option("--kdf-ops", key_args->kdf_ops, "Argon2id passes (default 3)")->check(CLI::Range(1, 20));
  };
  c = key->add_subcommand("list", "List the keys");
  add_key_options(c, false);
  c->callback([&runner, key_args] {
    runner.Select([key_args](CommandContext& ctx) { return KeyList(ctx, *key_args); });
  });
  c = key->add_subcommand("add", "Add a password");
  add_key_options(c, true);
  c->callback([&runner, key_args] {
    runner.Select([key_args](CommandContext& ctx) { return KeyAdd(ctx, *key_args, false); });
  });
  c = key->add_subcommand("passwd", "Change the password in use (a new key replaces the current one)");
  add_key_options(c, true);
  c->callback([&runner, key_args] {
    runner.Select([key_args](CommandContext& ctx) { return KeyAdd(ctx, *key_args, true); });
  });
  c = key->add_subcommand("remove", "Remove a key (not the one in use, not the last)");
  add_key_options(c, false);
  c->add_option("id", key_args->key_id, "The key's id")->required();
  c->callback([&runner, key_args] {
    runner.Select([key_args](CommandContext& ctx) { return KeyRemove(ctx, *key_args); });
  });
}

}  // namespace ark::cli
