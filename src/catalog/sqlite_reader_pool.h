// Read connections of the SQLite catalog, opened on demand and reused, one per concurrent reader.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/sqlite_db.h"
#include "core/status.h"

namespace ark::catalog::sqlite {

class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}

  // A connection lent to one thread; it returns to the pool when the lease goes.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    Database& db() { return *db_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Database> db_;
  };

  Result<Lease> Acquire();

 private:
  // Idle connections beyond this are closed rather than kept.
  static constexpr std::size_t kMaxIdle = 8;
  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace ark::catalog::sqlite
