// SnapshotWriter of the SQLite catalog: validates and digests items on the caller's thread, queues the
// changes.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite_write_ops.h"
#include "catalog/sqlite_write_queue.h"

namespace ark::catalog::sqlite {

class SqliteSnapshotWriter : public SnapshotWriter {
 public:
  // `on_close` runs once, when the writer commits, abandons or is destroyed
  // (it releases the set for the next writer).
  // REQUIRES: `queue` outlives the writer.
  SqliteSnapshotWriter(WriteQueue& queue, BeginResult begun, std::function<void()> on_close);
  ~SqliteSnapshotWriter() override;

  const SnapshotInfo& snapshot() const override { return info_; }
  bool resumed() const override { return resumed_; }

  Status PutOwner(Owner owner) override;
  Status Put(Item item) override;
  Status Delete(ItemKey key) override;
  Status DeleteSubtree(std::string owner_id, std::string folder_path) override;
  Status CompleteListing(ListingScope scope) override;
  Status Flush() override;
  Status Prepare(std::string snapshot_id) override;
  Result<SnapshotInfo> Commit(std::string snapshot_id) override;
  Status Abandon() override;

 private:
  // The error for calls after Commit() or Abandon().
  Status CheckActive();
  Status Push(WriteFn fn);
  void Release();

  WriteQueue& queue_;
  const SnapshotRef ref_;
  SnapshotInfo info_;
  const bool resumed_;
  std::function<void()> on_close_;  // guarded by mu_
  std::shared_ptr<WriterSlot> slot_ = std::make_shared<WriterSlot>();
  std::mutex mu_;
  bool finished_ = false;  // guarded by mu_
};

}  // namespace ark::catalog::sqlite
