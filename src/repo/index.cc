// Index: a hash map from blob to (pack, entry), and the binary index file codec.
#include "repo/index.h"

#include "repo/little_endian.h"

namespace ark::repo {
namespace {

constexpr size_t kIndexEntrySize = 46;

}  // namespace

std::string EncodeIndexFile(const std::vector<IndexedPack>& packs) {
  std::string out;
  out.push_back(1);
  PutU32(out, static_cast<uint32_t>(packs.size()));
  for (const IndexedPack& p : packs) {
    out.append(p.id.Bytes());
    PutU32(out, static_cast<uint32_t>(p.entries.size()));
    for (const PackEntry& e : p.entries) {
      out.push_back(static_cast<char>(e.type));
      out.push_back(static_cast<char>(e.compression));
      PutU32(out, e.offset);
      PutU32(out, e.length);
      PutU32(out, e.raw_length);
      out.append(e.id.Bytes());
    }
  }
  return out;
}

Result<std::vector<IndexedPack>> DecodeIndexFile(std::string_view body) {
  auto bad = [] { return DataLoss("index file is damaged (inconsistent lengths or unknown version)"); };
  if (body.size() < 5 || body[0] != 1) return bad();
  uint32_t pack_count = GetU32(body, 1);
  size_t p = 5;
  std::vector<IndexedPack> packs;
  packs.reserve(std::min<uint32_t>(pack_count, 1 << 20));
  for (uint32_t i = 0; i < pack_count; ++i) {
    if (body.size() - p < Id::kSize + 4) return bad();
    IndexedPack pack;
    pack.id = PackId::FromBytes(body.substr(p, Id::kSize));
    uint32_t n = GetU32(body, p + Id::kSize);
    p += Id::kSize + 4;
    if ((body.size() - p) / kIndexEntrySize < n) return bad();
    pack.entries.reserve(n);
    for (uint32_t j = 0; j < n; ++j, p += kIndexEntrySize) {
      PackEntry e;
      uint8_t type = static_cast<uint8_t>(body[p]);
      if (!IsValidBlobType(type)) return bad();
      e.type = static_cast<BlobType>(type);
      e.compression = static_cast<uint8_t>(body[p + 1]);
      e.offset = GetU32(body, p + 2);
      e.length = GetU32(body, p + 6);
      e.raw_length = GetU32(body, p + 10);
      e.id = BlobId::FromBytes(body.substr(p + 14, Id::kSize));
      pack.entries.push_back(e);
    }
    packs.push_back(std::move(pack));
  }
  if (p != body.size()) return bad();
  return packs;
}

void Index::AddPack(const PackId& pack, const std::vector<PackEntry>& entries) {
  std::unique_lock lock(mu_);
  if (pack_slots_.contains(pack)) return;
  auto slot = static_cast<uint32_t>(packs_.size());
  packs_.push_back(IndexedPack{pack, entries});
  pack_slots_.emplace(pack, slot);
  for (uint32_t i = 0; i < entries.size(); ++i) {
    blobs_.try_emplace(BlobHandle{entries[i].id, entries[i].type}, Slot{slot, i});
  }
}

bool Index::Has(const BlobHandle& blob) const {
  std::shared_lock lock(mu_);
  return blobs_.contains(blob);
}

std::optional<BlobLocation> Index::Lookup(const BlobHandle& blob) const {
  std::shared_lock lock(mu_);
  auto it = blobs_.find(blob);
  if (it == blobs_.end()) return std::nullopt;
  const IndexedPack& p = packs_[it->second.pack];
  return BlobLocation{p.id, p.entries[it->second.entry]};
}

bool Index::HasPack(const PackId& pack) const {
  std::shared_lock lock(mu_);
  return pack_slots_.contains(pack);
}

std::optional<std::vector<PackEntry>> Index::PackEntries(const PackId& pack) const {
  std::shared_lock lock(mu_);
  auto it = pack_slots_.find(pack);
  if (it == pack_slots_.end()) return std::nullopt;
  return packs_[it->second].entries;
}

size_t Index::blob_count() const {
  std::shared_lock lock(mu_);
  return blobs_.size();
}

size_t Index::pack_count() const {
  std::shared_lock lock(mu_);
  return packs_.size();
}

std::vector<IndexedPack> Index::Packs() const {
  std::shared_lock lock(mu_);
  return packs_;
}

}  // namespace ark::repo
