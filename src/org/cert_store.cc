// Certificate store operations on top of ConfigStore and Vault (see cert_store.h).
#include "org/cert_store.h"

#include "org/rules.h"

namespace ark::org {

Result<std::optional<std::string>> CertificateWarning(const StoredCertificate& cert, SystemTime now) {
  return rules::CheckCertificateDates(cert.sha1, cert.not_before, cert.not_after, now);
}

Result<ImportResult> ImportCertificate(ConfigStore& store, Vault& vault, const CertificateBundle& bundle,
                                       SystemTime now) {
  ImportResult result;
  ARK_ASSIGN_OR_RETURN(result.warning,
                       rules::CheckCertificateDates(bundle.sha1, bundle.not_before, bundle.not_after, now));
  Status s = store.Transaction([&]() -> Status {
    Result<StoredCertificate> existing = store.GetCertificate(bundle.sha1);
    if (existing.ok()) {
      result.certificate = *existing;
      result.already_installed = true;
      return Status::Ok();
    }
    StoredCertificate& c = result.certificate;
    c.sha1 = bundle.sha1;
    c.sha256 = bundle.sha256;
    c.subject = bundle.subject;
    c.issuer = bundle.issuer;
    c.serial = bundle.serial;
    c.not_before = bundle.not_before;
    c.not_after = bundle.not_after;
    c.key_bits = bundle.key_bits;
    c.certificate_pem = bundle.certificate_pem;
    c.imported_at = now;
    ARK_ASSIGN_OR_RETURN(c.private_key_secret_id, vault.Put("private-key", bundle.private_key_pem));
    return store.AddCertificate(c);
  });
  if (!s.ok()) return s;
  return result;
}

Result<StoredCertificate> FindCertificate(ConfigStore& store, std::string_view thumbprint) {
  std::optional<std::string> t = NormalizeThumbprint(thumbprint);
  if (!t) {
    return InvalidArgument(
        "'" + std::string(thumbprint) +
        "' is not a certificate thumbprint (40 hex digits for SHA-1, 64 for SHA-256); `ark365 "
        "cert list` shows them");
  }
  if (t->size() == 40) return store.GetCertificate(*t);
  ARK_ASSIGN_OR_RETURN(std::vector<StoredCertificate> all, store.ListCertificates());
  for (StoredCertificate& c : all) {
    if (c.sha256 == *t) return std::move(c);
  }
  return NotFound("no certificate with thumbprint " + *t + " is installed; `ark365 cert list` shows them");
}

Status RemoveCertificate(ConfigStore& store, std::string_view thumbprint) {
  return store.Transaction([&]() -> Status {
    ARK_ASSIGN_OR_RETURN(StoredCertificate cert, FindCertificate(store, thumbprint));
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> users, store.OrganizationsUsingCertificate(cert.sha1));
    if (!users.empty()) {
      std::string names;
      for (const std::string& n : users) names += (names.empty() ? "" : ", ") + n;
      return FailedPrecondition("the certificate " + cert.sha1 + " is used by the organization(s) " + names +
                                "; give them another credential with `ark365 org set-credentials` first");
    }
    return store.DeleteCertificate(cert.sha1);
  });
}

Result<Secret> LoadPrivateKey(Vault& vault, const StoredCertificate& cert) {
  return vault.Get(cert.private_key_secret_id);
}

}  // namespace ark::org
