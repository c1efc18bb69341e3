// Identifiers for directory objects: seeded (generator) or random (objects created at run time).
#pragma once

#include <string>

#include "common/seeded_random.h"

namespace m365sim::tenant {

// A version-4-shaped GUID drawn from `random`: "0f8fad5b-d9cb-469f-a165-70867728950e".
std::string SeededGuid(SeededRandom random);
// `bytes` bytes from `random`, base64url without padding (Graph's appRoleAssignment ids are 32 bytes).
std::string SeededBase64UrlId(SeededRandom random, size_t bytes);
// The same shapes from a cryptographic source, for objects created while serving.
std::string RandomBase64UrlId(size_t bytes);

}  // namespace m365sim::tenant
