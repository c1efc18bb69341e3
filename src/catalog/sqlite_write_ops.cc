// Snapshot changes of the SQLite catalog: validity ranges opened, closed, reopened and undone.
#include "catalog/sqlite_write_ops.h"

#include <chrono>
#include <optional>

#include "catalog/sqlite_rows.h"
#include "catalog/sqlite_schema.h"
#include "catalog/sqlite_sql_builder.h"

namespace ark::catalog::sqlite {
namespace {

struct VersionRow {
  std::int64_t id = 0;
  std::int64_t first_seq = 0;
  std::int64_t fingerprint = 0;
};

// The item's current version and the one this snapshot closed, if any.
struct Candidates {
  std::optional<VersionRow> open;
  std::optional<VersionRow> closed_here;
};

Result<Candidates> FindVersions(WriterContext& ctx, SnapshotRef ref, std::int64_t owner, const ItemKey& key,
                                std::int64_t key_hash) {
  ARK_ASSIGN_OR_RETURN(
      Statement stmt,
      ctx.db().Cached("SELECT id, first_seq, last_seq, fingerprint FROM versions INDEXED BY versions_by_key "
                      "WHERE set_id = ?1 AND key_hash = ?2 AND last_seq IN (?3, ?4) "
                      "AND owner_id = ?5 AND kind = ?6 AND graph_id = ?7"));
  stmt.Bind(1, ref.set).Bind(2, key_hash).Bind(3, kOpenSeq).Bind(4, ref.seq - 1).Bind(5, owner);
  stmt.Bind(6, static_cast<std::int64_t>(key.kind)).Bind(7, key.graph_id);
  Candidates found;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    VersionRow v{stmt.Int(0), stmt.Int(1), stmt.Int(3)};
    (stmt.Int(2) == kOpenSeq ? found.open : found.closed_here) = v;
  }
  return found;
}

Status RunCached(WriterContext& ctx, const std::string& sql, std::int64_t a, std::int64_t b) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, ctx.db().Cached(sql));
  return stmt.Bind(1, a).Bind(2, b).Run();
}

Status RunCached(WriterContext& ctx, const std::string& sql, std::int64_t a) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, ctx.db().Cached(sql));
  return stmt.Bind(1, a).Run();
}

Status SetLastSeq(WriterContext& ctx, std::int64_t version, std::int64_t last_seq) {
  return RunCached(ctx, "UPDATE versions SET last_seq = ?2 WHERE id = ?1", version, last_seq);
}

Status DeleteVersion(WriterContext& ctx, std::int64_t version) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, ctx.db().Cached("DELETE FROM versions WHERE id = ?1"));
  return stmt.Bind(1, version).Run();
}

// Remembers that a version older than this snapshot was listed again, for CompleteListing.
Status MarkSeen(WriterContext& ctx, SnapshotRef ref, std::int64_t version) {
  return RunCached(ctx, "INSERT OR IGNORE INTO listing_seen(version_id, set_id) VALUES (?1, ?2)", version,
                   ref.set);
}

// Ends a version at this snapshot: closed at N - 1, or gone if it began here.
Status EndVersion(WriterContext& ctx, SnapshotRef ref, const VersionRow& v) {
  if (v.first_seq == ref.seq) return DeleteVersion(ctx, v.id);
  return SetLastSeq(ctx, v.id, ref.seq - 1);
}

Status InsertVersion(WriterContext& ctx, SnapshotRef ref, std::int64_t owner, std::int64_t folder,
                     const PreparedItem& p) {
  const Item& item = p.item;
  ARK_ASSIGN_OR_RETURN(
      Statement stmt,
      ctx.db().Cached(
          "INSERT INTO versions(set_id, owner_id, kind, first_seq, last_seq, key_hash, fingerprint, "
          "folder_id, item_date, size, has_attachments, graph_id, name, ref, created, modified, sent, "
          "received, start_time, end_time, author, recipients, preview, attachment_names, location, "
          "version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
          "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"));
  auto millis = [](const std::optional<SystemTime>& t) -> std::optional<std::int64_t> {
    if (!t) return std::nullopt;
    return ToMillis(*t);
  };
  std::optional<SystemTime> date = PrimaryDate(item);
  stmt.Bind(1, ref.set).Bind(2, owner).Bind(3, static_cast<std::int64_t>(item.key.kind)).Bind(4, ref.seq);
  stmt.Bind(5, kOpenSeq).Bind(6, p.key_hash).Bind(7, p.fingerprint).Bind(8, folder);
  stmt.Bind(9, date ? ToMillis(*date) : 0).Bind(10, item.size).Bind(11, std::int64_t{item.has_attachments});
  stmt.Bind(12, item.key.graph_id).Bind(13, item.name).Bind(14, item.ref);
  stmt.Bind(15, millis(item.created)).Bind(16, millis(item.modified)).Bind(17, millis(item.sent));
  stmt.Bind(18, millis(item.received)).Bind(19, millis(item.start)).Bind(20, millis(item.end));
  stmt.Bind(21, item.from).Bind(22, item.to).Bind(23, item.preview).Bind(24, item.attachment_names);
  stmt.Bind(25, item.location).Bind(26, item.version);
  return stmt.Run();
}

Result<std::int64_t> SetRowId(WriterContext& ctx, const std::string& set_key) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, ctx.db().Cached("SELECT id FROM sets WHERE set_key = ?1"));
  stmt.Bind(1, set_key);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("the catalog has no backup set with id '" + set_key + "'");
  return stmt.Int(0);
}

Result<std::int64_t> CountVersions(WriterContext& ctx, const std::string& sql, SnapshotRef ref,
                                   std::int64_t seq) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, ctx.db().Cached(sql));
  stmt.Bind(1, ref.set).Bind(2, seq);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

Status RequireOpen(WriterContext& ctx, SnapshotRef ref) {
  ARK_ASSIGN_OR_RETURN(Statement stmt,
                       ctx.db().Cached("SELECT state FROM snapshots WHERE set_id = ?1 AND seq = ?2"));
  stmt.Bind(1, ref.set).Bind(2, ref.seq);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row || stmt.Int(0) != static_cast<std::int64_t>(SnapshotState::kOpen)) {
    return FailedPrecondition("catalog snapshot " + std::to_string(ref.seq) +
                              " is no longer open (it was committed or abandoned elsewhere)");
  }
  return Status::Ok();
}

Status RequireUniqueId(WriterContext& ctx, SnapshotRef ref, const std::string& snapshot_id) {
  if (snapshot_id.empty()) return InvalidArgument("a catalog snapshot needs the repository's snapshot id");
  ARK_ASSIGN_OR_RETURN(Statement stmt,
                       ctx.db().Cached("SELECT seq FROM snapshots WHERE set_id = ?1 AND snapshot_id = ?2"));
  stmt.Bind(1, ref.set).Bind(2, snapshot_id);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (row && stmt.Int(0) != ref.seq) {
    return AlreadyExists("the catalog already has snapshot " + snapshot_id + " in this backup set (number " +
                         std::to_string(stmt.Int(0)) + ")");
  }
  return Status::Ok();
}

// Every batch adds a segment to the full-text index, and a search looks into
// each one: at 1M items, after a bulk load and four small snapshots (about
// eight segments), a frequent word costs 8x what it costs with one segment.
// So each commit that wrote anything merges the index into one segment: about
// 2.5 s of CPU per million items, next to a backup run that takes minutes.
Status TidyFullTextIndex(WriterContext& ctx, std::int64_t written) {
  if (written == 0) return Status::Ok();
  return ctx.db().Exec("INSERT INTO versions_fts(versions_fts) VALUES ('optimize')");
}

}  // namespace

Result<BeginResult> BeginSnapshotOp(WriterContext& ctx, const SetInfo& set, SystemTime time) {
  Database& db = ctx.db();
  {
    ARK_ASSIGN_OR_RETURN(
        Statement upsert,
        db.Cached("INSERT INTO sets(set_key, name, org_id, org_name) VALUES (?1, ?2, ?3, ?4) "
                  "ON CONFLICT(set_key) DO UPDATE SET name = excluded.name, "
                  "org_id = excluded.org_id, org_name = excluded.org_name"));
    ARK_RETURN_IF_ERROR(
        upsert.Bind(1, set.id).Bind(2, set.name).Bind(3, set.org_id).Bind(4, set.org_name).Run());
  }
  BeginResult result;
  ARK_ASSIGN_OR_RETURN(result.ref.set, SetRowId(ctx, set.id));
  {
    ARK_ASSIGN_OR_RETURN(Statement open, db.Cached(std::string("SELECT ") + kSnapshotColumns +
                                                   " FROM snapshots WHERE set_id = ?1 AND state = 0"));
    open.Bind(1, result.ref.set);
    ARK_ASSIGN_OR_RETURN(bool row, open.Step());
    if (row) {
      result.info = SnapshotFromRow(open, set.id);
      result.ref.seq = result.info.seq;
      result.resumed = true;
      return result;
    }
  }
  {
    ARK_ASSIGN_OR_RETURN(Statement next,
                         db.Cached("SELECT coalesce(max(seq), 0) + 1 FROM snapshots WHERE set_id = ?1"));
    next.Bind(1, result.ref.set);
    ARK_ASSIGN_OR_RETURN(bool row, next.Step());
    result.ref.seq = row ? next.Int(0) : 1;
  }
  ARK_ASSIGN_OR_RETURN(Statement insert,
                       db.Cached("INSERT INTO snapshots(set_id, seq, snapshot_id, state, time) "
                                 "VALUES (?1, ?2, NULL, 0, ?3)"));
  ARK_RETURN_IF_ERROR(insert.Bind(1, result.ref.set).Bind(2, result.ref.seq).Bind(3, ToMillis(time)).Run());
  result.info.set_id = set.id;
  result.info.seq = result.ref.seq;
  result.info.time = time;
  return result;
}

Status PutOwnerOp(WriterContext& ctx, SnapshotRef ref, const Owner& owner) {
  ARK_ASSIGN_OR_RETURN(std::int64_t id, ctx.OwnerId(ref.set, owner.id));
  ARK_ASSIGN_OR_RETURN(
      Statement stmt,
      ctx.db().Cached("UPDATE owners SET kind = ?2, display_name = ?3, address = ?4 WHERE id = ?1"));
  stmt.Bind(1, id).Bind(2, static_cast<std::int64_t>(owner.kind)).Bind(3, owner.display_name);
  return stmt.Bind(4, owner.address).Run();
}

Status PutItemOp(WriterContext& ctx, SnapshotRef ref, const PreparedItem& p) {
  const Item& item = p.item;
  ARK_ASSIGN_OR_RETURN(std::int64_t owner, ctx.OwnerId(ref.set, item.key.owner_id));
  ARK_ASSIGN_OR_RETURN(std::int64_t folder, ctx.FolderId(ref.set, item.folder_path));
  ARK_ASSIGN_OR_RETURN(Candidates found, FindVersions(ctx, ref, owner, item.key, p.key_hash));
  if (found.open) {
    if (found.open->fingerprint == p.fingerprint) {
      // Unchanged. Only a full listing needs to know it was seen again.
      if (found.open->first_seq < ref.seq) return MarkSeen(ctx, ref, found.open->id);
      return Status::Ok();
    }
    ARK_RETURN_IF_ERROR(EndVersion(ctx, ref, *found.open));
  }
  if (found.closed_here && found.closed_here->fingerprint == p.fingerprint) {
    // Put back as it was before this snapshot (deleted, then listed again):
    // the old version continues instead of a copy of it.
    ARK_RETURN_IF_ERROR(SetLastSeq(ctx, found.closed_here->id, kOpenSeq));
    return MarkSeen(ctx, ref, found.closed_here->id);
  }
  return InsertVersion(ctx, ref, owner, folder, p);
}

Status DeleteItemOp(WriterContext& ctx, SnapshotRef ref, const ItemKey& key, std::int64_t key_hash) {
  ARK_ASSIGN_OR_RETURN(std::int64_t owner, ctx.OwnerId(ref.set, key.owner_id));
  ARK_ASSIGN_OR_RETURN(Candidates found, FindVersions(ctx, ref, owner, key, key_hash));
  if (!found.open) return Status::Ok();  // already gone: deletions are idempotent
  return EndVersion(ctx, ref, *found.open);
}

Status DeleteSubtreeOp(WriterContext& ctx, SnapshotRef ref, const std::string& owner_id,
                       const std::string& path) {
  std::optional<std::int64_t> owner;
  if (!owner_id.empty()) {
    ARK_ASSIGN_OR_RETURN(owner, ctx.OwnerId(ref.set, owner_id));
  }
  // Versions that began in this snapshot go; older ones end before it.
  for (bool began_here : {true, false}) {
    SqlBuilder sql;
    std::string where =
        " WHERE v.set_id = " + sql.Param(ref.set) + " AND v.last_seq = " + sql.Param(kOpenSeq);
    if (began_here) where += " AND v.first_seq = " + sql.Param(ref.seq);
    if (owner) where += " AND v.owner_id = " + sql.Param(*owner);
    std::string folders = FolderCondition(sql, "v", ref.set, path, /*recursive=*/true);
    if (!folders.empty()) where += " AND " + folders;
    // `v` is an alias for the rowid lookups below; SQLite UPDATE/DELETE need a subquery for it.
    std::string target = "(SELECT v.id FROM versions v" + where + ")";
    std::string text =
        began_here ? "DELETE FROM versions WHERE id IN " + target
                   : "UPDATE versions SET last_seq = " + sql.Param(ref.seq - 1) + " WHERE id IN " + target;
    ARK_ASSIGN_OR_RETURN(Statement stmt, ctx.db().Prepare(text));
    sql.BindAll(stmt);
    ARK_RETURN_IF_ERROR(stmt.Run());
  }
  return Status::Ok();
}

Status CompleteListingOp(WriterContext& ctx, SnapshotRef ref, const ListingScope& scope) {
  SqlBuilder sql;
  std::string where = " WHERE v.set_id = " + sql.Param(ref.set) + " AND v.last_seq = " + sql.Param(kOpenSeq) +
                      " AND v.first_seq < " + sql.Param(ref.seq);
  if (!scope.owner_id.empty()) {
    ARK_ASSIGN_OR_RETURN(std::int64_t owner, ctx.OwnerId(ref.set, scope.owner_id));
    where += " AND v.owner_id = " + sql.Param(owner);
  }
  if (!scope.kinds.empty()) {
    std::string list;
    for (ItemKind kind : scope.kinds)
      list += (list.empty() ? "" : ", ") + sql.Param(static_cast<std::int64_t>(kind));
    where += " AND v.kind IN (" + list + ")";
  }
  std::string folders = FolderCondition(sql, "v", ref.set, NormalizePath(scope.folder_path), scope.recursive);
  if (!folders.empty()) where += " AND " + folders;
  where += " AND NOT EXISTS (SELECT 1 FROM listing_seen s WHERE s.version_id = v.id)";
  std::string text = "UPDATE versions SET last_seq = " + sql.Param(ref.seq - 1) +
                     " WHERE id IN (SELECT v.id FROM versions v" + where + ")";
  ARK_ASSIGN_OR_RETURN(Statement stmt, ctx.db().Prepare(text));
  sql.BindAll(stmt);
  return stmt.Run();
}

Status PrepareSnapshotOp(WriterContext& ctx, SnapshotRef ref, const std::string& snapshot_id) {
  ARK_RETURN_IF_ERROR(RequireOpen(ctx, ref));
  ARK_RETURN_IF_ERROR(RequireUniqueId(ctx, ref, snapshot_id));
  ARK_ASSIGN_OR_RETURN(
      Statement stmt,
      ctx.db().Cached("UPDATE snapshots SET snapshot_id = ?3 WHERE set_id = ?1 AND seq = ?2"));
  return stmt.Bind(1, ref.set).Bind(2, ref.seq).Bind(3, snapshot_id).Run();
}

Result<SnapshotInfo> CommitSnapshotOp(WriterContext& ctx, SnapshotRef ref, const std::string& snapshot_id,
                                      const std::string& set_key) {
  ARK_RETURN_IF_ERROR(RequireOpen(ctx, ref));
  ARK_RETURN_IF_ERROR(RequireUniqueId(ctx, ref, snapshot_id));
  ARK_ASSIGN_OR_RETURN(
      std::int64_t began,
      CountVersions(
          ctx,
          "SELECT count(*) FROM versions INDEXED BY versions_by_first WHERE set_id = ?1 AND first_seq = ?2",
          ref, ref.seq));
  ARK_ASSIGN_OR_RETURN(
      std::int64_t ended,
      CountVersions(
          ctx,
          "SELECT count(*) FROM versions INDEXED BY versions_by_last WHERE set_id = ?1 AND last_seq = ?2",
          ref, ref.seq - 1));
  ARK_ASSIGN_OR_RETURN(
      std::int64_t changed,
      CountVersions(ctx,
                    "SELECT count(*) FROM versions a INDEXED BY versions_by_first WHERE a.set_id = ?1 AND "
                    "a.first_seq = ?2 AND EXISTS ("
                    "SELECT 1 FROM versions b INDEXED BY versions_by_key WHERE b.set_id = ?1 AND b.key_hash "
                    "= a.key_hash AND "
                    "b.last_seq = ?2 - 1 AND b.owner_id = a.owner_id AND b.kind = a.kind AND "
                    "b.graph_id = a.graph_id)",
                    ref, ref.seq));
  ARK_ASSIGN_OR_RETURN(std::int64_t before,
                       CountVersions(ctx,
                                     "SELECT items FROM snapshots WHERE set_id = ?1 AND seq < ?2 "
                                     "ORDER BY seq DESC LIMIT 1",
                                     ref, ref.seq));
  auto now = ToMillis(std::chrono::system_clock::now());
  {
    ARK_ASSIGN_OR_RETURN(
        Statement update,
        ctx.db().Cached("UPDATE snapshots SET state = 1, snapshot_id = ?3, committed_at = ?4, "
                        "items = ?5, added = ?6, changed = ?7, removed = ?8 "
                        "WHERE set_id = ?1 AND seq = ?2"));
    update.Bind(1, ref.set).Bind(2, ref.seq).Bind(3, snapshot_id).Bind(4, now);
    update.Bind(5, before + began - ended).Bind(6, began - changed).Bind(7, changed).Bind(8, ended - changed);
    ARK_RETURN_IF_ERROR(update.Run());
  }
  ARK_RETURN_IF_ERROR(RunCached(ctx, "DELETE FROM listing_seen WHERE set_id = ?1", ref.set));
  ARK_RETURN_IF_ERROR(TidyFullTextIndex(ctx, began + ended));
  ARK_ASSIGN_OR_RETURN(Statement read, ctx.db().Cached(std::string("SELECT ") + kSnapshotColumns +
                                                       " FROM snapshots WHERE set_id = ?1 AND seq = ?2"));
  read.Bind(1, ref.set).Bind(2, ref.seq);
  ARK_ASSIGN_OR_RETURN(bool row, read.Step());
  if (!row) return Internal("catalog snapshot " + snapshot_id + " vanished while it was committed");
  return SnapshotFromRow(read, set_key);
}

Status AbandonSnapshotOp(WriterContext& ctx, SnapshotRef ref) {
  ARK_RETURN_IF_ERROR(RequireOpen(ctx, ref));
  ARK_RETURN_IF_ERROR(
      RunCached(ctx, "DELETE FROM versions INDEXED BY versions_by_first WHERE set_id = ?1 AND first_seq = ?2",
                ref.set, ref.seq));
  ARK_ASSIGN_OR_RETURN(Statement reopen,
                       ctx.db().Cached("UPDATE versions INDEXED BY versions_by_last SET last_seq = ?3 WHERE "
                                       "set_id = ?1 AND last_seq = ?2"));
  ARK_RETURN_IF_ERROR(reopen.Bind(1, ref.set).Bind(2, ref.seq - 1).Bind(3, kOpenSeq).Run());
  ARK_RETURN_IF_ERROR(RunCached(ctx, "DELETE FROM listing_seen WHERE set_id = ?1", ref.set));
  return RunCached(ctx, "DELETE FROM snapshots WHERE set_id = ?1 AND seq = ?2", ref.set, ref.seq);
}

Status ForgetSnapshotOp(WriterContext& ctx, const std::string& set_key, const std::string& snapshot_id) {
  ARK_ASSIGN_OR_RETURN(std::int64_t set, SetRowId(ctx, set_key));
  ARK_ASSIGN_OR_RETURN(Statement find,
                       ctx.db().Cached("SELECT seq FROM snapshots WHERE set_id = ?1 AND snapshot_id = ?2 "
                                       "AND state = 1"));
  find.Bind(1, set).Bind(2, snapshot_id);
  ARK_ASSIGN_OR_RETURN(bool row, find.Step());
  if (!row) return NotFound("the catalog has no committed snapshot " + snapshot_id + " in set " + set_key);
  std::int64_t seq = find.Int(0);
  ARK_RETURN_IF_ERROR(
      RunCached(ctx, "UPDATE snapshots SET state = 2 WHERE set_id = ?1 AND seq = ?2", set, seq));
  // A version goes when no committed snapshot lies in its range any more. The
  // current versions stay (the next incremental continues from them), and so
  // do those an open snapshot closed (abandoning it reopens them).
  ARK_ASSIGN_OR_RETURN(
      Statement gc,
      ctx.db().Cached("DELETE FROM versions WHERE id IN (SELECT v.id FROM versions v WHERE v.set_id = ?1 "
                      "AND v.last_seq >= ?2 AND v.last_seq <> ?3 AND v.first_seq <= ?2 "
                      "AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.set_id = ?1 AND s.state = 1 "
                      "AND s.seq BETWEEN v.first_seq AND v.last_seq) "
                      "AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.set_id = ?1 AND s.state = 0 "
                      "AND s.seq = v.last_seq + 1))"));
  return gc.Bind(1, set).Bind(2, seq).Bind(3, kOpenSeq).Run();
}

Status ResetSetOp(WriterContext& ctx, const std::string& set_key) {
  Result<std::int64_t> set = SetRowId(ctx, set_key);
  if (!set.ok()) return set.status().code() == StatusCode::kNotFound ? Status::Ok() : set.status();
  ctx.ForgetCaches();
  // Versions before folders: the full-text trigger reads their paths.
  for (const char* table : {"versions", "listing_seen", "folders", "owners", "snapshots"}) {
    ARK_RETURN_IF_ERROR(RunCached(ctx, std::string("DELETE FROM ") + table + " WHERE set_id = ?1", *set));
  }
  return RunCached(ctx, "DELETE FROM sets WHERE id = ?1", *set);
}

}  // namespace ark::catalog::sqlite
