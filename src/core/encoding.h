// Byte encodings used across formats and protocols: hex, base64, base64url, percent-encoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ark {

std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view hex);

// RFC 4648 base64 with padding.
std::string Base64Encode(std::string_view bytes);
// Accepts padded and unpadded input; rejects other characters.
std::optional<std::string> Base64Decode(std::string_view text);

// RFC 4648 §5 base64url without padding (JWT, PKCE).
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// application/x-www-form-urlencoded and URL query components (RFC 3986
// unreserved characters are kept; space becomes %20).
std::string PercentEncode(std::string_view text);
// Decodes %XX and, when `plus_is_space`, '+' as a space (form bodies).
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = true);

}  // namespace ark
