// Item identifiers in Microsoft Graph's real formats, encoded so that the emulator can decode them.
//
// Clients must treat ids as opaque; the emulator makes them look like the
// service's (so that a client that parses or truncates them breaks here as it
// would in production) while packing what it needs to find the item again,
// so that no id string is stored per item:
//   Outlook (mutable)    "AAMkAD…"  base64 of 00 03 24 00, the mailbox GUID in
//                        ASCII, an entry id with the container's and the
//                        item's counters; changes when an item moves.
//   Outlook (immutable)  "AAkAL…"   base64 of 00 09 00 2e and an entry id with
//                        the mailbox GUID and the item's counter only; stable
//                        across moves (Prefer: IdType="ImmutableId").
//   drive                "b!…"      base64url of site-collection, web and list GUIDs.
//   drive item           "01…"      34 characters of base32: drive index, item key, check bytes.
//   site                 "host,{site-collection guid},{web guid}"
//   channel              "19:{32 hex}@thread.tacv2"
//   chat message         milliseconds since the Unix epoch, as a string.
//   hosted content       base64 of "id=x_{…},type=1,url=…/views/imgo"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace m365sim::content {

enum class OutlookKind : uint8_t {
  kMailFolder = 0,
  kContactFolder = 1,
  kCalendar = 2,
  kMessage = 3,
  kContact = 4,
  kEvent = 5,
};

struct OutlookKey {
  std::string mailbox_guid;  // lower-case 8-4-4-4-12 GUID of the mailbox
  OutlookKind kind = OutlookKind::kMessage;
  uint32_t container = 0;    // folder/calendar key holding the item (mutable ids only)
  uint32_t item = 0;         // the folder's or item's key, unique per mailbox and kind
  int32_t attachment = -1;   // >= 0 for an attachment of the item
  bool immutable = false;
};

std::string EncodeOutlookId(const OutlookKey& key);
// Returns nullopt for anything that is not an id this emulator made.
std::optional<OutlookKey> DecodeOutlookId(std::string_view id);

// Drive ids carry three GUIDs (raw 16-byte strings).
std::string EncodeDriveId(std::string_view site_collection, std::string_view web, std::string_view list);
// The list GUID (raw 16 bytes) of a drive id, or nullopt.
std::optional<std::string> DecodeDriveIdList(std::string_view id);

struct DriveItemKey {
  uint32_t drive = 0;
  uint32_t item = 0;
};
std::string EncodeDriveItemId(DriveItemKey key, uint64_t tenant_salt);
std::optional<DriveItemKey> DecodeDriveItemId(std::string_view id, uint64_t tenant_salt);

// A deterministic lower-case GUID from a 64-bit seed and a label.
std::string GuidFrom(uint64_t seed, std::string_view label);
// The 16 raw bytes of a textual GUID (nullopt if malformed), and back.
std::optional<std::string> GuidBytes(std::string_view guid);
std::string GuidText(std::string_view bytes16);

std::string ChannelIdFrom(uint64_t seed, std::string_view label);
std::string HostedContentId(uint64_t seed, std::string_view label);

}  // namespace m365sim::content
