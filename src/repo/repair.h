// repair: rebuild the index from the pack headers, and remove snapshots whose trees are gone.
#pragma once

#include <string>
#include <vector>

#include "core/progress.h"
#include "core/status.h"

namespace ark::repo {

class Repository;

struct RepairResult {
  uint64_t packs_indexed = 0;
  uint64_t blobs_indexed = 0;
  uint64_t index_files_removed = 0;
  std::vector<std::string> damaged_packs;  // unreadable headers: their blobs are lost
};

// Reads every pack's header, writes a complete new index, then removes the
// old index files. Takes the exclusive lock. Packs with a damaged header are
// reported and left in place (check --read-data names what they held).
Result<RepairResult> RepairIndex(Repository& repo, Progress* progress);

// Indexes packs that no index file lists (left by a killed backup), so that
// the next backup deduplicates against them instead of storing their blobs
// again. Cheap: one header read per orphan. REQUIRES: LoadIndex() was called
// and the caller holds a lock. Returns how many packs were indexed.
Result<uint64_t> IndexOrphanPacks(Repository& repo);

}  // namespace ark::repo
