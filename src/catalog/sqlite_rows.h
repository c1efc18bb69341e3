// Column lists and row decoders shared by the SQLite catalog's reads and writes.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite_db.h"

namespace ark::catalog::sqlite {

// Columns of `snapshots` that SnapshotFromRow() decodes, in order.
inline constexpr const char* kSnapshotColumns =
    "seq, snapshot_id, state, time, items, added, changed, removed";
SnapshotInfo SnapshotFromRow(const Statement& row, const std::string& set_key);

// Columns and joins that ItemFromRow() decodes: an item version with its
// owner, folder and set. Versions are aliased v.
inline constexpr const char* kItemColumns =
    "v.id, v.kind, v.first_seq, v.last_seq, v.item_date, v.size, v.has_attachments, v.graph_id, v.name, "
    "v.ref, v.created, v.modified, v.sent, v.received, v.start_time, v.end_time, v.author, v.recipients, "
    "v.preview, v.attachment_names, v.location, v.version, o.owner_key, o.kind, o.display_name, o.address, "
    "f.path, s.set_key";
inline constexpr const char* kItemJoins =
    "FROM versions v JOIN owners o ON o.id = v.owner_id JOIN folders f ON f.id = v.folder_id "
    "JOIN sets s ON s.id = v.set_id";
ItemRecord ItemFromRow(const Statement& row);

}  // namespace ark::catalog::sqlite
