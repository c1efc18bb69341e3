// Little-endian integers of the binary formats (pack headers, index files).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ark::repo {

inline void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// REQUIRES: at + 4 <= s.size().
inline uint32_t GetU32(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + static_cast<size_t>(i)]);
  return v;
}

}  // namespace ark::repo
