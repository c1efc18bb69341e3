// diff: what changed between two snapshot trees; shared subtrees are skipped by id without being read.
#pragma once

#include <functional>
#include <string>

#include "core/status.h"
#include "repo/ids.h"

namespace ark::repo {

class Repository;

struct DiffEntry {
  char change;  // '+' added, '-' removed, 'M' content or metadata changed, 'T' type changed
  std::string path;
  bool is_dir = false;
};

Status DiffTrees(Repository& repo, const BlobId& before, const BlobId& after,
                 const std::function<Status(const DiffEntry&)>& fn);

}  // namespace ark::repo
