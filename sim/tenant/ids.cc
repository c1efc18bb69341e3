// Seeded and random identifiers.
#include "tenant/ids.h"

#include "core/encoding.h"
#include "core/random.h"

namespace m365sim::tenant {

std::string SeededGuid(SeededRandom random) {
  std::string b = random.Bytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  std::string hex = ark::HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string SeededBase64UrlId(SeededRandom random, size_t bytes) {
  return ark::Base64UrlEncode(random.Bytes(bytes));
}

std::string RandomBase64UrlId(size_t bytes) { return ark::Base64UrlEncode(ark::RandomBytes(bytes)); }

}  // namespace m365sim::tenant
