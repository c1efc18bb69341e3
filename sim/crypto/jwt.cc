// JWT compact serialisation: base64url pieces joined by dots, signed over "header.claims".
#include "crypto/jwt.h"

#include "core/encoding.h"

namespace m365sim::crypto {

ark::Result<std::string> SignJwt(nlohmann::json header, const nlohmann::json& claims, const RsaKey& key,
                                 SignatureAlgorithm algorithm) {
  if (!header.contains("alg")) header["alg"] = algorithm == SignatureAlgorithm::kRs256 ? "RS256" : "PS256";
  if (!header.contains("typ")) header["typ"] = "JWT";
  std::string input = ark::Base64UrlEncode(header.dump()) + "." + ark::Base64UrlEncode(claims.dump());
  ARK_ASSIGN_OR_RETURN(std::string signature, key.Sign(algorithm, input));
  return input + "." + ark::Base64UrlEncode(signature);
}

ark::Result<ParsedJwt> ParseJwt(std::string_view token) {
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return ark::InvalidArgument("the token is not a compact JWT (three dot-separated parts)");
  }
  auto header = ark::Base64UrlDecode(token.substr(0, first));
  auto claims = ark::Base64UrlDecode(token.substr(first + 1, second - first - 1));
  auto signature = ark::Base64UrlDecode(token.substr(second + 1));
  if (!header || !claims || !signature)
    return ark::InvalidArgument("the token has a part that is not base64url");
  ParsedJwt out;
  out.header = nlohmann::json::parse(*header, nullptr, false);
  out.claims = nlohmann::json::parse(*claims, nullptr, false);
  if (!out.header.is_object() || !out.claims.is_object()) {
    return ark::InvalidArgument("the token's header or claims are not a JSON object");
  }
  out.signing_input = std::string(token.substr(0, second));
  out.signature = std::move(*signature);
  return out;
}

}  // namespace m365sim::crypto
