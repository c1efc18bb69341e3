// The write pipeline: worker threads, open packs per blob type, one uploader, periodic index files.
#include "repo/blob_saver.h"

#include <spdlog/spdlog.h>

#include "repo/compression.h"
#include "repo/repository.h"

namespace ark::repo {
namespace {

size_t Slot(BlobType type) { return type == BlobType::kTree ? 1 : 0; }

}  // namespace

BlobSaver::BlobSaver(Repository& repo, const WriteOptions& options)
    : repo_(repo), options_(options), pack_size_(repo.config().pack_size) {
  // The budget: an eighth for queued blobs, packs waiting for upload from a
  // quarter (at least one), the rest for the open packs, the packs being
  // uploaded and the workers' buffers (a chunk, its compressed and sealed forms).
  queue_limit_ = std::max<uint64_t>(options.memory_limit / 8, 8ull << 20);
  upload_limit_ = std::max<size_t>(1, options.memory_limit / 4 / PackCapacity());
  last_index_ = std::chrono::steady_clock::now();
  int n = options.workers > 0 ? options.workers : static_cast<int>(std::thread::hardware_concurrency());
  n = std::clamp(n, 1, 64);
  for (int i = 0; i < n; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  uploader_ = std::thread([this] { UploaderLoop(); });
}

size_t BlobSaver::PackCapacity() const {
  // A pack closes after the blob that reaches pack_size; a sealed chunk is at most 8 MiB + 40 bytes.
  return pack_size_ + (repo_.config().chunker.max_size + 4096);
}

BlobSaver::~BlobSaver() {
  Status s = Close();
  if (!s.ok()) spdlog::warn("write pipeline: {}", s.message());
}

Status BlobSaver::status() const {
  std::lock_guard lock(error_mu_);
  return error_;
}

void BlobSaver::Fail(const Status& s) {
  std::lock_guard lock(error_mu_);
  if (error_.ok()) error_ = s;
  failed_ = true;
}

Result<BlobId> BlobSaver::Save(BlobType type, std::string_view plaintext) {
  if (failed_) return status();
  const Crypto& crypto = repo_.crypto();
  BlobId id = crypto.BlobIdOf(plaintext);
  BlobHandle handle{id, type};
  if (repo_.index().Has(handle)) {
    stats_.blobs_known++;
    stats_.bytes_known += plaintext.size();
    return id;
  }
  {
    std::lock_guard lock(pending_mu_);
    if (!pending_.insert(handle).second) {
      stats_.blobs_known++;
      stats_.bytes_known += plaintext.size();
      return id;
    }
  }
  std::string body;
  uint8_t compression = 0;
  if (CompressTo(plaintext, options_.compression_level, body)) compression = 1;
  std::string_view payload = compression == 1 ? std::string_view(body) : plaintext;
  std::string sealed;
  sealed.reserve(payload.size() + kSealOverhead);
  crypto.SealTo(BlobAd(type, id), payload, sealed);
  std::unique_lock lock(pack_mu_);
  OpenPack& open = open_[Slot(type)];
  if (open.builder == nullptr) {
    open.builder = std::make_unique<PackBuilder>(type, type == BlobType::kData ? PackCapacity() : 0);
    open.opened = std::chrono::steady_clock::now();
  }
  open.builder->Add(id, compression, static_cast<uint32_t>(plaintext.size()), sealed);
  stats_.blobs_new++;
  stats_.bytes_new += plaintext.size();
  stats_.bytes_stored += sealed.size();
  if (open.builder->size() >= pack_size_) ClosePackLocked(type);
  if (failed_) return status();
  return id;
}

Status BlobSaver::SaveStored(const PackEntry& entry, std::string_view stored) {
  if (failed_) return status();
  {
    std::lock_guard lock(pending_mu_);
    if (!pending_.insert(BlobHandle{entry.id, entry.type}).second) return Status::Ok();
  }
  std::lock_guard lock(pack_mu_);
  OpenPack& open = open_[Slot(entry.type)];
  if (open.builder == nullptr) {
    open.builder = std::make_unique<PackBuilder>(entry.type, PackCapacity());
    open.opened = std::chrono::steady_clock::now();
  }
  open.builder->Add(entry.id, entry.compression, entry.raw_length, stored);
  stats_.bytes_stored += stored.size();
  if (open.builder->size() >= pack_size_) ClosePackLocked(entry.type);
  return status();
}

void BlobSaver::ClosePackLocked(BlobType type, bool wait) {
  OpenPack& open = open_[Slot(type)];
  if (open.builder == nullptr || open.builder->count() == 0) return;
  if (!wait) {
    std::lock_guard ulock(upload_mu_);
    if (uploads_.size() >= upload_limit_) return;
  }
  FinishedPack done;
  done.id = open.builder->id();
  done.data = open.builder->Finish(repo_.crypto(), done.entries);
  open.builder.reset();
  // Back-pressure: while the queue is full the caller (and the pack lock) wait,
  // which in turn stops the workers: memory stays bounded.
  std::unique_lock ulock(upload_mu_);
  upload_done_cv_.wait(ulock, [&] { return uploads_.size() < upload_limit_ || upload_stop_; });
  uploads_.push_back(std::move(done));
  upload_cv_.notify_one();
}

void BlobSaver::SaveAsync(BlobType type, std::string plaintext, Done done) {
  std::unique_lock lock(job_mu_);
  space_cv_.wait(lock, [&] { return queued_bytes_ < queue_limit_ || stopping_; });
  if (stopping_) {
    lock.unlock();
    done(FailedPrecondition("the write pipeline is closed"));
    return;
  }
  queued_bytes_ += plaintext.size();
  jobs_.push_back(Job{type, std::move(plaintext), std::move(done)});
  job_cv_.notify_one();
}

void BlobSaver::WorkerLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(job_mu_);
      job_cv_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++active_jobs_;
    }
    size_t size = job.data.size();
    Result<BlobId> id = Save(job.type, job.data);
    job.data = std::string();
    job.done(std::move(id));
    {
      std::lock_guard lock(job_mu_);
      queued_bytes_ -= size;
      --active_jobs_;
    }
    space_cv_.notify_all();
  }
}

void BlobSaver::CloseStalePacks() {
  auto now = std::chrono::steady_clock::now();
  // Runs on the uploader: if a closer holds the lock it waits for this very
  // thread, so skip rather than wait; the next round will look again.
  std::unique_lock lock(pack_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  for (BlobType type : {BlobType::kData, BlobType::kTree}) {
    const OpenPack& open = open_[Slot(type)];
    if (open.builder != nullptr && now - open.opened >= options_.flush_interval) ClosePackLocked(type, false);
  }
}

void BlobSaver::UploaderLoop() {
  for (;;) {
    {
      std::unique_lock lock(upload_mu_);
      bool have = upload_cv_.wait_for(lock, options_.flush_interval / 2,
                                      [&] { return !uploads_.empty() || upload_stop_; });
      if (!have) {
        lock.unlock();
        CloseStalePacks();
        continue;
      }
      if (uploads_.empty()) return;  // stopping, nothing left
      in_flight_ = std::move(uploads_.front());
      uploads_.pop_front();
      uploading_ = true;
    }
    upload_done_cv_.notify_all();
    const FinishedPack& pack = in_flight_;  // only this thread changes it
    Status s = failed_ ? status() : repo_.backend().Save(Handle{FileType::kPack, pack.id.Hex()}, pack.data);
    if (s.ok()) {
      repo_.index().AddPack(pack.id, pack.entries);
      stats_.packs++;
      {
        std::lock_guard lock(index_mu_);
        unindexed_.push_back(IndexedPack{pack.id, pack.entries});
      }
    } else if (!failed_) {
      Fail(s.Context("storing pack " + pack.id.Short()));
    }
    {
      std::lock_guard lock(pending_mu_);
      for (const PackEntry& e : pack.entries) pending_.erase(BlobHandle{e.id, e.type});
    }
    if (s.ok() && std::chrono::steady_clock::now() - last_index_ >= options_.flush_interval) {
      Status w = WriteIndexFile();
      if (!w.ok()) Fail(w);
    }
    {
      std::lock_guard lock(upload_mu_);
      uploading_ = false;
      in_flight_ = FinishedPack();
    }
    upload_done_cv_.notify_all();
  }
}

std::optional<std::pair<PackEntry, std::string>> BlobSaver::FindUnindexed(const BlobHandle& blob) {
  {
    std::lock_guard lock(pending_mu_);
    if (!pending_.contains(blob)) return std::nullopt;
  }
  {
    std::lock_guard lock(pack_mu_);
    for (const OpenPack& open : open_) {
      if (open.builder == nullptr) continue;
      if (auto found = open.builder->Find(blob)) return found;
    }
  }
  std::lock_guard lock(upload_mu_);
  auto search = [&](const FinishedPack& p) -> std::optional<std::pair<PackEntry, std::string>> {
    for (const PackEntry& e : p.entries) {
      if (e.id == blob.id && e.type == blob.type) return std::make_pair(e, p.data.substr(e.offset, e.length));
    }
    return std::nullopt;
  };
  if (auto found = search(in_flight_)) return found;
  for (const FinishedPack& p : uploads_) {
    if (auto found = search(p)) return found;
  }
  return std::nullopt;
}

Status BlobSaver::WriteIndexFile() {
  std::vector<IndexedPack> packs;
  {
    std::lock_guard lock(index_mu_);
    packs.swap(unindexed_);
    last_index_ = std::chrono::steady_clock::now();
  }
  if (packs.empty()) return Status::Ok();
  Status s = repo_.SaveObject(FileType::kIndex, Id::Random(), EncodeIndexFile(packs), /*compress=*/false);
  if (!s.ok()) {
    std::lock_guard lock(index_mu_);
    unindexed_.insert(unindexed_.begin(), packs.begin(), packs.end());
    return s.Context("writing an index file");
  }
  stats_.index_files++;
  return Status::Ok();
}

Status BlobSaver::Flush() {
  {
    std::unique_lock lock(job_mu_);
    space_cv_.wait(lock, [&] { return (jobs_.empty() && active_jobs_ == 0) || stopping_; });
  }
  {
    std::lock_guard lock(pack_mu_);
    ClosePackLocked(BlobType::kData);
    ClosePackLocked(BlobType::kTree);
  }
  {
    std::unique_lock lock(upload_mu_);
    upload_done_cv_.wait(lock, [&] { return (uploads_.empty() && !uploading_) || upload_stop_; });
  }
  ARK_RETURN_IF_ERROR(status());
  Status s = WriteIndexFile();
  if (!s.ok()) Fail(s);
  return s;
}

Status BlobSaver::Close() {
  if (closed_) return status();
  Status s = Flush();
  {
    std::lock_guard lock(job_mu_);
    stopping_ = true;
  }
  job_cv_.notify_all();
  space_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
  {
    std::lock_guard lock(upload_mu_);
    upload_stop_ = true;
  }
  upload_cv_.notify_all();
  upload_done_cv_.notify_all();
  uploader_.join();
  closed_ = true;
  return s.ok() ? status() : s;
}

}  // namespace ark::repo
