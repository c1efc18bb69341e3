// JSON Web Tokens (RFC 7519) in compact form: sign with RS256, parse, verify RS256/PS256.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "crypto/keys.h"

namespace m365sim::crypto {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's move constructor does not throw.
struct ParsedJwt {
  nlohmann::json header;
  nlohmann::json claims;
  std::string signing_input;  // "<header b64>.<claims b64>", what the signature covers
  std::string signature;      // raw bytes
};

// header + claims, base64url-encoded, signed with `key`. The header gets
// "alg" and "typ" set from `algorithm` unless already present.
ark::Result<std::string> SignJwt(nlohmann::json header, const nlohmann::json& claims, const RsaKey& key,
                                 SignatureAlgorithm algorithm = SignatureAlgorithm::kRs256);

// Splits and decodes a compact JWS; does not verify anything. The error says
// which part is malformed.
ark::Result<ParsedJwt> ParseJwt(std::string_view token);

}  // namespace m365sim::crypto
