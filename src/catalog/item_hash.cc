// Key hashes and fingerprints of items: SHA-256 over length-prefixed fields, truncated to 64 bits.
#include "catalog/item_hash.h"

#include <string>
#include <string_view>

#include "core/hash.h"

namespace ark::catalog {
namespace {

// Appends a field as its decimal length, ':', and its bytes, so that no two
// different field lists encode alike.
void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out.push_back(':');
  out.append(value);
}

void Field(std::string& out, std::int64_t value) { Field(out, std::to_string(value)); }

void Field(std::string& out, const std::optional<SystemTime>& t) {
  Field(out, t ? std::to_string(ToMillis(*t)) : std::string("-"));
}

std::int64_t First8Bytes(std::string_view digest) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(digest[i]);
  return static_cast<std::int64_t>(value);
}

void KeyFields(std::string& out, const ItemKey& key) {
  Field(out, key.owner_id);
  Field(out, static_cast<std::int64_t>(key.kind));
  Field(out, key.graph_id);
}

}  // namespace

std::int64_t KeyHash(const ItemKey& key) {
  std::string encoded;
  KeyFields(encoded, key);
  return First8Bytes(Sha256(encoded));
}

std::int64_t Fingerprint(const Item& item) {
  std::string encoded;
  KeyFields(encoded, item.key);
  for (std::string_view text :
       {std::string_view(item.folder_path), std::string_view(item.name), std::string_view(item.ref),
        std::string_view(item.from), std::string_view(item.to), std::string_view(item.preview),
        std::string_view(item.attachment_names), std::string_view(item.location),
        std::string_view(item.version)}) {
    Field(encoded, text);
  }
  Field(encoded, item.size);
  Field(encoded, static_cast<std::int64_t>(item.has_attachments));
  for (const std::optional<SystemTime>* t :
       {&item.created, &item.modified, &item.sent, &item.received, &item.start, &item.end}) {
    Field(encoded, *t);
  }
  return First8Bytes(Sha256(encoded));
}

}  // namespace ark::catalog
