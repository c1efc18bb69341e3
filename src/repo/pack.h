// Pack files: many sealed blobs back to back, then a sealed header listing them (format §5).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "repo/backend.h"
#include "repo/crypto.h"
#include "repo/ids.h"

namespace ark::repo {

// One blob of a pack, as its header and the index describe it.
struct PackEntry {
  BlobType type = BlobType::kData;
  uint8_t compression = 0;  // 0 raw, 1 zstd
  uint32_t offset = 0;      // from the start of the pack
  uint32_t length = 0;      // stored bytes (sealed)
  uint32_t raw_length = 0;  // plaintext bytes
  BlobId id;
};

inline constexpr size_t kPackHeaderEntrySize = 42;

// The associated data of a stored blob: u8(type) || id.
std::string BlobAd(BlobType type, const BlobId& id);

// Builds one pack in memory. Not thread-safe; the pipeline serialises access.
class PackBuilder {
 public:
  // `capacity`: the bytes to reserve, so that a full pack is one allocation
  // instead of a string that doubled its way there (twice the memory).
  PackBuilder(BlobType type, size_t capacity) : type_(type), id_(PackId::Random()) {
    data_.reserve(capacity);
  }

  BlobType type() const { return type_; }
  const PackId& id() const { return id_; }
  size_t size() const { return data_.size(); }
  size_t count() const { return entries_.size(); }

  // Appends an already sealed blob.
  void Add(const BlobId& id, uint8_t compression, uint32_t raw_length, std::string_view sealed);
  // The entry and stored bytes of a blob in this unfinished pack, if there.
  std::optional<std::pair<PackEntry, std::string>> Find(const BlobHandle& blob) const;
  // Appends the sealed header and its length; returns the pack's bytes. The
  // builder is empty afterwards. `entries` receives the blobs' locations.
  std::string Finish(const Crypto& crypto, std::vector<PackEntry>& entries);

 private:
  BlobType type_;
  PackId id_;
  std::string data_;
  std::vector<PackEntry> entries_;
};

// Parses the tail of a pack: `tail` holds the last bytes of the pack, of which
// the pack has `pack_size` in total. Returns the entries with their offsets;
// kDataLoss when the header is damaged or inconsistent with the size.
// kFailedPrecondition with `*needed` set to the bytes required when `tail` is too
// short to hold the header.
Result<std::vector<PackEntry>> ParsePackTail(const Crypto& crypto, const PackId& pack, std::string_view tail,
                                             uint64_t pack_size, uint64_t* needed);

// Reads and parses the header of a stored pack (one or two range reads).
Result<std::vector<PackEntry>> LoadPackHeader(Backend& backend, const Crypto& crypto, const PackId& pack);

}  // namespace ark::repo
