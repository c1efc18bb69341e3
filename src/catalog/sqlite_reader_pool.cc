// The SQLite catalog's pool of read-only (query_only) connections.
#include "catalog/sqlite_reader_pool.h"

#include "catalog/sqlite_schema.h"

namespace ark::catalog::sqlite {

ReaderPool::Lease::~Lease() {
  if (!db_) return;
  std::lock_guard lock(pool_->mu_);
  if (pool_->idle_.size() < kMaxIdle) pool_->idle_.push_back(std::move(db_));
}

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Database> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  // Read-write, then query_only: a read-only open of a WAL database fails
  // when its shared-memory file has to be created.
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_, /*read_only=*/false));
  ARK_RETURN_IF_ERROR(ConfigureConnection(*db, /*writer=*/false));
  return Lease(this, std::move(db));
}

}  // namespace ark::catalog::sqlite
