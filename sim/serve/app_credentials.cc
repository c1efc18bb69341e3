// ProvisionAppCertificates: self-signed application certificates, PFX export, keyCredential registration.
#include "serve/app_credentials.h"

#include <sys/stat.h>

#include "core/encoding.h"
#include "core/file.h"
#include "core/random.h"
#include "tenant/generator.h"
#include "tenant/ids.h"
#include "tls/certificate_store.h"

namespace m365sim {
namespace {

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

ark::Result<std::string> PfxPassword(const std::string& path) {
  if (Exists(path)) return ark::ReadFile(path);
  std::string password = ark::Base64UrlEncode(ark::RandomBytes(12));
  ARK_RETURN_IF_ERROR(ark::WriteFileAtomic(path, password, 0600));
  return password;
}

}  // namespace

ark::Result<std::map<std::string, AppCredentialFiles>> ProvisionAppCertificates(const std::string& state_dir,
                                                                                tenant::Tenant& t) {
  std::map<std::string, AppCredentialFiles> out;
  const std::string dir = state_dir + "/apps";
  for (std::string_view name : {tenant::kAppBackup, tenant::kAppCertificateOnly}) {
    tenant::Application* app = nullptr;
    for (auto& a : t.applications) {
      if (a.purpose == name) app = &a;
    }
    if (app == nullptr) continue;
    ARK_ASSIGN_OR_RETURN(tls::KeyPair pair,
                         tls::EnsureSelfSignedPair(dir, std::string(name), std::string(name), 730));
    AppCredentialFiles files;
    files.certificate_pem = pair.certificate_path;
    files.private_key_pem = pair.key_path;
    files.thumbprint_sha1_hex = ark::HexEncode(pair.certificate.Sha1Thumbprint());
    files.thumbprint_sha256_hex = ark::HexEncode(pair.certificate.Sha256Thumbprint());
    if (name == tenant::kAppBackup) {
      files.pfx = pair.certificate_path.substr(0, pair.certificate_path.size() - 4) + ".pfx";
      ARK_ASSIGN_OR_RETURN(files.pfx_password, PfxPassword(files.pfx + "-password"));
      ARK_ASSIGN_OR_RETURN(std::string pfx, crypto::MakePkcs12(pair.certificate, pair.key, files.pfx_password,
                                                               std::string(name)));
      ARK_RETURN_IF_ERROR(ark::WriteFileAtomic(files.pfx, pfx, 0600));
    }
    tenant::KeyCredential key;
    key.key_id = tenant::SeededGuid(SeededRandom(t.seed).Derive("app/" + std::string(name) + "/certificate"));
    key.display_name = "CN=" + std::string(name);
    key.certificate_der = pair.certificate.Der();
    key.thumbprint_sha1 = pair.certificate.Sha1Thumbprint();
    key.thumbprint_sha256 = pair.certificate.Sha256Thumbprint();
    key.start = pair.certificate.NotBefore();
    key.end = pair.certificate.NotAfter();
    app->key_credentials.push_back(std::move(key));
    out[std::string(name)] = std::move(files);
  }
  return out;
}

}  // namespace m365sim
