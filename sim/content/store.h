// Store: the tenant's content behind a reader/writer lock, with its blobs and delta epoch.
//
// Handlers read with Read(fn) and change with Write(fn); the lock is held
// for the callback only, so build responses (and stream bodies) after it,
// from what the callback copied out. Byte sources are immutable and may be
// read without the lock. The delta epoch invalidates every delta and skip
// token when bumped (the "sync state lost" fault).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "content/blob_store.h"
#include "content/model.h"

namespace m365sim::content {

class Store {
 public:
  Store(std::unique_ptr<Content> content, std::string blob_dir)
      : content_(std::move(content)), blobs_(std::move(blob_dir)) {}

  template <typename F>
  auto Read(F&& fn) const {
    std::shared_lock lock(mutex_);
    return std::forward<F>(fn)(static_cast<const Content&>(*content_));
  }
  template <typename F>
  auto Write(F&& fn) {
    std::unique_lock lock(mutex_);
    return std::forward<F>(fn)(*content_);
  }

  BlobStore& blobs() { return blobs_; }
  uint64_t epoch() const { return epoch_.load(); }
  void BumpEpoch() { epoch_.fetch_add(1); }

 private:
  mutable std::shared_mutex mutex_;
  std::unique_ptr<Content> content_;
  BlobStore blobs_;
  std::atomic<uint64_t> epoch_{1};
};

}  // namespace m365sim::content
