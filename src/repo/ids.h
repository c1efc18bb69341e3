// Identifiers of the repository format: 32-byte ids of blobs, packs and objects, and blob types.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ark::repo {

// A 32-byte identifier: a blob's keyed hash, or a random pack/object id.
// Written as 64 lower-case hex digits in names and JSON (docs/repository-format.md §1).
class Id {
 public:
  static constexpr size_t kSize = 32;

  Id() { bytes_.fill(0); }
  // REQUIRES: raw.size() == kSize.
  static Id FromBytes(std::string_view raw);
  static std::optional<Id> FromHex(std::string_view hex);
  static Id Random();

  std::string Hex() const;
  // The first 8 hex digits, as shown to people.
  std::string Short() const { return Hex().substr(0, 8); }
  std::string_view Bytes() const { return {reinterpret_cast<const char*>(bytes_.data()), kSize}; }
  const uint8_t* data() const { return bytes_.data(); }
  uint8_t* data() { return bytes_.data(); }
  bool IsZero() const;

  friend bool operator==(const Id& a, const Id& b) { return a.bytes_ == b.bytes_; }
  friend auto operator<=>(const Id& a, const Id& b) { return a.bytes_ <=> b.bytes_; }

 private:
  std::array<uint8_t, kSize> bytes_;
};

using BlobId = Id;
using PackId = Id;

// The kinds of blobs (docs/repository-format.md §5). Values are on disk.
enum class BlobType : uint8_t { kData = 1, kTree = 2 };

std::string_view BlobTypeName(BlobType type);
bool IsValidBlobType(uint8_t value);

// A blob id with its type: the key of the index.
struct BlobHandle {
  BlobId id;
  BlobType type = BlobType::kData;
  friend bool operator==(const BlobHandle& a, const BlobHandle& b) = default;
};

}  // namespace ark::repo

template <>
struct std::hash<ark::repo::Id> {
  size_t operator()(const ark::repo::Id& id) const noexcept {
    // Ids are keyed hashes or random: any 8 bytes are uniformly distributed.
    size_t h;
    std::memcpy(&h, id.data(), sizeof h);
    return h;
  }
};

template <>
struct std::hash<ark::repo::BlobHandle> {
  size_t operator()(const ark::repo::BlobHandle& h) const noexcept {
    return std::hash<ark::repo::Id>()(h.id) ^ static_cast<size_t>(h.type);
  }
};
