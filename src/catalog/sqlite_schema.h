// The SQLite catalog's schema and its migrations (docs/catalog.md is the reference).
#pragma once

#include <cstdint>

#include "catalog/sqlite_db.h"
#include "core/status.h"

namespace ark::catalog::sqlite {

// PRAGMA application_id of a catalog file: "ARKC".
inline constexpr std::int32_t kApplicationId = 0x41524B43;
// The schema version this build writes (PRAGMA user_version).
int CurrentSchemaVersion();
// last_seq of an item version that is still current (valid in every later snapshot).
inline constexpr std::int64_t kOpenSeq = INT64_MAX;

// Brings the database to CurrentSchemaVersion(), one migration per
// transaction. Refuses a file that is not a catalog, or a catalog written by a
// newer Ark365, with a message saying what to do.
Status Migrate(Database& db);

// Per-connection settings: WAL, foreign keys off (the writer keeps the
// references), caches. `writer` is the one connection that writes.
Status ConfigureConnection(Database& db, bool writer);

}  // namespace ark::catalog::sqlite
