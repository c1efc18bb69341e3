// check: the repository's structure, and with read_data every stored byte; damage is named by snapshot and
// path.
#pragma once

#include <string>
#include <vector>

#include "core/progress.h"
#include "core/status.h"

namespace ark::repo {

class Repository;

struct CheckOptions {
  bool read_data = false;
  // With read_data: check packs i of every n (1-based), deterministic by pack
  // id ("2/5"); or a fraction 0 < f <= 1 of packs chosen at random.
  uint32_t subset_index = 0;
  uint32_t subset_count = 0;
  double subset_fraction = 1.0;
};

// Parses "--read-data-subset": "n/t" or "p%".
Status ParseReadDataSubset(std::string_view text, CheckOptions& options);

struct CheckResult {
  std::vector<std::string> errors;    // damage and inconsistencies
  std::vector<std::string> warnings;  // harmless leftovers (orphan packs, stale locks)
  std::vector<std::string> affected;  // "snapshot 1a2b3c4d (time): path: reason"
  uint64_t packs = 0;
  uint64_t packs_read = 0;
  uint64_t blobs = 0;
  uint64_t snapshots = 0;
  bool ok() const { return errors.empty(); }
};

Result<CheckResult> CheckRepository(Repository& repo, const CheckOptions& options, Progress* progress);

}  // namespace ark::repo
