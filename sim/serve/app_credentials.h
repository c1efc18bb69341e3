// Application certificates: key pairs in the state directory, registered on the generated apps.
//
// ark365-backup and ark365-certificate-only each get a self-signed RSA
// certificate (<state>/apps/<app>.pem/.key, reused across restarts) that is
// added to the app's keyCredentials. ark365-backup's pair is also written as
// a password-protected PFX (<app>.pfx, password in <app>.pfx-password) for
// Ark365's PFX import path.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "tenant/model.h"

namespace m365sim {

struct AppCredentialFiles {
  std::string certificate_pem;
  std::string private_key_pem;
  std::string pfx;           // empty when none
  std::string pfx_password;  // clear text: it protects test material only
  std::string thumbprint_sha1_hex;
  std::string thumbprint_sha256_hex;
};

// Creates or loads the pairs and registers them on `tenant`'s apps; returns the
// files by app name.
ark::Result<std::map<std::string, AppCredentialFiles>> ProvisionAppCertificates(const std::string& state_dir,
                                                                                tenant::Tenant& tenant);

}  // namespace m365sim
