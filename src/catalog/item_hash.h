// Stable 64-bit digests of items: the identity key and the change fingerprint the catalog stores.
//
// Both are the first 8 bytes of a SHA-256, read big-endian as a signed
// integer, over a length-prefixed encoding of the fields (docs/catalog.md),
// so that any implementation (SQLite or PostgreSQL backend, a rebuild tool)
// computes the same numbers.
#pragma once

#include <cstdint>

#include "catalog/item.h"

namespace ark::catalog {

// Digest of (owner id, kind, Graph id): where to look for an item's versions.
// Collisions are harmless: the catalog compares the fields too.
std::int64_t KeyHash(const ItemKey& key);

// Digest of every field of the item: a Put() whose fingerprint equals the
// current version's changes nothing.
std::int64_t Fingerprint(const Item& item);

}  // namespace ark::catalog
