// Schema migrations of the SQLite catalog, applied in order inside transactions.
#include "catalog/sqlite_schema.h"

#include <string>
#include <vector>

namespace ark::catalog::sqlite {
namespace {

// Migration N takes the schema from version N-1 to N. Append only: a released
// migration is never edited (docs/catalog.md describes the resulting schema).
const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> migrations = {
      // 1: sets, snapshots, owners, folders, item versions with validity
      // ranges, the full-text index, and the listing bookkeeping.
      R"sql(
CREATE TABLE sets (
  id INTEGER PRIMARY KEY,
  set_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL COLLATE NOCASE,
  org_id TEXT NOT NULL,
  org_name TEXT NOT NULL
);
CREATE TABLE snapshots (
  set_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  snapshot_id TEXT,
  state INTEGER NOT NULL,
  time INTEGER NOT NULL,
  committed_at INTEGER,
  items INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  changed INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (set_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX snapshots_by_id ON snapshots(set_id, snapshot_id);
CREATE TABLE owners (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL,
  owner_key TEXT NOT NULL,
  kind INTEGER NOT NULL,
  display_name TEXT NOT NULL COLLATE NOCASE,
  address TEXT NOT NULL COLLATE NOCASE,
  UNIQUE (set_id, owner_key)
);
CREATE TABLE folders (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL,
  path TEXT NOT NULL,
  UNIQUE (set_id, path)
);
CREATE TABLE versions (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL,
  owner_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  key_hash INTEGER NOT NULL,
  fingerprint INTEGER NOT NULL,
  folder_id INTEGER NOT NULL,
  item_date INTEGER NOT NULL,
  size INTEGER NOT NULL,
  has_attachments INTEGER NOT NULL,
  graph_id TEXT NOT NULL,
  name TEXT NOT NULL,
  ref TEXT NOT NULL,
  created INTEGER,
  modified INTEGER,
  sent INTEGER,
  received INTEGER,
  start_time INTEGER,
  end_time INTEGER,
  author TEXT NOT NULL,
  recipients TEXT NOT NULL,
  preview TEXT NOT NULL,
  attachment_names TEXT NOT NULL,
  location TEXT NOT NULL,
  version TEXT NOT NULL
);
CREATE INDEX versions_by_key ON versions(set_id, key_hash, last_seq);
CREATE INDEX versions_by_first ON versions(set_id, first_seq);
CREATE INDEX versions_by_last ON versions(set_id, last_seq);
CREATE INDEX versions_by_folder_name ON versions(folder_id, name);
CREATE INDEX versions_by_folder_date ON versions(folder_id, item_date);
CREATE INDEX versions_by_owner_date ON versions(owner_id, item_date);
CREATE INDEX versions_by_set_date ON versions(set_id, item_date);
CREATE INDEX versions_by_set_kind_date ON versions(set_id, kind, item_date);
CREATE INDEX versions_narrow ON versions(id, set_id, first_seq, last_seq, kind, owner_id, item_date, folder_id);
CREATE TABLE listing_seen (
  version_id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL
);
CREATE VIEW versions_text AS
  SELECT v.id AS id, v.name AS name, v.author AS author, v.recipients AS recipients,
         v.preview AS preview, v.attachment_names AS attachment_names, f.path AS path
  FROM versions v JOIN folders f ON f.id = v.folder_id;
CREATE VIRTUAL TABLE versions_fts USING fts5(
  name, author, recipients, preview, attachment_names, path,
  content = 'versions_text', content_rowid = 'id', columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER versions_fts_insert AFTER INSERT ON versions BEGIN
  INSERT INTO versions_fts(rowid, name, author, recipients, preview, attachment_names, path)
  VALUES (new.id, new.name, new.author, new.recipients, new.preview, new.attachment_names,
          (SELECT path FROM folders WHERE id = new.folder_id));
END;
CREATE TRIGGER versions_fts_delete AFTER DELETE ON versions BEGIN
  INSERT INTO versions_fts(versions_fts, rowid, name, author, recipients, preview, attachment_names, path)
  VALUES ('delete', old.id, old.name, old.author, old.recipients, old.preview, old.attachment_names,
          (SELECT path FROM folders WHERE id = old.folder_id));
END;
)sql",
  };
  return migrations;
}

Result<std::int64_t> PragmaInt(Database& db, const std::string& name) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("PRAGMA " + name));
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

Result<bool> IsEmpty(Database& db) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT count(*) FROM sqlite_schema"));
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return !row || stmt.Int(0) == 0;
}

}  // namespace

int CurrentSchemaVersion() { return static_cast<int>(Migrations().size()); }

Status Migrate(Database& db) {
  ARK_ASSIGN_OR_RETURN(std::int64_t app_id, PragmaInt(db, "application_id"));
  ARK_ASSIGN_OR_RETURN(std::int64_t version, PragmaInt(db, "user_version"));
  if (app_id != kApplicationId) {
    ARK_ASSIGN_OR_RETURN(bool empty, IsEmpty(db));
    if (!empty) {
      return FailedPrecondition(db.path() +
                                " is an SQLite database but not an Ark365 catalog; point Ark365 at its own "
                                "catalog file (<home>/catalog.db) and move this one aside");
    }
  }
  if (version > CurrentSchemaVersion()) {
    return FailedPrecondition("the catalog " + db.path() + " has schema version " + std::to_string(version) +
                              ", written by a newer Ark365 (this one knows up to " +
                              std::to_string(CurrentSchemaVersion()) +
                              "); upgrade ark365, or move the file aside and run `ark365 catalog rebuild`");
  }
  for (auto next = static_cast<std::size_t>(version); next < Migrations().size(); ++next) {
    ARK_RETURN_IF_ERROR(db.Begin(/*immediate=*/true));
    Status status = db.Exec(Migrations()[next]);
    if (status.ok()) status = db.Exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    if (status.ok()) status = db.Exec("PRAGMA user_version = " + std::to_string(next + 1));
    if (status.ok()) status = db.Commit();
    if (!status.ok()) {
      db.Rollback();
      return status.Context("migrating the catalog to schema version " + std::to_string(next + 1));
    }
  }
  return Status::Ok();
}

Status ConfigureConnection(Database& db, bool writer) {
  // WAL: readers never block the writer nor each other. NORMAL durability is
  // enough for batches: the snapshot commit itself runs with FULL (see the
  // writer), and a batch lost to a power cut is re-put by the resumed run.
  ARK_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode = WAL"));
  ARK_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = NORMAL"));
  ARK_RETURN_IF_ERROR(db.Exec("PRAGMA temp_store = MEMORY"));
  // Page cache: the writer updates indexes in random key order (256 MiB keeps
  // those of a few million items in memory); a reader needs less.
  ARK_RETURN_IF_ERROR(db.Exec(writer ? "PRAGMA cache_size = -262144" : "PRAGMA cache_size = -65536"));
  ARK_RETURN_IF_ERROR(db.Exec("PRAGMA mmap_size = 1073741824"));
  if (!writer) ARK_RETURN_IF_ERROR(db.Exec("PRAGMA query_only = ON"));
  return Status::Ok();
}

}  // namespace ark::catalog::sqlite
