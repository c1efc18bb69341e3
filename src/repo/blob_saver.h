// BlobSaver: the write pipeline. Hashes, deduplicates, compresses, seals and packs blobs; uploads packs;
// writes index files.
//
// Threads: the callers (e.g. file readers or Graph downloads) hand over
// blobs; `workers` threads hash, compress and seal them; one uploader thread
// stores finished packs and indexes them. Memory stays bounded by
// WriteOptions::memory_limit however much data flows: SaveAsync blocks while
// a quarter of the budget is queued, and packs waiting for upload are capped
// so that the rest covers open packs and the workers' buffers.
//
// Durability: a pack is stored before the index file that lists it; index
// files are written at least every `flush_interval` and by Flush(), and open
// packs older than `flush_interval` are closed early, so a killed process
// loses at most that much work (format §11).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "repo/ids.h"
#include "repo/index.h"
#include "repo/pack.h"

namespace ark::repo {

class Repository;

struct WriteOptions {
  int compression_level = 3;             // zstd level; 0 = off
  uint64_t memory_limit = 256ull << 20;  // bytes the pipeline may hold
  int workers = 0;                       // 0 = one per core
  std::chrono::milliseconds flush_interval{10000};
};

// Counters of what a pipeline stored; read them after Flush().
struct SaverStats {
  std::atomic<uint64_t> blobs_new{0};
  std::atomic<uint64_t> blobs_known{0};
  std::atomic<uint64_t> bytes_new{0};     // plaintext bytes of new blobs
  std::atomic<uint64_t> bytes_known{0};   // plaintext bytes deduplicated
  std::atomic<uint64_t> bytes_stored{0};  // bytes written to packs
  std::atomic<uint64_t> packs{0};
  std::atomic<uint64_t> index_files{0};
};

class BlobSaver {
 public:
  using Done = std::function<void(Result<BlobId>)>;

  BlobSaver(Repository& repo, const WriteOptions& options);
  ~BlobSaver();
  BlobSaver(const BlobSaver&) = delete;
  BlobSaver& operator=(const BlobSaver&) = delete;

  // Stores a blob in the calling thread unless the index already has it;
  // returns its id. Thread-safe.
  Result<BlobId> Save(BlobType type, std::string_view plaintext);
  // Appends a blob exactly as it is stored elsewhere (prune's repacking: the
  // sealed bytes are bound to the blob, not to the pack, so they are copied
  // without re-encrypting). Ignores the index: the old copy is in it.
  Status SaveStored(const PackEntry& entry, std::string_view stored);
  // Queues a blob for a worker; `done` runs on the worker with the id or the
  // error. Blocks while the memory budget's queue share is full. Thread-safe.
  void SaveAsync(BlobType type, std::string plaintext, Done done);

  // Waits for queued blobs, closes open packs, waits for their upload and
  // writes an index file for everything uploaded. After it returns OK, every
  // blob saved before the call is durable and in a stored index file.
  Status Flush();
  // Flush, then stop the threads. Idempotent.
  Status Close();

  // A blob saved but not yet uploaded and indexed: its entry and stored
  // bytes, so that what a writer just stored can be read back at once
  // (a tree editor reading the pages it wrote). Thread-safe.
  std::optional<std::pair<PackEntry, std::string>> FindUnindexed(const BlobHandle& blob);

  const SaverStats& stats() const { return stats_; }
  // The first upload or encoding error, which every later call returns too.
  Status status() const;

 private:
  struct Job {
    BlobType type;
    std::string data;
    Done done;
  };
  struct OpenPack {
    std::unique_ptr<PackBuilder> builder;
    std::chrono::steady_clock::time_point opened;
  };
  struct FinishedPack {
    PackId id;
    std::string data;
    std::vector<PackEntry> entries;
  };

  size_t PackCapacity() const;
  void WorkerLoop();
  void UploaderLoop();
  // REQUIRES: pack_mu_ held. Moves the open pack of `type` to the upload
  // queue, waiting for space unless `wait` is false (then a full queue leaves
  // the pack open: the uploader itself must never wait for its own queue).
  void ClosePackLocked(BlobType type, bool wait = true);
  void CloseStalePacks();
  Status WriteIndexFile();
  void Fail(const Status& s);

  Repository& repo_;
  WriteOptions options_;
  uint64_t pack_size_;
  uint64_t queue_limit_;
  size_t upload_limit_;
  SaverStats stats_;

  mutable std::mutex error_mu_;
  Status error_;
  std::atomic<bool> failed_{false};

  std::mutex job_mu_;
  std::condition_variable job_cv_;    // workers wait for jobs
  std::condition_variable space_cv_;  // producers wait for queue space; Flush waits for idle
  std::deque<Job> jobs_;
  uint64_t queued_bytes_ = 0;
  int active_jobs_ = 0;
  bool stopping_ = false;

  // Lock order: pack_mu_, then upload_mu_. The uploader never waits for
  // pack_mu_ (a closer holds it while waiting for upload space), so the blobs
  // not yet indexed have their own lock.
  std::mutex pack_mu_;
  OpenPack open_[2];  // data, tree
  std::mutex pending_mu_;
  std::unordered_set<BlobHandle> pending_;

  std::mutex upload_mu_;
  std::condition_variable upload_cv_;  // uploader waits for packs
  std::condition_variable upload_done_cv_;
  std::deque<FinishedPack> uploads_;
  FinishedPack in_flight_;  // the pack being uploaded, until it is indexed
  bool uploading_ = false;
  bool upload_stop_ = false;

  std::mutex index_mu_;
  std::vector<IndexedPack> unindexed_;
  std::chrono::steady_clock::time_point last_index_;

  std::vector<std::thread> workers_;
  std::thread uploader_;
  bool closed_ = false;
};

}  // namespace ark::repo
