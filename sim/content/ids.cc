// Graph id formats: byte layouts of Outlook entry ids, drive ids, base32 drive item ids, GUIDs.
#include "content/ids.h"

#include <array>

#include "common/seeded_random.h"
#include "core/encoding.h"
#include "core/random.h"

namespace m365sim::content {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void PutCounter(std::string& out, uint32_t value) {
  // Exchange's global counters are 6 bytes, big-endian.
  out.push_back(0);
  out.push_back(0);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}

uint32_t GetCounter(std::string_view bytes) {
  uint32_t value = 0;
  for (size_t i = 2; i < 6; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

// Outlook ids use base64 with '-' and '_' for '+' and '/', and keep the padding.
std::string OutlookBase64(std::string_view bytes) {
  std::string text = ark::Base64Encode(bytes);
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::optional<std::string> OutlookUnbase64(std::string_view id) {
  std::string text(id);
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  return ark::Base64Decode(text);
}

// The "database" GUID of a mailbox: 16 bytes derived from its GUID.
std::string DatabaseGuid(std::string_view mailbox_guid) {
  SeededRandom random(StableHash(mailbox_guid, 0x0d474));
  return random.Bytes(16);
}

std::string TypeBytes(OutlookKind kind) {
  bool folder = kind <= OutlookKind::kCalendar;
  return {static_cast<char>(folder ? 0x01 : 0x07), static_cast<char>(static_cast<uint8_t>(kind))};
}

}  // namespace

std::string EncodeOutlookId(const OutlookKey& key) {
  std::string db = DatabaseGuid(key.mailbox_guid);
  std::string entry = std::string(4, '\0');
  bool folder = key.kind <= OutlookKind::kCalendar;
  if (key.immutable && !folder) {
    entry += GuidBytes(key.mailbox_guid).value_or(std::string(16, '\0'));
    entry += TypeBytes(key.kind);
    entry += db;
    PutCounter(entry, key.item);
  } else {
    entry += db;  // the store's provider uid
    entry += TypeBytes(key.kind);
    entry += db;
    PutCounter(entry, folder ? key.item : key.container);
    if (!folder) {
      entry += db;
      PutCounter(entry, key.item);
    }
  }
  if (key.attachment >= 0) {
    entry += "\x01\x12";
    PutCounter(entry, static_cast<uint32_t>(key.attachment));
  }
  // Padding brings the entry ids to the service's lengths (46 and 70 bytes).
  entry += std::string(folder || key.immutable ? 2 : 4, '\0');
  std::string out;
  if (key.immutable && !folder) {
    out = std::string("\x00\x09\x00", 3);
  } else {
    out = std::string("\x00\x03\x24\x00", 4) + key.mailbox_guid + std::string(1, '\0');
  }
  out.push_back(static_cast<char>(entry.size()));
  out += std::string("\x00", 1);
  out += entry;
  return OutlookBase64(out);
}

std::optional<OutlookKey> DecodeOutlookId(std::string_view id) {
  auto raw = OutlookUnbase64(id);
  if (!raw || raw->size() < 8) return std::nullopt;
  std::string_view bytes(*raw);
  OutlookKey key;
  std::string_view entry;
  if (bytes.substr(0, 3) == std::string_view("\x00\x09\x00", 3)) {
    key.immutable = true;
    entry = bytes.substr(5);
    if (entry.size() < 4 + 16 + 2 + 16 + 6) return std::nullopt;
    key.mailbox_guid = GuidText(entry.substr(4, 16));
    entry = entry.substr(20);
  } else if (bytes.substr(0, 4) == std::string_view("\x00\x03\x24\x00", 4) && bytes.size() > 4 + 36 + 3) {
    key.mailbox_guid = std::string(bytes.substr(4, 36));
    if (!GuidBytes(key.mailbox_guid)) return std::nullopt;
    entry = bytes.substr(4 + 36 + 3);
    if (entry.size() < 4 + 16 + 2 + 16 + 6) return std::nullopt;
    entry = entry.substr(20);
  } else {
    return std::nullopt;
  }
  uint8_t type_class = static_cast<uint8_t>(entry[0]);
  uint8_t kind = static_cast<uint8_t>(entry[1]);
  if (kind > static_cast<uint8_t>(OutlookKind::kEvent)) return std::nullopt;
  key.kind = static_cast<OutlookKind>(kind);
  bool folder = key.kind <= OutlookKind::kCalendar;
  if (type_class != (folder ? 0x01 : 0x07)) return std::nullopt;
  std::string db = DatabaseGuid(key.mailbox_guid);
  entry = entry.substr(2);
  if (entry.substr(0, 16) != db) return std::nullopt;
  uint32_t first = GetCounter(entry.substr(16, 6));
  entry = entry.substr(22);
  if (folder || key.immutable) {
    key.item = first;
  } else {
    if (entry.size() < 22 || entry.substr(0, 16) != db) return std::nullopt;
    key.container = first;
    key.item = GetCounter(entry.substr(16, 6));
    entry = entry.substr(22);
  }
  if (entry.size() >= 8 && entry[0] == '\x01' && entry[1] == '\x12') {
    key.attachment = static_cast<int32_t>(GetCounter(entry.substr(2, 6)));
  }
  return key;
}

std::string EncodeDriveId(std::string_view site_collection, std::string_view web, std::string_view list) {
  std::string raw = std::string(site_collection) + std::string(web) + std::string(list);
  return "b!" + ark::Base64UrlEncode(raw);
}

std::optional<std::string> DecodeDriveIdList(std::string_view id) {
  if (id.substr(0, 2) != "b!") return std::nullopt;
  auto raw = ark::Base64UrlDecode(id.substr(2));
  if (!raw || raw->size() != 48) return std::nullopt;
  return raw->substr(32);
}

std::string EncodeDriveItemId(DriveItemKey key, uint64_t tenant_salt) {
  std::array<uint8_t, 20> raw{};
  // The keys are masked with tenant-derived bytes so that ids look random, as OneDrive's do.
  SeededRandom mask(tenant_salt ^ 0x6d61736bULL);
  for (int i = 0; i < 4; ++i) {
    raw[i] = static_cast<uint8_t>(key.drive >> (24 - 8 * i));
    raw[4 + i] = static_cast<uint8_t>(key.item >> (24 - 8 * i));
  }
  for (int i = 0; i < 8; ++i) raw[i] ^= static_cast<uint8_t>(mask.Next());
  uint64_t check = StableHash(std::to_string(key.drive) + "/" + std::to_string(key.item), tenant_salt);
  SeededRandom random(check);
  for (size_t i = 8; i < raw.size(); ++i) raw[i] = static_cast<uint8_t>(random.Next());
  // 160 bits are exactly 32 base32 characters.
  std::string out = "01";
  uint64_t buffer = 0;
  int bits = 0;
  for (uint8_t byte : raw) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  return out;
}

std::optional<DriveItemKey> DecodeDriveItemId(std::string_view id, uint64_t tenant_salt) {
  if (id.size() != 34 || id.substr(0, 2) != "01") return std::nullopt;
  std::array<uint8_t, 20> raw{};
  uint64_t buffer = 0;
  int bits = 0;
  size_t n = 0;
  for (char c : id.substr(2)) {
    size_t v = kBase32.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      raw[n++] = static_cast<uint8_t>(buffer >> (bits - 8));
      bits -= 8;
    }
  }
  DriveItemKey key;
  SeededRandom mask(tenant_salt ^ 0x6d61736bULL);
  for (int i = 0; i < 8; ++i) raw[i] ^= static_cast<uint8_t>(mask.Next());
  for (int i = 0; i < 4; ++i) {
    key.drive = (key.drive << 8) | raw[i];
    key.item = (key.item << 8) | raw[4 + i];
  }
  if (EncodeDriveItemId(key, tenant_salt) != id) return std::nullopt;
  return key;
}

std::string GuidFrom(uint64_t seed, std::string_view label) {
  SeededRandom random(StableHash(label, seed));
  std::string bytes = random.Bytes(16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4 layout
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
  return GuidText(bytes);
}

std::optional<std::string> GuidBytes(std::string_view guid) {
  if (!ark::IsUuid(guid)) return std::nullopt;
  std::string hex;
  for (char c : guid) {
    if (c != '-') hex.push_back(c);
  }
  return ark::HexDecode(hex);
}

std::string GuidText(std::string_view bytes16) {
  std::string hex = ark::HexEncode(bytes16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

std::string ChannelIdFrom(uint64_t seed, std::string_view label) {
  SeededRandom random(StableHash(label, seed));
  return "19:" + ark::HexEncode(random.Bytes(16)) + "@thread.tacv2";
}

std::string HostedContentId(uint64_t seed, std::string_view label) {
  SeededRandom random(StableHash(label, seed));
  std::string object = "0-wus-d2-" + ark::HexEncode(random.Bytes(16));
  return ark::Base64Encode("id=x_" + object + ",type=1,url=https://us-api.asm.skype.com/v1/objects/" + object +
                           "/views/imgo");
}

}  // namespace m365sim::content
