// Content-defined chunking (FastCDC, normalised) with a gear table keyed per repository.
//
// docs/repository-format.md §4. A Chunker finds cut points in a stream that
// the caller accumulates: the caller appends bytes to the current chunk's
// buffer and asks Scan() for a cut; Scan() resumes where it stopped, so each
// byte is examined once. Not thread-safe; one Chunker per stream.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/status.h"

namespace ark::repo {

struct ChunkerParams {
  uint32_t min_size = 256u << 10;
  uint32_t avg_size = 1u << 20;
  uint32_t max_size = 8u << 20;

  // kInvalidArgument unless 64 KiB <= min < avg < max <= 64 MiB and avg is a power of two.
  Status Validate() const;
};

using GearTable = std::array<uint64_t, 256>;

// G[b] = first 8 bytes (little-endian) of HMAC-SHA-256(chunker key, "gear" || b).
GearTable MakeGearTable(std::string_view chunker_key);

class Chunker {
 public:
  // `gear` must outlive the chunker.
  Chunker(const ChunkerParams& params, const GearTable& gear);

  // `chunk` is the current chunk's bytes from its start (it only grows between
  // calls). Returns the length of the chunk if a cut point lies within it,
  // else 0 (append more and call again). After a non-zero return, the caller
  // starts a new chunk with the bytes after the cut, and calls Reset().
  size_t Scan(std::string_view chunk);
  void Reset() {
    scanned_ = 0;
    fp_ = 0;
  }
  uint32_t max_size() const { return params_.max_size; }

 private:
  ChunkerParams params_;
  const GearTable& gear_;
  uint64_t mask_small_;  // stricter mask before avg_size
  uint64_t mask_large_;  // looser mask after it
  size_t scanned_ = 0;
  uint64_t fp_ = 0;
};

}  // namespace ark::repo
