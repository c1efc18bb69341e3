// Hex forms and random generation of repository ids.
#include "repo/ids.h"

#include "core/encoding.h"
#include "core/random.h"

namespace ark::repo {

Id Id::FromBytes(std::string_view raw) {
  Id id;
  std::memcpy(id.bytes_.data(), raw.data(), std::min(raw.size(), kSize));
  return id;
}

std::optional<Id> Id::FromHex(std::string_view hex) {
  if (hex.size() != 2 * kSize) return std::nullopt;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  std::optional<std::string> raw = HexDecode(hex);
  if (!raw || raw->size() != kSize) return std::nullopt;
  return FromBytes(*raw);
}

Id Id::Random() { return FromBytes(RandomBytes(kSize)); }

std::string Id::Hex() const { return HexEncode(Bytes()); }

bool Id::IsZero() const {
  for (uint8_t b : bytes_) {
    if (b != 0) return false;
  }
  return true;
}

std::string_view BlobTypeName(BlobType type) { return type == BlobType::kTree ? "tree" : "data"; }

bool IsValidBlobType(uint8_t value) { return value == 1 || value == 2; }

}  // namespace ark::repo
