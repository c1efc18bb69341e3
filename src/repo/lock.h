// Repository locks (format §8.3): shared for backups, exclusive for the deleting phase of prune.
//
// A Lock is held while the object exists; its holder refreshes it every five
// minutes from a background thread. Locks whose process is gone (same host)
// or that were not refreshed for 30 minutes are stale and ignored; `unlock`
// removes them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "repo/ids.h"

namespace ark::repo {

class Repository;

struct LockInfo {
  Id id;
  SystemTime time;
  std::string hostname;
  std::string username;
  int64_t pid = 0;
  bool exclusive = false;
  std::string operation;
  bool stale = false;
  std::string Describe() const;
};

inline constexpr std::chrono::minutes kLockRefresh{5};
inline constexpr std::chrono::minutes kLockStaleAfter{30};

class Lock {
 public:
  // Takes a lock; retries every second for up to `wait` while a conflicting
  // lock exists, then fails with kFailedPrecondition naming the holder.
  // A "prune" lock also conflicts with any other "prune" lock.
  static Result<std::unique_ptr<Lock>> Acquire(Repository& repo, bool exclusive, std::string operation,
                                               std::chrono::seconds wait = std::chrono::seconds(0));
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  // Removes the lock object (also done by the destructor).
  Status Release();
  const Id& id() const { return id_; }

 private:
  Lock(Repository& repo, bool exclusive, std::string operation);
  Status Write();
  void RefreshLoop();

  Repository& repo_;
  bool exclusive_;
  std::string operation_;
  Id id_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool released_ = false;
  std::thread refresher_;
};

// Every lock object; damaged ones are reported as stale.
Result<std::vector<LockInfo>> ListLocks(Repository& repo);
// Removes stale locks (all locks when `all`); returns how many were removed.
Result<int> RemoveLocks(Repository& repo, bool all);

}  // namespace ark::repo
