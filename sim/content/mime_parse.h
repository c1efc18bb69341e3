// Reading the parts of an RFC 5322/MIME message that Graph shows as message properties.
//
// When a client creates a message from MIME (a restore), Graph parses it to
// fill subject, from, recipients, dates and body; this does the same for the
// emulator's JSON projection. The stored bytes stay exactly as sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "content/mime.h"

namespace m365sim::content {

// The headers' values unfolded and RFC 2047-decoded, the first text/plain
// (else text/html) part decoded, attachments named (sizes of their decoded
// bytes). Returns nullopt when there is no header block at all.
std::optional<MessageSpec> ParseMime(std::string_view mime);

// "=?utf-8?B?...?=" and "=?utf-8?Q?...?=" words decoded (UTF-8 and ASCII charsets).
std::string DecodeHeaderWords(std::string_view value);
// RFC 5322 date to Unix seconds, nullopt when unreadable.
std::optional<int64_t> ParseRfc5322Date(std::string_view text);

}  // namespace m365sim::content
