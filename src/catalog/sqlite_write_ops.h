// The changes a snapshot makes to the SQLite catalog, each run inside the writer's transaction.
//
// These functions hold the validity-range logic (docs/catalog.md, "Versions
// and snapshots"): a snapshot with sequence number N creates versions with
// first_seq = N and closes replaced or deleted ones with last_seq = N - 1, so
// that nothing it does is visible in snapshots before N, and abandoning it
// can undo exactly its changes.
#pragma once

#include <cstdint>
#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite_write_queue.h"

namespace ark::catalog::sqlite {

// Which snapshot a change belongs to: the set's row id and the sequence number.
struct SnapshotRef {
  std::int64_t set = 0;
  std::int64_t seq = 0;
};

struct BeginResult {
  SnapshotRef ref;
  SnapshotInfo info;
  bool resumed = false;
};

// An item with the digests computed by the calling thread.
struct PreparedItem {
  Item item;
  std::int64_t key_hash = 0;
  std::int64_t fingerprint = 0;
};

// Registers the set and opens its next snapshot, or finds the open one.
Result<BeginResult> BeginSnapshotOp(WriterContext& ctx, const SetInfo& set, SystemTime time);
Status PutOwnerOp(WriterContext& ctx, SnapshotRef ref, const Owner& owner);
Status PutItemOp(WriterContext& ctx, SnapshotRef ref, const PreparedItem& prepared);
Status DeleteItemOp(WriterContext& ctx, SnapshotRef ref, const ItemKey& key, std::int64_t key_hash);
Status DeleteSubtreeOp(WriterContext& ctx, SnapshotRef ref, const std::string& owner_id,
                       const std::string& path);
Status CompleteListingOp(WriterContext& ctx, SnapshotRef ref, const ListingScope& scope);
Status PrepareSnapshotOp(WriterContext& ctx, SnapshotRef ref, const std::string& snapshot_id);
Result<SnapshotInfo> CommitSnapshotOp(WriterContext& ctx, SnapshotRef ref, const std::string& snapshot_id,
                                      const std::string& set_key);
Status AbandonSnapshotOp(WriterContext& ctx, SnapshotRef ref);
Status ForgetSnapshotOp(WriterContext& ctx, const std::string& set_key, const std::string& snapshot_id);
Status ResetSetOp(WriterContext& ctx, const std::string& set_key);

}  // namespace ark::catalog::sqlite
