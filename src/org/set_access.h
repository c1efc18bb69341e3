// How a backup set signs in, the way its backups will: Basic, Hybrid or Modern, as a token provider.
//
//   Basic   the account's app password, by the password grant (non-MFA accounts only; deprecated)
//   Hybrid  the account owner's refresh token from `set migrate-auth`, renewed at each use; every
//           renewed refresh token is sealed and stored before it is used (rotation)
//   Modern  app-only tokens of the organization's application, consented by a Global Administrator
//
// This is what the backup part asks for a set's tokens; `ark365 set test` uses it to prove that
// a set's authentication works now.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/status.h"
#include "http/http_options.h"
#include "identity/token_provider.h"
#include "org/model.h"
#include "org/store.h"
#include "org/tenant_session.h"
#include "org/vault.h"

namespace ark::org {

struct SetAccess {
  std::unique_ptr<TenantSession> session;  // owns the HTTP client and the token client
  std::unique_ptr<identity::TokenProvider> tokens;
  bool app_only = false;
  std::string account;  // the set's account
};

// `store` and `vault` must outlive the returned access: Hybrid renewals write
// the rotated refresh token through them (serialized by an internal mutex;
// the store itself is not thread-safe, so nothing else may use it meanwhile).
Result<SetAccess> OpenSetAccess(ConfigStore& store, Vault& vault, const BackupSet& set, Service service,
                                const http::HttpOptions& http_options);

}  // namespace ark::org
