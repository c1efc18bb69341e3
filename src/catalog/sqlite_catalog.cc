// The SQLite catalog: opening, snapshot writers, sets, snapshots, owners and single items.
#include "catalog/sqlite_catalog.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <unordered_map>
#include <utility>

#include "catalog/item_hash.h"
#include "catalog/sqlite_rows.h"
#include "catalog/sqlite_schema.h"
#include "catalog/sqlite_snapshot_writer.h"
#include "catalog/sqlite_sql_builder.h"
#include "catalog/sqlite_write_ops.h"

namespace ark::catalog::sqlite {
namespace {

SetInfo SetFromRow(const Statement& row) {
  return SetInfo{row.Text(0), row.Text(1), row.Text(2), row.Text(3)};
}

// Escapes LIKE's wildcards so that a user's prefix matches literally (ESCAPE '\').
std::string LikePrefix(std::string_view prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}

Result<SnapshotInfo> OneSnapshot(Statement& stmt, std::string_view set_id, const std::string& missing) {
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound(missing);
  SnapshotInfo info = SnapshotFromRow(stmt, std::string(set_id));
  ARK_ASSIGN_OR_RETURN(bool another, stmt.Step());
  if (another)
    return InvalidArgument("more than one snapshot matches; give more characters of the snapshot id");
  return info;
}

}  // namespace

Result<std::int64_t> FindSetRowId(Database& db, std::string_view set_id) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Cached("SELECT id FROM sets WHERE set_key = ?1"));
  stmt.Bind(1, set_id);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return NotFound("the catalog has nothing for backup set '" + std::string(set_id) +
                    "' yet; it appears after the set's first backup");
  }
  return stmt.Int(0);
}

Result<SnapshotInfo> ResolveSnapshotOn(Database& db, std::int64_t set, std::string_view set_id,
                                       std::string_view selector) {
  std::string columns =
      std::string("SELECT ") + kSnapshotColumns + " FROM snapshots WHERE set_id = ?1 AND state = 1";
  if (selector.empty() || selector == "latest") {
    ARK_ASSIGN_OR_RETURN(Statement stmt, db.Cached(columns + " ORDER BY seq DESC LIMIT 1"));
    stmt.Bind(1, set);
    return OneSnapshot(stmt, set_id,
                       "backup set '" + std::string(set_id) + "' has no finished backup in the catalog yet");
  }
  if (std::optional<SystemTime> at = ParseRfc3339(selector)) {
    ARK_ASSIGN_OR_RETURN(Statement stmt, db.Cached(columns + " AND time <= ?2 ORDER BY seq DESC LIMIT 1"));
    stmt.Bind(1, set).Bind(2, ToMillis(*at));
    return OneSnapshot(
        stmt, set_id,
        "backup set '" + std::string(set_id) + "' has no snapshot at or before " + std::string(selector));
  }
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Cached(columns + " AND snapshot_id LIKE ?2 ESCAPE '\\' LIMIT 2"));
  stmt.Bind(1, set).Bind(2, LikePrefix(selector));
  return OneSnapshot(stmt, set_id,
                     "backup set '" + std::string(set_id) + "' has no snapshot '" + std::string(selector) +
                         "'; `ark365 catalog snapshots SET` lists them (or use 'latest' or a time such as "
                         "2026-11-23T12:00:00Z)");
}

Result<std::vector<ItemRecord>> LoadItems(Database& db, const std::vector<std::int64_t>& ids) {
  std::vector<ItemRecord> records;
  if (ids.empty()) return records;
  SqlBuilder sql;
  std::string list;
  for (std::int64_t id : ids) list += (list.empty() ? "" : ", ") + sql.Param(id);
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(std::string("SELECT ") + kItemColumns + " " + kItemJoins +
                                                  " WHERE v.id IN (" + list + ")"));
  sql.BindAll(stmt);
  std::unordered_map<std::int64_t, ItemRecord> by_id;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ItemRecord record = ItemFromRow(stmt);
    by_id.emplace(record.version_id, std::move(record));
  }
  for (std::int64_t id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) records.push_back(std::move(it->second));
  }
  return records;
}

SqliteCatalog::SqliteCatalog(std::unique_ptr<Database> db, const CatalogOptions& options)
    : dense_matches_(options.dense_matches),
      readers_(db->path()),
      queue_(std::make_unique<WriteQueue>(std::move(db), options.queue_capacity, options.batch_size)) {}

bool SqliteCatalog::ClaimSet(const std::string& set_id) {
  std::lock_guard lock(mu_);
  return writing_.insert(set_id).second;
}

void SqliteCatalog::ReleaseSet(const std::string& set_id) {
  std::lock_guard lock(mu_);
  writing_.erase(set_id);
}

Result<std::unique_ptr<SnapshotWriter>> SqliteCatalog::BeginSnapshot(const SetInfo& set,
                                                                     BeginOptions options) {
  if (set.id.empty()) return InvalidArgument("a catalog snapshot needs the backup set's id");
  if (!ClaimSet(set.id)) {
    return FailedPrecondition("a backup of set '" + set.name + "' is already writing to the catalog");
  }
  SystemTime time = options.time.value_or(std::chrono::system_clock::now());
  BeginResult begun;
  Status status = queue_->Run(nullptr, [&](WriterContext& ctx) -> Status {
    ARK_ASSIGN_OR_RETURN(begun, BeginSnapshotOp(ctx, set, time));
    return Status::Ok();
  });
  if (!status.ok()) {
    ReleaseSet(set.id);
    return status;
  }
  return std::unique_ptr<SnapshotWriter>(std::make_unique<SqliteSnapshotWriter>(
      *queue_, std::move(begun), [this, id = set.id] { ReleaseSet(id); }));
}

Result<std::optional<SnapshotInfo>> SqliteCatalog::OpenSnapshot(std::string_view set_id) {
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  Result<std::int64_t> set = FindSetRowId(lease.db(), set_id);
  if (!set.ok()) {
    if (set.status().code() == StatusCode::kNotFound) return std::optional<SnapshotInfo>();
    return set.status();
  }
  ARK_ASSIGN_OR_RETURN(Statement stmt, lease.db().Cached(std::string("SELECT ") + kSnapshotColumns +
                                                         " FROM snapshots WHERE set_id = ?1 AND state = 0"));
  stmt.Bind(1, *set);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<SnapshotInfo>();
  return std::optional<SnapshotInfo>(SnapshotFromRow(stmt, std::string(set_id)));
}

Status SqliteCatalog::ForgetSnapshot(std::string_view set_id, std::string_view snapshot_id) {
  return queue_->Run(nullptr, [set = std::string(set_id), id = std::string(snapshot_id)](WriterContext& ctx) {
    return ForgetSnapshotOp(ctx, set, id);
  });
}

Status SqliteCatalog::ResetSet(std::string_view set_id) {
  std::string id(set_id);
  if (!ClaimSet(id)) return FailedPrecondition("a backup of set '" + id + "' is writing to the catalog");
  Status status = queue_->Run(nullptr, [&id](WriterContext& ctx) { return ResetSetOp(ctx, id); });
  ReleaseSet(id);
  return status;
}

Result<std::vector<SetInfo>> SqliteCatalog::ListSets() {
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  ARK_ASSIGN_OR_RETURN(
      Statement stmt,
      lease.db().Cached("SELECT set_key, name, org_id, org_name FROM sets ORDER BY name, set_key"));
  std::vector<SetInfo> sets;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return sets;
    sets.push_back(SetFromRow(stmt));
  }
}

Result<SetInfo> SqliteCatalog::FindSet(std::string_view name_or_id) {
  ARK_ASSIGN_OR_RETURN(std::vector<SetInfo> sets, ListSets());
  for (const SetInfo& set : sets) {
    if (set.id == name_or_id) return set;
  }
  std::vector<SetInfo> named;
  std::string wanted(name_or_id);
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const SetInfo& set : sets) {
    std::string name = set.name;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == wanted) named.push_back(set);
  }
  if (named.size() == 1) return named.front();
  if (named.size() > 1) {
    std::string ids;
    for (const SetInfo& set : named) ids += (ids.empty() ? "" : ", ") + set.id + " (" + set.org_name + ")";
    return InvalidArgument("several backup sets are named '" + std::string(name_or_id) + "': " + ids +
                           "; give the set's id instead");
  }
  std::string known;
  for (const SetInfo& set : sets) known += (known.empty() ? "" : ", ") + set.name;
  return NotFound(
      "the catalog has no backup set named or with id '" + std::string(name_or_id) + "'" +
      (known.empty() ? std::string("; it is empty until a first backup finishes") : "; it knows: " + known));
}

Result<std::vector<SnapshotInfo>> SqliteCatalog::ListSnapshots(std::string_view set_id) {
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  ARK_ASSIGN_OR_RETURN(std::int64_t set, FindSetRowId(lease.db(), set_id));
  ARK_ASSIGN_OR_RETURN(Statement stmt, lease.db().Cached(std::string("SELECT ") + kSnapshotColumns +
                                                         " FROM snapshots WHERE set_id = ?1 AND state = 1 "
                                                         "ORDER BY seq"));
  stmt.Bind(1, set);
  std::vector<SnapshotInfo> snapshots;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return snapshots;
    snapshots.push_back(SnapshotFromRow(stmt, std::string(set_id)));
  }
}

Result<SnapshotInfo> SqliteCatalog::ResolveSnapshot(std::string_view set_id, std::string_view selector) {
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  ARK_ASSIGN_OR_RETURN(std::int64_t set, FindSetRowId(lease.db(), set_id));
  return ResolveSnapshotOn(lease.db(), set, set_id, selector);
}

Result<std::vector<Owner>> SqliteCatalog::ListOwners(std::string_view set_id) {
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  ARK_ASSIGN_OR_RETURN(std::int64_t set, FindSetRowId(lease.db(), set_id));
  ARK_ASSIGN_OR_RETURN(Statement stmt,
                       lease.db().Cached("SELECT owner_key, kind, display_name, address FROM owners "
                                         "WHERE set_id = ?1 ORDER BY display_name, owner_key"));
  stmt.Bind(1, set);
  std::vector<Owner> owners;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return owners;
    owners.push_back(Owner{stmt.Text(0), static_cast<OwnerKind>(stmt.Int(1)), stmt.Text(2), stmt.Text(3)});
  }
}

Result<ItemRecord> SqliteCatalog::GetItem(std::int64_t version_id) {
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  ARK_ASSIGN_OR_RETURN(std::vector<ItemRecord> items, LoadItems(lease.db(), {version_id}));
  if (items.empty()) {
    return NotFound("the catalog has no item " + std::to_string(version_id) +
                    " (it may belong to a forgotten snapshot); search again for its current id");
  }
  return std::move(items.front());
}

Result<std::vector<ItemRecord>> SqliteCatalog::ItemHistory(std::string_view set_id, const ItemKey& key) {
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  ARK_ASSIGN_OR_RETURN(std::int64_t set, FindSetRowId(lease.db(), set_id));
  ARK_ASSIGN_OR_RETURN(
      Statement stmt,
      lease.db().Cached(
          "SELECT v.id FROM versions v INDEXED BY versions_by_key JOIN owners o ON o.id = v.owner_id "
          "WHERE v.set_id = ?1 AND v.key_hash = ?2 AND o.owner_key = ?3 "
          "AND v.kind = ?4 AND v.graph_id = ?5 ORDER BY v.first_seq"));
  stmt.Bind(1, set).Bind(2, KeyHash(key)).Bind(3, key.owner_id).Bind(4, static_cast<std::int64_t>(key.kind));
  stmt.Bind(5, key.graph_id);
  std::vector<std::int64_t> ids;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ids.push_back(stmt.Int(0));
  }
  return LoadItems(lease.db(), ids);
}

}  // namespace ark::catalog::sqlite

namespace ark::catalog {

Result<std::unique_ptr<Catalog>> OpenSqliteCatalog(const std::string& path, CatalogOptions options) {
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::Database> db,
                       sqlite::Database::Open(path, /*read_only=*/false));
  ARK_RETURN_IF_ERROR(sqlite::ConfigureConnection(*db, /*writer=*/true));
  ARK_RETURN_IF_ERROR(sqlite::Migrate(*db));
  return std::unique_ptr<Catalog>(std::make_unique<sqlite::SqliteCatalog>(std::move(db), options));
}

}  // namespace ark::catalog
