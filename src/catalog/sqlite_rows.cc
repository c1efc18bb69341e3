// Decoding of snapshot and item rows of the SQLite catalog.
#include "catalog/sqlite_rows.h"

#include "catalog/sqlite_schema.h"

namespace ark::catalog::sqlite {
namespace {

std::optional<SystemTime> OptionalTime(const Statement& row, int column) {
  std::optional<std::int64_t> millis = row.OptionalInt(column);
  if (!millis) return std::nullopt;
  return FromMillis(*millis);
}

}  // namespace

SnapshotInfo SnapshotFromRow(const Statement& row, const std::string& set_key) {
  SnapshotInfo info;
  info.set_id = set_key;
  info.seq = row.Int(0);
  info.id = row.Text(1);
  info.state = static_cast<SnapshotState>(row.Int(2));
  info.time = FromMillis(row.Int(3));
  info.items = row.Int(4);
  info.added = row.Int(5);
  info.changed = row.Int(6);
  info.removed = row.Int(7);
  return info;
}

ItemRecord ItemFromRow(const Statement& row) {
  ItemRecord record;
  record.version_id = row.Int(0);
  Item& item = record.item;
  item.key.kind = ItemKindFromNumber(static_cast<int>(row.Int(1))).value_or(ItemKind::kFolder);
  record.first_seq = row.Int(2);
  if (row.Int(3) != kOpenSeq) record.last_seq = row.Int(3);
  if (row.Int(4) != 0) record.date = FromMillis(row.Int(4));
  item.size = row.Int(5);
  item.has_attachments = row.Int(6) != 0;
  item.key.graph_id = row.Text(7);
  item.name = row.Text(8);
  item.ref = row.Text(9);
  item.created = OptionalTime(row, 10);
  item.modified = OptionalTime(row, 11);
  item.sent = OptionalTime(row, 12);
  item.received = OptionalTime(row, 13);
  item.start = OptionalTime(row, 14);
  item.end = OptionalTime(row, 15);
  item.from = row.Text(16);
  item.to = row.Text(17);
  item.preview = row.Text(18);
  item.attachment_names = row.Text(19);
  item.location = row.Text(20);
  item.version = row.Text(21);
  record.owner.id = row.Text(22);
  item.key.owner_id = record.owner.id;
  record.owner.kind = static_cast<OwnerKind>(row.Int(23));
  record.owner.display_name = row.Text(24);
  record.owner.address = row.Text(25);
  item.folder_path = row.Text(26);
  record.set_id = row.Text(27);
  return record;
}

}  // namespace ark::catalog::sqlite
