// Snapshots (format §8.1): what was backed up when, from where, under which tree; and checkpoints (§8.2).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "repo/ids.h"

namespace ark::repo {

class Repository;

struct SnapshotSummary {
  uint64_t files = 0;
  uint64_t dirs = 0;
  uint64_t bytes = 0;        // content bytes of the tree
  uint64_t added_bytes = 0;  // new plaintext bytes stored by this backup
  uint64_t errors = 0;       // items skipped with an error
  double duration_seconds = 0;
};

struct Snapshot {
  Id id;  // assigned by SaveSnapshot
  SystemTime time;
  BlobId tree;
  std::optional<Id> parent;
  std::string hostname;
  std::string username;
  std::string source;
  std::vector<std::string> paths;
  std::vector<std::string> tags;
  nlohmann::json meta = nlohmann::json::object();
  SnapshotSummary summary;

  bool HasTag(std::string_view tag) const;
};

// "2026-01-05T10:00:00.123456789Z".
std::string FormatSnapshotTime(SystemTime t);

nlohmann::json SnapshotToJson(const Snapshot& s);
Result<Snapshot> SnapshotFromJson(const nlohmann::json& j, const Id& id);

// Writes a new snapshot object; sets s.id. REQUIRES: its blobs are flushed.
Status SaveSnapshot(Repository& repo, Snapshot& s);
Result<Snapshot> LoadSnapshot(Repository& repo, const Id& id);
// All snapshots, oldest first. Damaged snapshot objects are skipped with a warning
// and their ids put in `damaged` when given.
Result<std::vector<Snapshot>> ListSnapshots(Repository& repo, std::vector<Id>* damaged = nullptr);
// "latest", a full id or an unambiguous id prefix (at least 4 hex digits).
Result<Snapshot> FindSnapshot(Repository& repo, std::string_view ref);
Status RemoveSnapshot(Repository& repo, const Id& id);

// The state of a backup in progress, to resume from after a crash.
struct Checkpoint {
  std::string name;  // e.g. "contoso/all-mailboxes"
  SystemTime time;
  std::optional<BlobId> tree;
  nlohmann::json state = nlohmann::json::object();
};

// Flushes the write pipeline (so everything the tree needs is durable and
// indexed), then stores the checkpoint, replacing an older one of the same name.
Status SaveCheckpoint(Repository& repo, const Checkpoint& checkpoint);
Result<std::optional<Checkpoint>> LoadCheckpoint(Repository& repo, std::string_view name);
Result<std::vector<Checkpoint>> ListCheckpoints(Repository& repo);
Status RemoveCheckpoint(Repository& repo, std::string_view name);

}  // namespace ark::repo
