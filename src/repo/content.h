// Streaming content: write an item or file of unknown length in pieces; read it back whole, in pieces or by
// range.
//
// ContentWriter is what upper layers push a Graph download or a file into:
// Write() as bytes arrive, Finish() for the content's blob ids. Content
// shorter than the chunker's minimum (a mail message) is one blob; longer
// content is cut by the content-defined chunker. Chunks are handed to the
// shared BlobSaver's workers, so many writers in many threads share one
// pipeline and one memory budget.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "repo/chunker.h"
#include "repo/ids.h"

namespace ark::repo {

class Repository;

// Stored content: its blobs in order and its total size.
struct ContentRef {
  std::vector<BlobId> blobs;
  uint64_t size = 0;
};

class ContentWriter {
 public:
  // REQUIRES: repo.writing(). Not thread-safe: one writer per stream.
  explicit ContentWriter(Repository& repo);
  ~ContentWriter();
  ContentWriter(const ContentWriter&) = delete;
  ContentWriter& operator=(const ContentWriter&) = delete;

  Status Write(std::string_view data);
  // Hands the last partial chunk to the pipeline without waiting, so a caller
  // can go on with other content and Finish() later.
  void Close();
  // Closes, then waits for this content's blobs to be stored (or deduplicated).
  Result<ContentRef> Finish();
  uint64_t size() const { return size_; }

 private:
  struct Shared;
  void Submit(std::string chunk);

  Repository& repo_;
  Chunker chunker_;
  std::string buffer_;
  uint64_t size_ = 0;
  std::shared_ptr<Shared> shared_;
  bool closed_ = false;
};

// Reads content back, blob by blob, authenticating each one.
class ContentReader {
 public:
  ContentReader(Repository& repo, std::vector<BlobId> blobs) : repo_(repo), blobs_(std::move(blobs)) {}

  // Calls `sink` with each blob's plaintext in order; stops at the first error.
  Status ReadAll(const std::function<Status(std::string_view)>& sink);
  // Reads `length` bytes from `offset` (restore of part of a large file).
  // Needs the blob sizes, which the index provides without reading data.
  Result<std::string> ReadRange(uint64_t offset, uint64_t length);

 private:
  Repository& repo_;
  std::vector<BlobId> blobs_;
};

}  // namespace ark::repo
