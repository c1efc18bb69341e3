// The catalog's single writer: one thread, one connection, a bounded queue of changes applied in batches.
//
// SQLite allows one writer at a time, so every change of every snapshot
// writer goes through this queue. Asynchronous changes (Put, Delete...) are
// applied up to `batch_size` per transaction; synchronous operations (begin,
// commit, flush) wait for everything queued before them and run in their own
// transaction. A change that fails marks its writer failed (its later changes
// are skipped and its Flush/Commit report the error); the batch is retried
// without it so that other writers are not affected.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "catalog/sqlite_db.h"
#include "core/status.h"

namespace ark::catalog::sqlite {

// What the writer thread keeps between changes: its connection and the ids of
// folders and owners it has already looked up. Used only on that thread.
class WriterContext {
 public:
  explicit WriterContext(Database& db) : db_(db) {}
  Database& db() { return db_; }
  // The id of a folder path of a set, created on first use.
  Result<std::int64_t> FolderId(std::int64_t set, const std::string& path);
  // The id of an owner of a set, created (without names) on first use.
  Result<std::int64_t> OwnerId(std::int64_t set, const std::string& owner_key);
  // Drops the caches: after a rollback they may name rows that do not exist.
  void ForgetCaches();

 private:
  Database& db_;
  std::unordered_map<std::string, std::int64_t> folders_;
  std::unordered_map<std::string, std::int64_t> owners_;
};

using WriteFn = std::function<Status(WriterContext&)>;

// The error state of one snapshot writer, shared with its queued changes.
struct WriterSlot {
  Status error;  // guarded by the queue's mutex
};

class WriteQueue {
 public:
  WriteQueue(std::unique_ptr<Database> db, std::size_t capacity, std::size_t batch_size);
  // Applies what is queued, then stops the thread.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues a change of `slot`'s writer; blocks while the queue is full.
  // Returns the writer's error if it has failed.
  Status Push(const std::shared_ptr<WriterSlot>& slot, WriteFn fn);
  // Waits for everything queued before, then runs `fn` (if any) in its own
  // transaction and returns its result. With a slot, the writer's error is
  // returned instead when it has failed. `durable` syncs the commit to disk
  // (PRAGMA synchronous = FULL) before returning.
  Status Run(const std::shared_ptr<WriterSlot>& slot, WriteFn fn, bool durable = false);

 private:
  struct Entry {
    std::shared_ptr<WriterSlot> slot;
    WriteFn fn;
    bool sync = false;
    bool durable = false;
    std::promise<Status>* done = nullptr;
  };

  void Loop();
  void ApplyBatch(std::deque<Entry>& batch);
  Status ApplySync(Entry& entry);
  bool Failed(const std::shared_ptr<WriterSlot>& slot);
  void Fail(const std::shared_ptr<WriterSlot>& slot, const Status& status);

  std::unique_ptr<Database> db_;
  WriterContext context_;
  const std::size_t capacity_;
  const std::size_t batch_size_;

  std::mutex mu_;
  std::condition_variable work_;   // the queue got an entry, or stop
  std::condition_variable space_;  // the queue got room
  std::deque<Entry> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace ark::catalog::sqlite
