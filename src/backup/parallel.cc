// Bounded fan-out on short-lived threads.
#include "backup/parallel.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace ark::backup {

Status ForEachParallel(size_t n, int parallel, const std::function<Status(size_t)>& fn) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  Status first;
  auto run = [&] {
    while (!failed.load()) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      Status s = fn(i);
      if (!s.ok()) {
        std::lock_guard lock(mu);
        if (first.ok()) first = s;
        failed = true;
      }
    }
  };
  size_t extra = std::min<size_t>(n, static_cast<size_t>(std::max(1, parallel))) - (n > 0 ? 1 : 0);
  std::vector<std::thread> threads;
  threads.reserve(extra);
  for (size_t t = 0; t < extra; ++t) threads.emplace_back(run);
  run();
  for (std::thread& t : threads) t.join();
  return first;
}

}  // namespace ark::backup
