// Time formats of the protocols and files Ark365 handles.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ark {

using SystemTime = std::chrono::system_clock::time_point;

// "2026-11-23T14:06:00Z" (with ".123" when `millis`), as Graph and our formats write it.
std::string FormatRfc3339(SystemTime t, bool millis = false);
// Accepts "Z" or "+hh:mm" offsets and any number of fraction digits (Graph
// writes seven: "2026-11-23T14:06:00.1234567Z").
std::optional<SystemTime> ParseRfc3339(std::string_view text);

// IMF-fixdate, RFC 9110: "Sun, 06 Nov 1994 08:49:37 GMT" (Retry-After, Date).
std::string FormatHttpDate(SystemTime t);
std::optional<SystemTime> ParseHttpDate(std::string_view text);

}  // namespace ark
