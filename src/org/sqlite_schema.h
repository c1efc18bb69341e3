// The schema of the configuration database and its migrations (docs/configuration-database.md).
#pragma once

#include "core/status.h"
#include "org/sqlite.h"

namespace ark::org {

// The schema version this build writes.
int CurrentSchemaVersion();

// Brings the database to CurrentSchemaVersion(): the missing migrations run
// in order inside one transaction (all or none) and each is recorded in
// `schema_version`. Refuses a database whose version is newer than this
// build knows.
Status MigrateSchema(Database& db);

}  // namespace ark::org
