// zstd compression of blob and object bodies, skipped when it does not make them smaller.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ark::repo {

// Appends the zstd frame (level 1..19; 0 = never compress) of `data` to `out` and returns true, or leaves
// `out` unchanged and returns false when compression would not save space. Thread-safe (one zstd context per
// thread).
bool CompressTo(std::string_view data, int level, std::string& out);

// Decompresses one zstd frame whose content size must be `expected_size`
// (pass SIZE_MAX when unknown: the frame header's size is then used).
Result<std::string> Decompress(std::string_view frame, size_t expected_size);

// "off", "fastest", "default", "max" or a level 0..19 -> a zstd level (0 = off).
Result<int> ParseCompressionLevel(std::string_view text);

}  // namespace ark::repo
