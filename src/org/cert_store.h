// The certificate store: application certificates installed into Ark365 ("Install" in seed 001).
//
// A certificate is stored with its public part in clear and its private key
// sealed by the vault. Importing checks Entra ID's rules (RSA, the key
// matches, not expired) and warns 30 days before expiry; removing refuses
// while an organization signs in with the certificate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.h"
#include "core/status.h"
#include "org/certificate.h"
#include "org/store.h"
#include "org/vault.h"

namespace ark::org {

struct ImportResult {
  StoredCertificate certificate;
  bool already_installed = false;
  std::optional<std::string> warning;  // expires within 30 days
};

// Installs `bundle`. Installing the same certificate again is not an error
// (already_installed is set); an expired one is refused.
Result<ImportResult> ImportCertificate(ConfigStore& store, Vault& vault, const CertificateBundle& bundle,
                                       SystemTime now);

// Finds an installed certificate by SHA-1 or SHA-256 thumbprint (any case, ':' allowed).
Result<StoredCertificate> FindCertificate(ConfigStore& store, std::string_view thumbprint);

// Removes a certificate that no organization uses.
Status RemoveCertificate(ConfigStore& store, std::string_view thumbprint);

// The expiry warning of an installed certificate (or the refusal once expired).
Result<std::optional<std::string>> CertificateWarning(const StoredCertificate& cert, SystemTime now);

// The private key, unsealed, for signing a client assertion.
Result<Secret> LoadPrivateKey(Vault& vault, const StoredCertificate& cert);

}  // namespace ark::org
