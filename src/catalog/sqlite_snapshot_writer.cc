// The SQLite catalog's SnapshotWriter: checks input where the caller can be told, then queues.
#include "catalog/sqlite_snapshot_writer.h"

#include <utility>

#include "catalog/item_hash.h"

namespace ark::catalog::sqlite {

SqliteSnapshotWriter::SqliteSnapshotWriter(WriteQueue& queue, BeginResult begun,
                                           std::function<void()> on_close)
    : queue_(queue),
      ref_(begun.ref),
      info_(std::move(begun.info)),
      resumed_(begun.resumed),
      on_close_(std::move(on_close)) {}

SqliteSnapshotWriter::~SqliteSnapshotWriter() {
  // Queued changes still apply; the snapshot stays open for the next run
  // unless it was committed or abandoned.
  Release();
}

void SqliteSnapshotWriter::Release() {
  std::function<void()> on_close;
  {
    std::lock_guard lock(mu_);
    on_close.swap(on_close_);
  }
  if (on_close) on_close();
}

Status SqliteSnapshotWriter::CheckActive() {
  std::lock_guard lock(mu_);
  if (finished_) {
    return FailedPrecondition("catalog snapshot " + std::to_string(ref_.seq) +
                              " was already committed or abandoned; begin a new one");
  }
  return Status::Ok();
}

Status SqliteSnapshotWriter::Push(WriteFn fn) {
  ARK_RETURN_IF_ERROR(CheckActive());
  return queue_.Push(slot_, std::move(fn));
}

Status SqliteSnapshotWriter::PutOwner(Owner owner) {
  if (owner.id.empty()) return InvalidArgument("a catalog owner ('" + owner.display_name + "') has no id");
  return Push(
      [ref = ref_, owner = std::move(owner)](WriterContext& ctx) { return PutOwnerOp(ctx, ref, owner); });
}

Status SqliteSnapshotWriter::Put(Item item) {
  ARK_RETURN_IF_ERROR(ValidateItem(item));
  PreparedItem prepared;
  prepared.key_hash = KeyHash(item.key);
  prepared.fingerprint = Fingerprint(item);
  prepared.item = std::move(item);
  return Push([ref = ref_, prepared = std::move(prepared)](WriterContext& ctx) {
    return PutItemOp(ctx, ref, prepared);
  });
}

Status SqliteSnapshotWriter::Delete(ItemKey key) {
  if (key.graph_id.empty() || key.owner_id.empty()) {
    return InvalidArgument("a catalog deletion needs the item's owner id and Graph id");
  }
  std::int64_t hash = KeyHash(key);
  return Push([ref = ref_, key = std::move(key), hash](WriterContext& ctx) {
    return DeleteItemOp(ctx, ref, key, hash);
  });
}

Status SqliteSnapshotWriter::DeleteSubtree(std::string owner_id, std::string folder_path) {
  if (folder_path.empty() || folder_path.front() != '/') {
    return InvalidArgument("a catalog subtree deletion needs an absolute folder path, not '" + folder_path +
                           "'");
  }
  return Push([ref = ref_, owner_id = std::move(owner_id), path = NormalizePath(folder_path)](
                  WriterContext& ctx) { return DeleteSubtreeOp(ctx, ref, owner_id, path); });
}

Status SqliteSnapshotWriter::CompleteListing(ListingScope scope) {
  return Push([ref = ref_, scope = std::move(scope)](WriterContext& ctx) {
    return CompleteListingOp(ctx, ref, scope);
  });
}

Status SqliteSnapshotWriter::Flush() {
  ARK_RETURN_IF_ERROR(CheckActive());
  return queue_.Run(slot_, nullptr);
}

Status SqliteSnapshotWriter::Prepare(std::string snapshot_id) {
  ARK_RETURN_IF_ERROR(CheckActive());
  ARK_RETURN_IF_ERROR(queue_.Run(
      slot_,
      [ref = ref_, &snapshot_id](WriterContext& ctx) { return PrepareSnapshotOp(ctx, ref, snapshot_id); },
      /*durable=*/true));
  std::lock_guard lock(mu_);
  info_.id = snapshot_id;
  return Status::Ok();
}

Result<SnapshotInfo> SqliteSnapshotWriter::Commit(std::string snapshot_id) {
  ARK_RETURN_IF_ERROR(CheckActive());
  SnapshotInfo committed;
  ARK_RETURN_IF_ERROR(queue_.Run(
      slot_,
      [&](WriterContext& ctx) -> Status {
        ARK_ASSIGN_OR_RETURN(committed, CommitSnapshotOp(ctx, ref_, snapshot_id, info_.set_id));
        return Status::Ok();
      },
      /*durable=*/true));
  {
    std::lock_guard lock(mu_);
    finished_ = true;
    info_ = committed;
  }
  Release();
  return committed;
}

Status SqliteSnapshotWriter::Abandon() {
  ARK_RETURN_IF_ERROR(CheckActive());
  // Abandoning must work even after a failed change: it is how a run gives up.
  ARK_RETURN_IF_ERROR(
      queue_.Run(nullptr, [ref = ref_](WriterContext& ctx) { return AbandonSnapshotOp(ctx, ref); }));
  {
    std::lock_guard lock(mu_);
    finished_ = true;
  }
  Release();
  return Status::Ok();
}

}  // namespace ark::catalog::sqlite
