// Reading and checking application certificates: PFX/PKCS#12 and PEM files (OpenSSL).
//
// Entra ID accepts only RSA keys for application certificates (an ECDSA
// assertion fails with AADSTS700027), so only RSA is accepted here; the key
// must match the certificate. Expiry rules live in rules.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/secret.h"
#include "core/status.h"
#include "core/time.h"

namespace ark::org {

// A certificate with its private key, as read from a file.
struct CertificateBundle {
  std::string certificate_pem;  // the certificate, then any chain certificates from the file
  Secret private_key_pem;       // unencrypted PKCS#8 PEM; only ever stored sealed
  std::string sha1;             // upper-case hex of SHA-1(DER): the thumbprint Entra ID shows
  std::string sha256;           // upper-case hex of SHA-256(DER)
  std::string subject;          // RFC 2253
  std::string issuer;
  std::string serial;  // hex
  SystemTime not_before{};
  SystemTime not_after{};
  int key_bits = 0;
};

// Reads `path`: a PKCS#12 file (.pfx/.p12), or PEM text holding the
// certificate and its private key (encrypted keys are opened with
// `password`). `key_path` names a separate PEM key file when the key is not
// in `path`. Refuses non-RSA keys and a key that does not belong to the
// certificate, with a message naming the file.
Result<CertificateBundle> ReadCertificateFile(const std::string& path, const std::optional<Secret>& password,
                                              const std::optional<std::string>& key_path = std::nullopt);

// "THUMBPRINT" normalised: upper-case hex without ':' or spaces, or nullopt if
// `text` is not a SHA-1 (40) or SHA-256 (64) hex thumbprint.
std::optional<std::string> NormalizeThumbprint(std::string_view text);

}  // namespace ark::org
