// `ark365 repo init|backup-path|snapshots|ls|restore|cat|diff|stats`: creating, filling and reading
// repositories.
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/repo_cli.h"
#include "core/file.h"
#include "repo/blob_saver.h"
#include "repo/chunker.h"
#include "repo/compression.h"
#include "repo/content.h"
#include "repo/diff.h"
#include "repo/directory.h"
#include "repo/forget.h"
#include "repo/fs_backup.h"
#include "repo/fs_restore.h"
#include "repo/key_file.h"
#include "repo/local_backend.h"
#include "repo/lock.h"
#include "repo/repair.h"
#include "repo/snapshot.h"
#include "repo/tree_page.h"
#include "repo/walker.h"

namespace ark::cli {
namespace {

using repo::BlobId;
using repo::BlobType;
using repo::Id;
using repo::Snapshot;

nlohmann::json SnapshotJson(const Snapshot& s) {
  nlohmann::json j = repo::SnapshotToJson(s);
  j["id"] = s.id.Hex();
  return j;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// --- init ---

struct InitArgs {
  RepoOptions repo;
  uint64_t kdf_memory_mib = 64;
  uint64_t kdf_ops = 3;
  uint64_t pack_size_mib = 16;
};

ExitCode Init(CommandContext& ctx, const InitArgs& a) {
  Result<std::string> path = RepositoryPath(ctx, a.repo);
  if (!path.ok()) return Finish(ctx, path.status());
  auto backend = repo::LocalBackend::Create(*path);
  if (!backend.ok()) return Finish(ctx, backend.status());
  Result<Secret> password = ReadPassword(a.repo, "", false);
  if (!password.ok()) return Finish(ctx, password.status());
  repo::InitOptions options;
  options.kdf = repo::KdfParams{a.kdf_ops, a.kdf_memory_mib << 20};
  options.pack_size = a.pack_size_mib << 20;
  auto repository = repo::Repository::Init(std::move(*backend), *password, options);
  if (!repository.ok()) return Finish(ctx, repository.status());
  const repo::RepositoryConfig& c = (*repository)->config();
  ctx.out().Text("created repository " + c.id.substr(0, 8) + " at " + *path);
  ctx.out().Text("keep the password safe: without it the data cannot be read");
  ctx.out().Json({{"id", c.id}, {"path", *path}, {"version", c.version}, {"pack_size", c.pack_size}});
  return ExitCode::kSuccess;
}

// --- backup-path ---

struct BackupArgs {
  RepoOptions repo;
  std::vector<std::string> paths;
  std::vector<std::string> excludes;
  std::string exclude_file;
  std::vector<std::string> tags;
  std::string host;
  std::string parent;
  std::string compression = "default";
  bool force = false;
  bool one_file_system = false;
};

ExitCode BackupPath(CommandContext& ctx, const BackupArgs& a) {
  repo::FsBackupOptions options;
  options.paths = a.paths;
  options.tags = a.tags;
  options.hostname = a.host;
  options.force_read = a.force;
  options.one_file_system = a.one_file_system;
  for (const std::string& e : a.excludes) options.excludes.Add(e);
  if (!a.exclude_file.empty()) {
    Result<std::string> text = ReadFile(a.exclude_file);
    if (!text.ok()) return Finish(ctx, text.status().Context("--exclude-file"));
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      std::string line = text->substr(start, end - start);
      if (!line.empty() && line[0] != '#') options.excludes.Add(line);
      start = end + 1;
    }
  }
  Result<int> level = repo::ParseCompressionLevel(a.compression);
  if (!level.ok()) return Finish(ctx, level.status());
  auto repository = OpenRepository(ctx, a.repo, /*load_index=*/true);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::Repository& r = **repository;
  if (!a.parent.empty()) {
    Result<Snapshot> parent = repo::FindSnapshot(r, a.parent);
    if (!parent.ok()) return Finish(ctx, parent.status().Context("--parent"));
    options.parent = parent->id;
  }
  auto lock = repo::Lock::Acquire(r, false, "backup", std::chrono::seconds(a.repo.lock_wait));
  if (!lock.ok()) return Finish(ctx, lock.status());
  // Packs stored by a killed earlier run: index them so their blobs are not stored again.
  Result<uint64_t> recovered = repo::IndexOrphanPacks(r);
  if (!recovered.ok()) return Finish(ctx, recovered.status());
  repo::WriteOptions write = WriteOptionsFor(ctx);
  write.compression_level = *level;
  Status started = r.StartWriting(write);
  if (!started.ok()) return Finish(ctx, started);
  auto progress = ctx.progress();
  Result<repo::FsBackupResult> result = repo::BackupFileSystem(r, options, progress.get());
  Status stopped = r.StopWriting();
  if (!result.ok()) return Finish(ctx, result.status());
  if (!stopped.ok()) return Finish(ctx, stopped);
  const Snapshot& s = result->snapshot;
  for (const std::string& e : result->errors) ctx.out().Warning(e);
  ctx.out().Text("snapshot " + s.id.Short() + " saved: " + FormatCount(s.summary.files) + " files (" +
                 FormatCount(result->files_new) + " new, " + FormatCount(result->files_changed) +
                 " changed, " + FormatCount(result->files_unchanged) + " unchanged), " +
                 FormatBytes(s.summary.bytes) + ", " + FormatBytes(s.summary.added_bytes) + " added");
  if (*recovered > 0)
    ctx.out().Text("indexed " + std::to_string(*recovered) + " packs left by an interrupted backup");
  nlohmann::json j = SnapshotJson(s);
  j["files_new"] = result->files_new;
  j["files_changed"] = result->files_changed;
  j["files_unchanged"] = result->files_unchanged;
  j["orphan_packs_indexed"] = *recovered;
  j["errors"] = result->errors;
  ctx.out().Json(j);
  return result->errors.empty() ? ExitCode::kSuccess : ExitCode::kPartial;
}

// --- snapshots ---

struct FilterArgs {
  RepoOptions repo;
  std::vector<std::string> hosts;
  std::vector<std::string> sources;
  std::vector<std::string> tags;
  repo::SnapshotFilter Filter() const { return repo::SnapshotFilter{hosts, sources, tags}; }
};

ExitCode Snapshots(CommandContext& ctx, const FilterArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, false);
  if (!repository.ok()) return Finish(ctx, repository.status());
  auto all = repo::ListSnapshots(**repository);
  if (!all.ok()) return Finish(ctx, all.status());
  repo::SnapshotFilter filter = a.Filter();
  nlohmann::json list = nlohmann::json::array();
  ctx.out().Text("ID        Time                  Host             Tags         Size        Source");
  for (const Snapshot& s : *all) {
    if (!filter.Matches(s)) continue;
    list.push_back(SnapshotJson(s));
    char line[512];
    std::snprintf(line, sizeof line, "%-9s %-21s %-16s %-12s %-11s %s", s.id.Short().c_str(),
                  FormatRfc3339(s.time).c_str(), s.hostname.c_str(), Joined(s.tags).c_str(),
                  FormatBytes(s.summary.bytes).c_str(), s.source.c_str());
    ctx.out().Text(line);
  }
  ctx.out().Text(std::to_string(list.size()) + " snapshots");
  ctx.out().Json(list);
  return ExitCode::kSuccess;
}

// --- ls ---

struct LsArgs {
  RepoOptions repo;
  std::string snapshot;
  std::string path;
  bool recursive = false;
};

nlohmann::json NodeSummary(const std::string& path, const repo::Node& n) {
  nlohmann::json j = {
      {"path", path}, {"name", n.name}, {"type", repo::NodeTypeName(n.type)}, {"size", n.size}};
  if (n.mtime_ns) j["mtime"] = repo::FormatSnapshotTime(SystemTime(std::chrono::nanoseconds(*n.mtime_ns)));
  if (n.record) j["record_type"] = n.record->type;
  return j;
}

std::string NodeLine(const std::string& path, const repo::Node& n) {
  char type = n.type == repo::NodeType::kDir       ? 'd'
              : n.type == repo::NodeType::kSymlink ? 'l'
              : n.type == repo::NodeType::kItem    ? 'i'
                                                   : '-';
  char line[64];
  std::snprintf(line, sizeof line, "%c %12llu  ", type, static_cast<unsigned long long>(n.size));
  std::string out = std::string(line) + path;
  if (n.type == repo::NodeType::kSymlink) out += " -> " + n.target;
  return out;
}

ExitCode Ls(CommandContext& ctx, const LsArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, true);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::Repository& r = **repository;
  Result<Snapshot> s = repo::FindSnapshot(r, a.snapshot);
  if (!s.ok()) return Finish(ctx, s.status());
  BlobId dir = s->tree;
  std::string prefix;
  if (!a.path.empty()) {
    auto node = repo::LookupPath(r, s->tree, a.path);
    if (!node.ok()) return Finish(ctx, node.status());
    if (!*node)
      return Finish(ctx, NotFound("snapshot " + s->id.Short() + " has nothing at \"" + a.path + "\""));
    if ((*node)->type != repo::NodeType::kDir) {
      ctx.out().Text(NodeLine(a.path, **node));
      ctx.out().Json(nlohmann::json::array({NodeSummary(a.path, **node)}));
      return ExitCode::kSuccess;
    }
    dir = *(*node)->subtree;
    prefix = a.path;
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    while (!prefix.empty() && prefix.front() == '/') prefix.erase(0, 1);
  }
  nlohmann::json list = nlohmann::json::array();
  auto emit = [&](const std::string& path, const repo::Node& n) {
    ctx.out().Text(NodeLine(path, n));
    if (ctx.out().json()) list.push_back(NodeSummary(path, n));
    return Status::Ok();
  };
  Status st;
  std::vector<std::string> unreadable;
  if (a.recursive) {
    st = repo::WalkTree(r, dir, prefix, emit, [&](const std::string& p, const Status& e) {
      unreadable.push_back(p + ": " + e.message());
    });
  } else {
    st = repo::ForEachNode(r, dir, [&](const repo::Node& n) {
      return emit(prefix.empty() ? n.name : prefix + "/" + n.name, n);
    });
  }
  if (!st.ok()) return Finish(ctx, st);
  for (const std::string& u : unreadable) ctx.out().Warning("unreadable directory " + u);
  ctx.out().Json(list);
  return unreadable.empty() ? ExitCode::kSuccess : ExitCode::kPartial;
}

// --- restore ---

struct RestoreArgs {
  RepoOptions repo;
  std::string snapshot;
  std::string target;
  std::string path;
};

ExitCode Restore(CommandContext& ctx, const RestoreArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, true);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::Repository& r = **repository;
  Result<Snapshot> s = repo::FindSnapshot(r, a.snapshot);
  if (!s.ok()) return Finish(ctx, s.status());
  repo::FsRestoreOptions options;
  options.target = a.target;
  options.subpath = a.path;
  auto progress = ctx.progress();
  auto result = repo::RestoreFileSystem(r, *s, options, progress.get());
  if (!result.ok()) return Finish(ctx, result.status());
  for (const std::string& e : result->errors) ctx.out().Warning(e);
  ctx.out().Text("restored snapshot " + s->id.Short() + ": " + FormatCount(result->files) + " files, " +
                 FormatBytes(result->bytes) + " into " + a.target);
  ctx.out().Json({{"snapshot", s->id.Hex()},
                  {"files", result->files},
                  {"dirs", result->dirs},
                  {"bytes", result->bytes},
                  {"errors", result->errors}});
  if (!result->errors.empty()) {
    return Finish(
        ctx, DataLoss(std::to_string(result->errors.size()) +
                      " items could not be restored (listed above); the rest was restored and verified"));
  }
  return ExitCode::kSuccess;
}

// --- cat ---

struct CatArgs {
  RepoOptions repo;
  std::string what;
  std::vector<std::string> args;
};

Status WriteRaw(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size())
    return IoError("cannot write to stdout");
  return Status::Ok();
}

Status Cat(CommandContext& ctx, const CatArgs& a) {
  auto needs = [&](size_t n, const char* usage) -> Status {
    if (a.args.size() != n) return InvalidArgument(std::string("usage: ark365 repo cat ") + usage);
    return Status::Ok();
  };
  auto id_arg = [&](size_t i) -> Result<Id> {
    std::optional<Id> id = Id::FromHex(a.args[i]);
    if (!id) return InvalidArgument("\"" + a.args[i] + "\" is not a 64-digit hex id");
    return *id;
  };
  if (a.what == "config") {
    ARK_RETURN_IF_ERROR(needs(0, "config"));
    ARK_ASSIGN_OR_RETURN(std::string path, RepositoryPath(ctx, a.repo));
    ARK_ASSIGN_OR_RETURN(auto backend, repo::LocalBackend::Open(path));
    repo::Backend& b = *backend;
    ARK_ASSIGN_OR_RETURN(std::string text, b.Load(repo::Handle{repo::FileType::kConfig, ""}));
    return WriteRaw(text);
  }
  ARK_ASSIGN_OR_RETURN(auto r, OpenRepository(ctx, a.repo, a.what != "snapshot" && a.what != "key"));
  if (a.what == "snapshot") {
    ARK_RETURN_IF_ERROR(needs(1, "snapshot ID"));
    ARK_ASSIGN_OR_RETURN(Snapshot s, repo::FindSnapshot(*r, a.args[0]));
    return WriteRaw(SnapshotJson(s).dump(2) + "\n");
  }
  if (a.what == "key") {
    ARK_RETURN_IF_ERROR(needs(1, "key ID"));
    ARK_ASSIGN_OR_RETURN(Id id, id_arg(0));
    ARK_ASSIGN_OR_RETURN(std::string text, r->backend().Load(repo::Handle{repo::FileType::kKey, id.Hex()}));
    return WriteRaw(text);
  }
  if (a.what == "tree" || a.what == "blob") {
    ARK_RETURN_IF_ERROR(needs(1, a.what == "tree" ? "tree ID" : "blob ID"));
    ARK_ASSIGN_OR_RETURN(Id id, id_arg(0));
    ARK_ASSIGN_OR_RETURN(std::string data,
                         r->LoadBlob(a.what == "tree" ? BlobType::kTree : BlobType::kData, id));
    return WriteRaw(a.what == "tree" ? nlohmann::json::parse(data).dump(2) + "\n" : data);
  }
  if (a.what == "index") {
    ARK_RETURN_IF_ERROR(needs(1, "index ID"));
    ARK_ASSIGN_OR_RETURN(Id id, id_arg(0));
    ARK_ASSIGN_OR_RETURN(std::string body, r->LoadObject(repo::FileType::kIndex, id));
    ARK_ASSIGN_OR_RETURN(auto packs, repo::DecodeIndexFile(body));
    nlohmann::json j = nlohmann::json::array();
    for (const auto& p : packs) {
      nlohmann::json blobs = nlohmann::json::array();
      for (const auto& e : p.entries) {
        blobs.push_back({{"id", e.id.Hex()},
                         {"type", repo::BlobTypeName(e.type)},
                         {"offset", e.offset},
                         {"length", e.length},
                         {"raw_length", e.raw_length},
                         {"compression", e.compression}});
      }
      j.push_back({{"pack", p.id.Hex()}, {"blobs", blobs}});
    }
    return WriteRaw(j.dump(2) + "\n");
  }
  if (a.what == "file") {
    ARK_RETURN_IF_ERROR(needs(2, "file SNAPSHOT PATH"));
    ARK_ASSIGN_OR_RETURN(Snapshot s, repo::FindSnapshot(*r, a.args[0]));
    ARK_ASSIGN_OR_RETURN(std::optional<repo::Node> node, repo::LookupPath(*r, s.tree, a.args[1]));
    if (!node || (node->type != repo::NodeType::kFile && node->type != repo::NodeType::kItem)) {
      return NotFound("snapshot " + s.id.Short() + " has no file at \"" + a.args[1] + "\"");
    }
    return repo::ContentReader(*r, node->content).ReadAll(WriteRaw);
  }
  return InvalidArgument("cannot cat \"" + a.what +
                         "\"; expected config, snapshot, key, tree, blob, index or file");
}

// --- diff ---

struct DiffArgs {
  RepoOptions repo;
  std::string before;
  std::string after;
};

ExitCode Diff(CommandContext& ctx, const DiffArgs& a) {
  auto repository = OpenRepository(ctx, a.repo, true);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::Repository& r = **repository;
  Result<Snapshot> before = repo::FindSnapshot(r, a.before);
  if (!before.ok()) return Finish(ctx, before.status());
  Result<Snapshot> after = repo::FindSnapshot(r, a.after);
  if (!after.ok()) return Finish(ctx, after.status());
  nlohmann::json list = nlohmann::json::array();
  std::map<char, uint64_t> counts;
  Status s = repo::DiffTrees(r, before->tree, after->tree, [&](const repo::DiffEntry& e) {
    ctx.out().Text(std::string(1, e.change) + "  " + e.path + (e.is_dir ? "/" : ""));
    if (ctx.out().json())
      list.push_back({{"change", std::string(1, e.change)}, {"path", e.path}, {"dir", e.is_dir}});
    counts[e.change]++;
    return Status::Ok();
  });
  if (!s.ok()) return Finish(ctx, s);
  ctx.out().Text(std::to_string(counts['+']) + " added, " + std::to_string(counts['-']) + " removed, " +
                 std::to_string(counts['M'] + counts['T']) + " changed");
  ctx.out().Json({{"before", before->id.Hex()}, {"after", after->id.Hex()}, {"changes", list}});
  return ExitCode::kSuccess;
}

// --- stats ---

ExitCode Stats(CommandContext& ctx, const RepoOptions& o) {
  auto repository = OpenRepository(ctx, o, true);
  if (!repository.ok()) return Finish(ctx, repository.status());
  repo::Repository& r = **repository;
  auto snapshots = repo::ListSnapshots(r);
  if (!snapshots.ok()) return Finish(ctx, snapshots.status());
  uint64_t stored = 0;
  uint64_t raw = 0;
  uint64_t data_blobs = 0;
  uint64_t tree_blobs = 0;
  for (const auto& p : r.index().Packs()) {
    for (const auto& e : p.entries) {
      stored += e.length;
      raw += e.raw_length;
      (e.type == BlobType::kTree ? tree_blobs : data_blobs)++;
    }
  }
  uint64_t logical = 0;
  for (const Snapshot& s : *snapshots) logical += s.summary.bytes;
  double dedup = raw > 0 ? static_cast<double>(logical) / static_cast<double>(raw) : 0;
  double compression = stored > 0 ? static_cast<double>(raw) / static_cast<double>(stored) : 0;
  ctx.out().Text("snapshots:          " + FormatCount(snapshots->size()));
  ctx.out().Text("packs:              " + FormatCount(r.index().pack_count()));
  ctx.out().Text("blobs:              " + FormatCount(data_blobs) + " data, " + FormatCount(tree_blobs) +
                 " tree");
  ctx.out().Text("size of snapshots:  " + FormatBytes(logical) + " (all snapshots, as restored)");
  ctx.out().Text("unique data:        " + FormatBytes(raw) + " (deduplication " +
                 fmt::format("{:.2f}", dedup) + "x)");
  ctx.out().Text("stored:             " + FormatBytes(stored) + " (compression " +
                 fmt::format("{:.2f}", compression) + "x)");
  ctx.out().Json({{"snapshots", snapshots->size()},
                  {"packs", r.index().pack_count()},
                  {"data_blobs", data_blobs},
                  {"tree_blobs", tree_blobs},
                  {"logical_bytes", logical},
                  {"unique_bytes", raw},
                  {"stored_bytes", stored},
                  {"dedup_ratio", dedup},
                  {"compression_ratio", compression}});
  return ExitCode::kSuccess;
}

template <typename Args>
void Bind(CLI::App* cmd, CommandRunner& runner, std::shared_ptr<Args> args,
          ExitCode (*fn)(CommandContext&, const Args&)) {
  cmd->callback(
      [&runner, args, fn] { runner.Select([args, fn](CommandContext& ctx) { return fn(ctx, *args); }); });
}

}  // namespace

void RegisterRepoMaintenanceCommands(CLI::App* repo, CommandRunner& runner);

void RegisterRepoCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* repo = app.add_subcommand("repo", "Create, fill, read and maintain backup repositories");
  repo->require_subcommand(1);

  auto init = std::make_shared<InitArgs>();
  CLI::App* c = repo->add_subcommand("init", "Create a new repository");
  AddRepoOptions(c, init->repo);
  c->add_option("--kdf-memory", init->kdf_memory_mib, "Argon2id memory in MiB (default 64)")
      ->check(CLI::Range(1, 4096));
  c->add_option("--kdf-ops", init->kdf_ops, "Argon2id passes (default 3)")->check(CLI::Range(1, 20));
  c->add_option("--pack-size", init->pack_size_mib, "Target pack size in MiB (default 16)")
      ->check(CLI::Range(1, 128));
  Bind(c, runner, init, Init);

  auto backup = std::make_shared<BackupArgs>();
  c = repo->add_subcommand("backup-path", "Back up files and directories into a new snapshot");
  AddRepoOptions(c, backup->repo);
  c->add_option("paths", backup->paths, "Files and directories to back up")->required();
  c->add_option("--exclude,-e", backup->excludes, "Exclude names or paths matching this glob (repeatable)");
  c->add_option("--exclude-file", backup->exclude_file, "File of exclude patterns, one per line");
  c->add_option("--tag", backup->tags, "Tag the snapshot (repeatable)");
  c->add_option("--host", backup->host, "Host name to record (default this machine's)");
  c->add_option("--parent", backup->parent,
                "Snapshot to compare with (default the latest of the same host and paths)");
  c->add_option("--compression", backup->compression, "off, fastest, default, max or a zstd level 0-19");
  c->add_flag("--force", backup->force, "Read every file, even those unchanged since the parent");
  c->add_flag("--one-file-system,-x", backup->one_file_system, "Do not cross file-system boundaries");
  Bind(c, runner, backup, BackupPath);

  auto snaps = std::make_shared<FilterArgs>();
  c = repo->add_subcommand("snapshots", "List snapshots");
  AddRepoOptions(c, snaps->repo);
  c->add_option("--host", snaps->hosts, "Only snapshots of this host (repeatable)");
  c->add_option("--source", snaps->sources, "Only snapshots of this source (repeatable)");
  c->add_option("--tag", snaps->tags, "Only snapshots with this tag (repeatable)");
  Bind(c, runner, snaps, Snapshots);

  auto ls = std::make_shared<LsArgs>();
  c = repo->add_subcommand("ls", "List the content of a snapshot");
  AddRepoOptions(c, ls->repo);
  c->add_option("snapshot", ls->snapshot, "Snapshot id (prefix) or 'latest'")->required();
  c->add_option("path", ls->path, "Directory inside the snapshot (default its root)");
  c->add_flag("--recursive,-R", ls->recursive, "List everything below");
  Bind(c, runner, ls, Ls);

  auto restore = std::make_shared<RestoreArgs>();
  c = repo->add_subcommand("restore", "Restore a snapshot, or a path in it, into a directory");
  AddRepoOptions(c, restore->repo);
  c->add_option("snapshot", restore->snapshot, "Snapshot id (prefix) or 'latest'")->required();
  c->add_option("--target,-t", restore->target, "Directory to restore into")->required();
  c->add_option("--path", restore->path, "Only this file or directory of the snapshot");
  Bind(c, runner, restore, Restore);

  auto cat = std::make_shared<CatArgs>();
  c = repo->add_subcommand("cat",
                           "Print a repository object: config, snapshot, key, tree, blob, index or file");
  AddRepoOptions(c, cat->repo);
  c->add_option("what", cat->what, "config, snapshot, key, tree, blob, index or file")->required();
  c->add_option("args", cat->args, "The object's id (file: SNAPSHOT PATH)");
  c->callback([&runner, cat] {
    runner.Select([cat](CommandContext& ctx) {
      Status s = Cat(ctx, *cat);
      std::fflush(stdout);
      return Finish(ctx, s);
    });
  });

  auto diff = std::make_shared<DiffArgs>();
  c = repo->add_subcommand("diff", "Show what changed between two snapshots");
  AddRepoOptions(c, diff->repo);
  c->add_option("before", diff->before, "The older snapshot")->required();
  c->add_option("after", diff->after, "The newer snapshot")->required();
  Bind(c, runner, diff, Diff);

  auto stats = std::make_shared<RepoOptions>();
  c = repo->add_subcommand("stats", "Sizes, deduplication and compression of the repository");
  AddRepoOptions(c, *stats);
  Bind(c, runner, stats, Stats);

  RegisterRepoMaintenanceCommands(repo, runner);
}

}  // namespace ark::cli
