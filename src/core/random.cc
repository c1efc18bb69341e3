// Randomness from libsodium's randombytes (getrandom on Linux).
#include "core/random.h"

#include <sodium.h>

#include <cctype>
#include <cstdlib>

#include "core/encoding.h"

namespace ark {

std::string RandomBytes(size_t n) {
  if (sodium_init() < 0) std::abort();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string NewUuid() {
  std::string b = RandomBytes(16);
  b[6] = char((uint8_t(b[6]) & 0x0f) | 0x40);
  b[8] = char((uint8_t(b[8]) & 0x3f) | 0x80);
  std::string h = HexEncode(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20, 12);
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  return true;
}

}  // namespace ark
