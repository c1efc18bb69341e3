// Rebuilding a set's catalog from the repository alone: every snapshot of the set, oldest first, replayed
// into the catalog with the same mapping the backup uses (docs/backup-format.md §7).
#pragma once

#include <cstdint>

#include "catalog/catalog.h"
#include "core/status.h"
#include "repo/repository.h"

namespace ark::backup {

struct RebuildReport {
  uint64_t snapshots = 0;
  uint64_t items = 0;
};

// REQUIRES: repo's index is loaded. `set` names the catalog set; its snapshots are those tagged set:<id>.
Result<RebuildReport> RebuildCatalog(repo::Repository& repo, catalog::Catalog& catalog,
                                     const catalog::SetInfo& set);

}  // namespace ark::backup
