// The single writer thread of the SQLite catalog: batching, per-writer failure, id caches.
#include "catalog/sqlite_write_queue.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace ark::catalog::sqlite {

namespace {

// The id of `key` within `set`, from `cache` or else inserted (if missing)
// and read back. `insert` and `select` take ?1 = set and ?2 = key.
Result<std::int64_t> Intern(Database& db, std::unordered_map<std::string, std::int64_t>& cache,
                            std::int64_t set, const std::string& key, const std::string& insert,
                            const std::string& select) {
  std::string cache_key = std::to_string(set) + '\n' + key;
  auto it = cache.find(cache_key);
  if (it != cache.end()) return it->second;
  {
    ARK_ASSIGN_OR_RETURN(Statement stmt, db.Cached(insert));
    ARK_RETURN_IF_ERROR(stmt.Bind(1, set).Bind(2, key).Run());
  }
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Cached(select));
  stmt.Bind(1, set).Bind(2, key);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("catalog row '" + key + "' vanished right after it was recorded");
  std::int64_t id = stmt.Int(0);
  cache.emplace(std::move(cache_key), id);
  return id;
}

}  // namespace

Result<std::int64_t> WriterContext::FolderId(std::int64_t set, const std::string& path) {
  return Intern(db_, folders_, set, path,
                "INSERT INTO folders(set_id, path) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                "SELECT id FROM folders WHERE set_id = ?1 AND path = ?2");
}

Result<std::int64_t> WriterContext::OwnerId(std::int64_t set, const std::string& owner_key) {
  return Intern(
      db_, owners_, set, owner_key,
      "INSERT INTO owners(set_id, owner_key, kind, display_name, address) VALUES (?1, ?2, 1, '', '') "
      "ON CONFLICT DO NOTHING",
      "SELECT id FROM owners WHERE set_id = ?1 AND owner_key = ?2");
}

void WriterContext::ForgetCaches() {
  folders_.clear();
  owners_.clear();
}

WriteQueue::WriteQueue(std::unique_ptr<Database> db, std::size_t capacity, std::size_t batch_size)
    : db_(std::move(db)),
      context_(*db_),
      capacity_(capacity > 0 ? capacity : 1),
      batch_size_(batch_size > 0 ? batch_size : 1),
      thread_([this] { Loop(); }) {}

WriteQueue::~WriteQueue() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
}

bool WriteQueue::Failed(const std::shared_ptr<WriterSlot>& slot) {
  std::lock_guard lock(mu_);
  return slot && !slot->error.ok();
}

void WriteQueue::Fail(const std::shared_ptr<WriterSlot>& slot, const Status& status) {
  {
    std::lock_guard lock(mu_);
    if (slot && slot->error.ok()) slot->error = status;
  }
  space_.notify_all();  // a Push() of that writer may be waiting for room
}

Status WriteQueue::Push(const std::shared_ptr<WriterSlot>& slot, WriteFn fn) {
  std::unique_lock lock(mu_);
  space_.wait(lock, [&] { return queue_.size() < capacity_ || !slot->error.ok(); });
  if (!slot->error.ok()) return slot->error;
  queue_.push_back(Entry{slot, std::move(fn)});
  lock.unlock();
  work_.notify_one();
  return Status::Ok();
}

Status WriteQueue::Run(const std::shared_ptr<WriterSlot>& slot, WriteFn fn, bool durable) {
  std::promise<Status> done;
  std::future<Status> result = done.get_future();
  {
    std::lock_guard lock(mu_);
    // Synchronous operations are not bounded by the capacity: they are few,
    // and their callers wait for them anyway.
    queue_.push_back(Entry{slot, std::move(fn), /*sync=*/true, durable, &done});
  }
  work_.notify_one();
  return result.get();
}

void WriteQueue::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything applied
    std::deque<Entry> batch;
    while (!queue_.empty() && !queue_.front().sync && batch.size() < batch_size_) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    Entry sync;
    bool has_sync = batch.empty();
    if (has_sync) {
      sync = std::move(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    space_.notify_all();
    if (has_sync) {
      Status status = ApplySync(sync);
      sync.done->set_value(status);
    } else {
      ApplyBatch(batch);
    }
    lock.lock();
  }
}

void WriteQueue::ApplyBatch(std::deque<Entry>& batch) {
  // Each failed attempt marks at least one more writer failed, so this ends.
  while (true) {
    Status status = db_->Begin(/*immediate=*/true);
    if (!status.ok()) {
      for (Entry& e : batch) Fail(e.slot, status);
      return;
    }
    const Entry* culprit = nullptr;
    for (Entry& e : batch) {
      if (Failed(e.slot)) continue;
      status = e.fn(context_);
      if (!status.ok()) {
        culprit = &e;
        break;
      }
    }
    if (culprit == nullptr) {
      status = db_->Commit();
      if (status.ok()) return;
      db_->Rollback();
      context_.ForgetCaches();
      spdlog::error("catalog: committing a batch of {} changes failed: {}", batch.size(), status.ToString());
      for (Entry& e : batch) Fail(e.slot, status);
      return;
    }
    db_->Rollback();
    context_.ForgetCaches();
    spdlog::error("catalog: a queued change failed and its snapshot writer stops: {}", status.ToString());
    Fail(culprit->slot, status);
  }
}

Status WriteQueue::ApplySync(Entry& entry) {
  {
    std::lock_guard lock(mu_);
    if (entry.slot && !entry.slot->error.ok()) return entry.slot->error;
  }
  if (!entry.fn) return Status::Ok();
  if (entry.durable) ARK_RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous = FULL"));
  Status status = db_->Begin(/*immediate=*/true);
  if (status.ok()) status = entry.fn(context_);
  if (status.ok()) status = db_->Commit();
  if (!status.ok()) {
    db_->Rollback();
    context_.ForgetCaches();
  }
  if (entry.durable) {
    Status restored = db_->Exec("PRAGMA synchronous = NORMAL");
    if (status.ok()) status = restored;
  }
  return status;
}

}  // namespace ark::catalog::sqlite
