// ClientCertificate: an application's certificate and private key, loaded from a PFX or PEM files.
//
// Entra ID authenticates an application by a JWT it signs with the key of a
// certificate registered on the app (client_assertion). Only RSA keys are
// accepted by Entra ID, so loading refuses other key types with that reason.
// The key lives in OpenSSL's memory only; it is never exported or logged.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/secret.h"
#include "core/status.h"
#include "core/time.h"

namespace ark::identity {

enum class SignatureAlgorithm {
  kRs256,  // RSASSA-PKCS1-v1_5 with SHA-256; the certificate named by its SHA-1 thumbprint (x5t)
  kPs256,  // RSASSA-PSS with SHA-256; named by its SHA-256 thumbprint (x5t#S256), Microsoft's current advice
};

class ClientCertificate {
 public:
  // A PKCS#12 file (binary DER, as Windows and Entra export it) and its
  // password (empty for none). The first certificate matching the key is used.
  static Result<ClientCertificate> FromPfx(std::string_view pfx, const Secret& password);
  // A PEM certificate and a PEM private key (PKCS#8 or traditional RSA,
  // optionally encrypted with `key_password`). Both may be in one text.
  static Result<ClientCertificate> FromPem(std::string_view certificate_pem, const Secret& key_pem,
                                           const Secret& key_password = Secret());

  // Raw digests of the certificate's DER encoding.
  std::string Sha1Thumbprint() const;
  std::string Sha256Thumbprint() const;
  // The certificate in DER (for an x5c header).
  const std::string& der() const { return der_; }
  const std::string& subject() const { return subject_; }
  SystemTime not_before() const { return not_before_; }
  SystemTime not_after() const { return not_after_; }

  // Signs `data` with the private key.
  Result<std::string> Sign(SignatureAlgorithm algorithm, std::string_view data) const;

 private:
  struct Key;
  ClientCertificate() = default;
  static Result<ClientCertificate> Build(void* x509, void* pkey);

  std::shared_ptr<const Key> key_;
  std::string der_;
  std::string subject_;
  SystemTime not_before_{};
  SystemTime not_after_{};
};

}  // namespace ark::identity
