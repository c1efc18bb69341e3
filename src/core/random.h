// Cryptographically secure randomness (libsodium) and identifiers built from it.
#pragma once

#include <string>
#include <string_view>

namespace ark {

std::string RandomBytes(size_t n);
// RFC 4122 version 4 UUID, lower case: "3f2a0c1e-....".
std::string NewUuid();
// True for the 8-4-4-4-12 hex form (any version), as Entra IDs are written.
bool IsUuid(std::string_view text);

}  // namespace ark
