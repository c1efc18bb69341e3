// The SQLite implementation of Catalog: one writer queue, a pool of readers, one database file.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite_reader_pool.h"
#include "catalog/sqlite_write_queue.h"

namespace ark::catalog::sqlite {

class SqliteCatalog : public Catalog {
 public:
  // REQUIRES: `db` is migrated and configured as the writer connection.
  SqliteCatalog(std::unique_ptr<Database> db, const CatalogOptions& options);

  Result<std::unique_ptr<SnapshotWriter>> BeginSnapshot(const SetInfo& set, BeginOptions options) override;
  Result<std::optional<SnapshotInfo>> OpenSnapshot(std::string_view set_id) override;
  Status ForgetSnapshot(std::string_view set_id, std::string_view snapshot_id) override;
  Status ResetSet(std::string_view set_id) override;

  Result<std::vector<SetInfo>> ListSets() override;
  Result<SetInfo> FindSet(std::string_view name_or_id) override;
  Result<std::vector<SnapshotInfo>> ListSnapshots(std::string_view set_id) override;
  Result<SnapshotInfo> ResolveSnapshot(std::string_view set_id, std::string_view selector) override;
  Result<std::vector<Owner>> ListOwners(std::string_view set_id) override;

  Result<Page> Browse(const BrowseRequest& request) override;
  Result<Page> Search(const SearchRequest& request) override;
  Result<ItemRecord> GetItem(std::int64_t version_id) override;
  Result<std::vector<ItemRecord>> ItemHistory(std::string_view set_id, const ItemKey& key) override;

 private:
  // Claims `set_id` for one writer of this process; false if one holds it.
  bool ClaimSet(const std::string& set_id);
  void ReleaseSet(const std::string& set_id);

  const std::int64_t dense_matches_;
  ReaderPool readers_;
  std::unique_ptr<WriteQueue> queue_;
  std::mutex mu_;
  std::set<std::string> writing_;  // guarded by mu_
};

// Reads shared by the catalog's query files, on a leased reader connection.
Result<std::int64_t> FindSetRowId(Database& db, std::string_view set_id);
Result<SnapshotInfo> ResolveSnapshotOn(Database& db, std::int64_t set, std::string_view set_id,
                                       std::string_view selector);
// Full records of the given versions, in the order of `ids`.
Result<std::vector<ItemRecord>> LoadItems(Database& db, const std::vector<std::int64_t>& ids);

}  // namespace ark::catalog::sqlite
