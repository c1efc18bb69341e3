// Pack building and header parsing.
#include "repo/pack.h"

#include <cstring>

#include "repo/little_endian.h"

namespace ark::repo {
namespace {

std::string HeaderAd(const PackId& pack) { return "ark365/pack/" + pack.Hex(); }

}  // namespace

std::string BlobAd(BlobType type, const BlobId& id) {
  std::string ad(1, static_cast<char>(type));
  ad.append(id.Bytes());
  return ad;
}

void PackBuilder::Add(const BlobId& id, uint8_t compression, uint32_t raw_length, std::string_view sealed) {
  entries_.push_back(PackEntry{type_, compression, static_cast<uint32_t>(data_.size()),
                               static_cast<uint32_t>(sealed.size()), raw_length, id});
  data_.append(sealed);
}

std::optional<std::pair<PackEntry, std::string>> PackBuilder::Find(const BlobHandle& blob) const {
  for (const PackEntry& e : entries_) {
    if (e.id == blob.id && e.type == blob.type) return std::make_pair(e, data_.substr(e.offset, e.length));
  }
  return std::nullopt;
}

std::string PackBuilder::Finish(const Crypto& crypto, std::vector<PackEntry>& entries) {
  std::string header;
  header.reserve(1 + entries_.size() * kPackHeaderEntrySize);
  header.push_back(1);
  for (const PackEntry& e : entries_) {
    header.push_back(static_cast<char>(e.type));
    header.push_back(static_cast<char>(e.compression));
    PutU32(header, e.length);
    PutU32(header, e.raw_length);
    header.append(e.id.Bytes());
  }
  size_t before = data_.size();
  crypto.SealTo(HeaderAd(id_), header, data_);
  PutU32(data_, static_cast<uint32_t>(data_.size() - before));
  entries = std::move(entries_);
  entries_.clear();
  return std::move(data_);
}

Result<std::vector<PackEntry>> ParsePackTail(const Crypto& crypto, const PackId& pack, std::string_view tail,
                                             uint64_t pack_size, uint64_t* needed) {
  std::string name = "pack " + pack.Hex();
  if (pack_size < 4 + kSealOverhead + 1 || tail.size() < 4)
    return DataLoss(name + " is truncated (too short)");
  uint32_t header_len = GetU32(tail, tail.size() - 4);
  if (header_len < kSealOverhead + 1 || header_len > pack_size - 4) {
    return DataLoss(name + " is truncated or damaged (its header length is impossible)");
  }
  if (header_len + 4 > tail.size()) {
    if (needed != nullptr) *needed = header_len + 4;
    return FailedPrecondition(name + ": more bytes needed for the header");
  }
  std::string_view sealed = tail.substr(tail.size() - 4 - header_len, header_len);
  Result<std::string> header = crypto.Open(HeaderAd(pack), sealed);
  if (!header.ok()) return DataLoss(name + " has a damaged header: " + header.status().message());
  const std::string& h = *header;
  if (h.empty() || h[0] != 1 || (h.size() - 1) % kPackHeaderEntrySize != 0) {
    return DataLoss(name + " has a header of an unknown version or size");
  }
  std::vector<PackEntry> entries;
  uint64_t offset = 0;
  for (size_t p = 1; p < h.size(); p += kPackHeaderEntrySize) {
    PackEntry e;
    uint8_t type = static_cast<uint8_t>(h[p]);
    if (!IsValidBlobType(type))
      return DataLoss(name + " lists a blob of unknown type " + std::to_string(type));
    e.type = static_cast<BlobType>(type);
    e.compression = static_cast<uint8_t>(h[p + 1]);
    e.length = GetU32(h, p + 2);
    e.raw_length = GetU32(h, p + 6);
    e.id = BlobId::FromBytes(std::string_view(h.data() + p + 10, Id::kSize));
    e.offset = static_cast<uint32_t>(offset);
    offset += e.length;
    entries.push_back(e);
  }
  if (offset + header_len + 4 != pack_size) {
    return DataLoss(name + " is truncated or has extra bytes: its header describes " +
                    std::to_string(offset + header_len + 4) + " bytes, the file has " +
                    std::to_string(pack_size));
  }
  return entries;
}

Result<std::vector<PackEntry>> LoadPackHeader(Backend& backend, const Crypto& crypto, const PackId& pack) {
  Handle handle{FileType::kPack, pack.Hex()};
  ARK_ASSIGN_OR_RETURN(FileInfo info, backend.Stat(handle));
  uint64_t want = std::min<uint64_t>(info.size, 64 << 10);
  for (int attempt = 0; attempt < 2; ++attempt) {
    ARK_ASSIGN_OR_RETURN(std::string tail, backend.Load(handle, info.size - want, want));
    uint64_t needed = 0;
    Result<std::vector<PackEntry>> entries = ParsePackTail(crypto, pack, tail, info.size, &needed);
    if (entries.ok() || needed == 0 || needed > info.size) return entries;
    want = needed;
  }
  return DataLoss("pack " + pack.Hex() + ": cannot read its header");
}

}  // namespace ark::repo
