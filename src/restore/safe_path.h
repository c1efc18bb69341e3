// Turns names from a backup (mail folder names, subjects, file names) into path components that cannot
// escape an export or restore target on Linux, Windows or macOS.
//
// A name from a backup is data chosen by whoever sent a mail or named a file:
// it may hold "..", '/', '\\', NUL, a drive letter ("C:"), a device name
// ("CON", "nul.txt"), trailing dots or spaces (which Windows drops, so that
// "a." and "a" collide), invalid UTF-8, or thousands of bytes. SafeComponent()
// maps any string to one component that is none of those, deterministically;
// two names that differ only in what was replaced keep different results
// because a short hash of the original is added whenever something changed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ark::restore {

// The longest component written, in bytes (ext4, XFS, NTFS in UTF-16 units are all >= 255).
inline constexpr size_t kMaxComponentBytes = 255;
// The longest path below the target, in bytes (Linux PATH_MAX is 4096; the target itself needs room).
inline constexpr size_t kMaxRelativePathBytes = 3072;

// One safe component for `name`: never empty, ".", ".." or a device name; no
// '/', '\\', ':', control characters, Windows-reserved characters or invalid
// UTF-8; no trailing dot or space; at most kMaxComponentBytes (cut at a
// character boundary, the extension kept). An unchanged name is returned as is.
std::string SafeComponent(std::string_view name);

// The components of a backup path ("/Inbox/Sub", "Documents\\a.txt"), each made
// safe with SafeComponent(); empty components are dropped, so a leading '/'
// can never make the path absolute.
std::vector<std::string> SafeComponents(std::string_view backup_path);

// `components` joined with '/': a relative path below any target. Fails when the
// result would exceed kMaxRelativePathBytes (the caller reports the item).
Result<std::string> SafeRelativePath(const std::vector<std::string>& components);

// True when `name` is a Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, CONIN$, CONOUT$),
// with or without an extension, in any case.
bool IsDeviceName(std::string_view name);

// `text` with ASCII letters in lower case (Graph compares folder and file names case-insensitively).
std::string AsciiLower(std::string_view text);

}  // namespace ark::restore
