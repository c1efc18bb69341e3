// BuildClientAssertion: JSON header and claims, base64url, signature.
#include "identity/client_assertion.h"

#include <nlohmann/json.hpp>

#include "core/encoding.h"
#include "core/random.h"

namespace ark::identity {

Result<Secret> BuildClientAssertion(const ClientCertificate& certificate, const AssertionOptions& options,
                                    const std::string& client_id, const std::string& token_endpoint,
                                    SystemTime now) {
  nlohmann::json header = {{"typ", "JWT"}};
  if (options.algorithm == SignatureAlgorithm::kPs256) {
    header["alg"] = "PS256";
    header["x5t#S256"] = Base64UrlEncode(certificate.Sha256Thumbprint());
  } else {
    header["alg"] = "RS256";
    header["x5t"] = Base64UrlEncode(certificate.Sha1Thumbprint());
  }
  if (options.include_x5c) header["x5c"] = nlohmann::json::array({Base64Encode(certificate.der())});
  int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  nlohmann::json claims = {
      {"aud", token_endpoint}, {"iss", client_id}, {"sub", client_id},
      {"jti", NewUuid()},      {"nbf", iat},       {"iat", iat},
      {"exp", iat + 600},
  };
  std::string signing_input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  ARK_ASSIGN_OR_RETURN(std::string signature, certificate.Sign(options.algorithm, signing_input));
  return Secret(signing_input + "." + Base64UrlEncode(signature));
}

}  // namespace ark::identity
