// The signed JWT an application presents instead of a secret (client_assertion, RFC 7523).
//
// Header: {"alg":"RS256","typ":"JWT","x5t":<b64url SHA-1 thumbprint>} or
//         {"alg":"PS256","typ":"JWT","x5t#S256":<b64url SHA-256 thumbprint>},
//         plus "x5c" (the certificate) when asked, for subject-name/issuer trust.
// Claims: aud = the token endpoint URL as this client calls it, iss = sub =
// client id, jti = a fresh UUID, nbf = iat = now, exp = now + 10 minutes.
#pragma once

#include <string>

#include "core/secret.h"
#include "core/status.h"
#include "core/time.h"
#include "identity/client_certificate.h"

namespace ark::identity {

struct AssertionOptions {
  SignatureAlgorithm algorithm = SignatureAlgorithm::kPs256;
  bool include_x5c = false;
};

Result<Secret> BuildClientAssertion(const ClientCertificate& certificate, const AssertionOptions& options,
                                    const std::string& client_id, const std::string& token_endpoint,
                                    SystemTime now);

}  // namespace ark::identity
