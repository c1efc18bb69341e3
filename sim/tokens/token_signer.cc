// TokenSigner: JWKS document, RS256 signing and verification.
#include "tokens/token_signer.h"

#include "core/encoding.h"
#include "crypto/jwt.h"

namespace m365sim::tokens {

TokenSigner::TokenSigner(crypto::Certificate certificate, crypto::RsaKey key)
    : certificate_(std::move(certificate)),
      key_(std::move(key)),
      kid_(ark::Base64UrlEncode(certificate_.Sha1Thumbprint())) {}

nlohmann::json TokenSigner::Jwks(const std::string& issuer) const {
  nlohmann::json key = {{"kty", "RSA"},
                        {"use", "sig"},
                        {"kid", kid_},
                        {"x5t", kid_},
                        {"n", ark::Base64UrlEncode(key_.Modulus())},
                        {"e", ark::Base64UrlEncode(key_.PublicExponent())},
                        {"x5c", {ark::Base64Encode(certificate_.Der())}},
                        {"issuer", issuer}};
  return {{"keys", {key}}};
}

ark::Result<std::string> TokenSigner::Sign(const nlohmann::json& claims) const {
  nlohmann::json header = {{"typ", "JWT"}, {"alg", "RS256"}, {"x5t", kid_}, {"kid", kid_}};
  return crypto::SignJwt(header, claims, key_);
}

ark::Result<nlohmann::json> TokenSigner::Verify(std::string_view token) const {
  ARK_ASSIGN_OR_RETURN(crypto::ParsedJwt jwt, crypto::ParseJwt(token));
  if (jwt.header.value("alg", "") != "RS256")
    return ark::Unauthenticated("the token is not signed with RS256");
  if (jwt.header.value("kid", "") != kid_)
    return ark::Unauthenticated("the token was signed by an unknown key");
  if (!certificate_.Verify(crypto::SignatureAlgorithm::kRs256, jwt.signing_input, jwt.signature)) {
    return ark::Unauthenticated("the token's signature is not valid");
  }
  return jwt.claims;
}

}  // namespace m365sim::tokens
