// The credential an application signs in with: an application secret or an installed certificate, unsealed.
#pragma once

#include <optional>
#include <string>

#include "core/secret.h"
#include "core/status.h"
#include "identity/token.h"
#include "org/model.h"
#include "org/store.h"
#include "org/vault.h"

namespace ark::org {

// A credential as the administrator gives it, before it is sealed.
struct AppCredentialInput {
  std::string app_id;
  std::optional<Secret> secret;
  std::optional<SystemTime> secret_expires;
  std::optional<std::string> certificate;  // SHA-1 thumbprint of an installed certificate
};

// For signing in with a credential just entered.
Result<identity::ClientCredential> ClientCredentialOf(ConfigStore& store, Vault& vault,
                                                      const AppCredentialInput& input);
// For signing in with a stored credential.
Result<identity::ClientCredential> ClientCredentialOf(ConfigStore& store, Vault& vault,
                                                      const AppCredential& stored);

// The credential of the organization's sign-in application (Hybrid/Modern
// sign-in, the grant step): that of the profile whose application it is, or
// none for a public client.
Result<identity::ClientCredential> SignInCredentialOf(ConfigStore& store, Vault& vault,
                                                      const Organization& organization);

// Seals the secret of `input` (if any) and returns what is stored.
Result<AppCredential> SealAppCredential(Vault& vault, const AppCredentialInput& input);

}  // namespace ark::org
