// ForEachParallel: a bounded fan-out of independent steps (the downloads of one delta page).
#pragma once

#include <cstddef>
#include <functional>

#include "core/status.h"

namespace ark::backup {

// Runs fn(0) … fn(n - 1), at most `parallel` at a time (the calling thread is one of them), and returns
// the first error; steps not yet started when an error happens are skipped.
Status ForEachParallel(size_t n, int parallel, const std::function<Status(size_t)>& fn);

}  // namespace ark::backup
