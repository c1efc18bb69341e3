// The in-memory index (blob -> pack location) and the binary index file format (format §6).
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "repo/ids.h"
#include "repo/pack.h"

namespace ark::repo {

// Where a blob is stored.
struct BlobLocation {
  PackId pack;
  PackEntry entry;
};

// One pack and its blobs, as index files list them.
struct IndexedPack {
  PackId id;
  std::vector<PackEntry> entries;
};

// Encodes/decodes the body of an index file.
std::string EncodeIndexFile(const std::vector<IndexedPack>& packs);
Result<std::vector<IndexedPack>> DecodeIndexFile(std::string_view body);

// The union of all index files plus what this process stored since.
// Thread-safe: lookups take a shared lock, additions an exclusive one.
class Index {
 public:
  // Adds a pack's blobs; a blob already known keeps its first location.
  void AddPack(const PackId& pack, const std::vector<PackEntry>& entries);
  bool Has(const BlobHandle& blob) const;
  std::optional<BlobLocation> Lookup(const BlobHandle& blob) const;
  bool HasPack(const PackId& pack) const;
  std::optional<std::vector<PackEntry>> PackEntries(const PackId& pack) const;

  size_t blob_count() const;
  size_t pack_count() const;
  // Every pack with its entries (a copy, for check, prune and stats).
  std::vector<IndexedPack> Packs() const;

 private:
  struct Slot {
    uint32_t pack;   // position in packs_
    uint32_t entry;  // position in its entries
  };
  mutable std::shared_mutex mu_;
  std::vector<IndexedPack> packs_;
  std::unordered_map<PackId, uint32_t> pack_slots_;
  std::unordered_map<BlobHandle, Slot> blobs_;
};

}  // namespace ark::repo
