// Small, careful file-system helpers: whole-file reads, atomic writes, private directories.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ark {

Result<std::string> ReadFile(const std::string& path);

// Writes `data` to `path` so that a crash leaves either the old or the new
// content, never a mix: write to a temporary file in the same directory,
// fsync it, rename it over `path`, fsync the directory. `mode` applies to the
// new file (0600 for anything holding keys or secrets).
Status WriteFileAtomic(const std::string& path, std::string_view data, int mode = 0644);

// fsync() of a directory, so that a rename or create inside it is durable.
Status SyncDirectory(const std::string& dir);

// Creates `path` and its parents; `path` itself gets `mode`. An existing
// directory keeps its contents; if it is more open than `mode` allows and we
// own it, its mode is tightened.
Status EnsureDirectory(const std::string& path, int mode);

}  // namespace ark
