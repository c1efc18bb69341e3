// ContentWriter (chunking and asynchronous blob saving) and ContentReader.
#include "repo/content.h"

#include "repo/blob_saver.h"
#include "repo/repository.h"

namespace ark::repo {

// What the workers fill in while the writer goes on: a slot per chunk.
struct ContentWriter::Shared {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<BlobId> ids;
  size_t pending = 0;
  Status error;
};

ContentWriter::ContentWriter(Repository& repo)
    : repo_(repo), chunker_(repo.config().chunker, repo.gear()), shared_(std::make_shared<Shared>()) {}

ContentWriter::~ContentWriter() {
  // Outstanding chunks hold `shared_` themselves; waiting keeps the pipeline's
  // accounting simple for callers that abandon a writer after an error.
  std::unique_lock lock(shared_->mu);
  shared_->cv.wait(lock, [&] { return shared_->pending == 0; });
}

void ContentWriter::Submit(std::string chunk) {
  size_t slot;
  {
    std::lock_guard lock(shared_->mu);
    slot = shared_->ids.size();
    shared_->ids.emplace_back();
    ++shared_->pending;
  }
  std::shared_ptr<Shared> shared = shared_;
  repo_.saver().SaveAsync(BlobType::kData, std::move(chunk), [shared, slot](Result<BlobId> id) {
    std::lock_guard lock(shared->mu);
    if (id.ok()) {
      shared->ids[slot] = *id;
    } else if (shared->error.ok()) {
      shared->error = id.status();
    }
    --shared->pending;
    shared->cv.notify_all();
  });
}

Status ContentWriter::Write(std::string_view data) {
  if (closed_) return FailedPrecondition("ContentWriter::Write after Close");
  size_ += data.size();
  while (!data.empty()) {
    // Feed at most up to the largest possible chunk, so the buffer stays bounded.
    size_t room = chunker_.max_size() - buffer_.size();
    size_t take = std::min(room, data.size());
    buffer_.append(data.substr(0, take));
    data.remove_prefix(take);
    for (;;) {
      size_t cut = chunker_.Scan(buffer_);
      if (cut == 0) break;
      std::string chunk = std::move(buffer_);
      buffer_.assign(chunk, cut);
      chunk.resize(cut);
      chunker_.Reset();
      Submit(std::move(chunk));
    }
  }
  std::lock_guard lock(shared_->mu);
  return shared_->error;
}

void ContentWriter::Close() {
  if (closed_) return;
  closed_ = true;
  if (!buffer_.empty()) Submit(std::move(buffer_));
  buffer_.clear();
}

Result<ContentRef> ContentWriter::Finish() {
  Close();
  std::unique_lock lock(shared_->mu);
  shared_->cv.wait(lock, [&] { return shared_->pending == 0; });
  if (!shared_->error.ok()) return shared_->error;
  return ContentRef{shared_->ids, size_};
}

Status ContentReader::ReadAll(const std::function<Status(std::string_view)>& sink) {
  for (const BlobId& id : blobs_) {
    ARK_ASSIGN_OR_RETURN(std::string data, repo_.LoadBlob(BlobType::kData, id));
    ARK_RETURN_IF_ERROR(sink(data));
  }
  return Status::Ok();
}

Result<std::string> ContentReader::ReadRange(uint64_t offset, uint64_t length) {
  std::string out;
  uint64_t pos = 0;
  for (const BlobId& id : blobs_) {
    if (out.size() >= length) break;
    std::optional<BlobLocation> loc = repo_.index().Lookup(BlobHandle{id, BlobType::kData});
    if (!loc) return NotFound("data blob " + id.Short() + " is not in the index");
    uint64_t size = loc->entry.raw_length;
    if (pos + size > offset) {
      ARK_ASSIGN_OR_RETURN(std::string data, repo_.LoadBlobAt(loc->pack, loc->entry, false));
      uint64_t from = offset > pos ? offset - pos : 0;
      out.append(data, from, length - out.size());
    }
    pos += size;
  }
  return out;
}

}  // namespace ark::repo
