// TokenSigner: the emulator's token-signing key, its JWKS, and signing/verification of our JWTs.
//
// One RSA key (with a self-signed certificate, as Entra publishes them) signs
// every access and ID token. Its `kid` is the base64url SHA-1 thumbprint of
// the certificate, equal to its `x5t`, as in Entra's JWKS. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "crypto/keys.h"

namespace m365sim::tokens {

class TokenSigner {
 public:
  TokenSigner(crypto::Certificate certificate, crypto::RsaKey key);

  const std::string& kid() const { return kid_; }
  // {"keys":[{"kty":"RSA","use":"sig","kid":...,"x5t":...,"n":...,"e":...,"x5c":[...]}]};
  // `issuer` is added to each key as Entra does.
  nlohmann::json Jwks(const std::string& issuer) const;

  // A compact RS256 JWT with header {"typ":"JWT","alg":"RS256","x5t":kid,"kid":kid}.
  ark::Result<std::string> Sign(const nlohmann::json& claims) const;
  // Parses `token` and checks that we signed it (alg RS256, our kid, valid
  // signature); returns its claims. Times and audience are the caller's to check.
  ark::Result<nlohmann::json> Verify(std::string_view token) const;

 private:
  crypto::Certificate certificate_;
  crypto::RsaKey key_;
  std::string kid_;
};

}  // namespace m365sim::tokens
