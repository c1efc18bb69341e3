// Turning entered or stored application credentials into identity's form (see app_credentials.h).
#include "org/app_credentials.h"

#include <cctype>
#include <memory>

#include "identity/client_certificate.h"
#include "org/cert_store.h"

namespace ark::org {
namespace {

Result<identity::ClientCredential> CertificateCredentialOf(ConfigStore& store, Vault& vault,
                                                           const std::string& thumbprint) {
  ARK_ASSIGN_OR_RETURN(StoredCertificate cert, FindCertificate(store, thumbprint));
  ARK_ASSIGN_OR_RETURN(Secret key, LoadPrivateKey(vault, cert));
  ARK_ASSIGN_OR_RETURN(identity::ClientCertificate loaded,
                       identity::ClientCertificate::FromPem(cert.certificate_pem, key));
  identity::CertificateCredential credential;
  credential.certificate = std::make_shared<const identity::ClientCertificate>(std::move(loaded));
  return identity::ClientCredential(std::move(credential));
}

// GUIDs compare case-insensitively.
bool SameId(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

Result<identity::ClientCredential> ClientCredentialOf(ConfigStore& store, Vault& vault,
                                                      const AppCredentialInput& input) {
  if (input.secret) return identity::ClientCredential(*input.secret);
  if (input.certificate) return CertificateCredentialOf(store, vault, *input.certificate);
  return identity::ClientCredential(std::monostate());
}

Result<identity::ClientCredential> ClientCredentialOf(ConfigStore& store, Vault& vault,
                                                      const AppCredential& stored) {
  if (stored.kind == CredentialKind::kCertificate && stored.certificate) {
    return CertificateCredentialOf(store, vault, *stored.certificate);
  }
  if (!stored.secret_id) {
    return DataLoss("the application secret of " + stored.app_id +
                    " is missing; run `ark365 org set-credentials`");
  }
  ARK_ASSIGN_OR_RETURN(Secret secret, vault.Get(*stored.secret_id));
  return identity::ClientCredential(std::move(secret));
}

Result<identity::ClientCredential> SignInCredentialOf(ConfigStore& store, Vault& vault,
                                                      const Organization& organization) {
  std::string app = organization.EffectiveSignInAppId();
  for (const CredentialProfile& p : organization.profiles) {
    if (SameId(p.app.app_id, app)) return ClientCredentialOf(store, vault, p.app);
  }
  return identity::ClientCredential(std::monostate());
}

Result<AppCredential> SealAppCredential(Vault& vault, const AppCredentialInput& input) {
  AppCredential out;
  out.app_id = input.app_id;
  if (input.certificate) {
    out.kind = CredentialKind::kCertificate;
    out.certificate = input.certificate;
    return out;
  }
  out.kind = CredentialKind::kSecret;
  out.secret_expires = input.secret_expires;
  if (input.secret) {
    ARK_ASSIGN_OR_RETURN(out.secret_id, vault.Put("app-secret", *input.secret));
  }
  return out;
}

}  // namespace ark::org
