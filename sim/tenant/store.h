// TenantStore: the one shared, thread-safe home of the tenant model.
//
// Readers take a shared lock, writers an exclusive one, for the duration of the
// callback only: never call back into the store (or block on I/O) from inside
// a callback. Copy out what a response needs and build the response after.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "tenant/model.h"

namespace m365sim::tenant {

class TenantStore {
 public:
  explicit TenantStore(Tenant tenant) : tenant_(std::move(tenant)) {}

  // Runs fn(const Tenant&) under a shared lock and returns its result.
  template <typename F>
  auto Read(F&& fn) const {
    std::shared_lock lock(mutex_);
    return std::forward<F>(fn)(static_cast<const Tenant&>(tenant_));
  }

  // Runs fn(Tenant&) under an exclusive lock and returns its result; bumps version().
  template <typename F>
  auto Write(F&& fn) {
    std::unique_lock lock(mutex_);
    version_.fetch_add(1);
    return std::forward<F>(fn)(tenant_);
  }

  // Increases with every Write; lets caches notice changes.
  uint64_t version() const { return version_.load(); }

 private:
  mutable std::shared_mutex mutex_;
  Tenant tenant_;
  std::atomic<uint64_t> version_{0};
};

}  // namespace m365sim::tenant
