// TenantSession: one application signed in to one tenant — the checks of seed 001 and the sign-ins of seed
// 002.
//
//   step 2  VerifyApplication    an app-only token, then /organization: the credentials work
//   step 3  CheckPermissions     the application permissions granted vs. permissions.h
//   step 4  SignInWithPassword   the Exchange account by password (refused for MFA accounts)
//   step 5  GrantPermissions     app role assignments by an account allowed to grant
//   seed 002                     BeginSignIn / FinishSignIn (code pasted back), device code
//
// Built on identity (tokens, AADSTS messages) and directory.h (Graph). The
// endpoints and CA come from the organization: nothing here knows which
// cloud, or whether it is the emulator.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/secret.h"
#include "core/status.h"
#include "http/http_client.h"
#include "identity/authorization_code.h"
#include "identity/token.h"
#include "identity/token_client.h"
#include "identity/token_provider.h"
#include "org/directory.h"
#include "org/model.h"
#include "org/permissions.h"

namespace ark::org {

struct PermissionCheck {
  std::set<std::string> granted;
  std::vector<std::string> missing_backup;
  std::vector<std::string> missing_restore;
  std::vector<std::string> missing_optional;
  // True when the directory could not be read and the token's roles were used.
  bool from_token = false;

  // Backup and restore permissions that are missing, without duplicates.
  std::vector<std::string> MissingRequired() const;
};

// An account after a delegated sign-in.
struct SignedInAccount {
  std::string upn;
  std::vector<DirectoryRole> roles;
  std::vector<std::string> scopes;      // granted delegated scopes
  std::optional<Secret> refresh_token;  // when offline_access was asked for
  Secret access_token;
};

struct GrantResult {
  // "Mail.Read", or "Directory.Read.All (for Organization.Read.All)" when a broader one was assigned.
  std::vector<std::string> granted;
  // Permissions Microsoft Graph does not offer under any covering name.
  std::vector<std::string> unavailable;
};

class TenantSession {
 public:
  // `org` gives the name (for messages), tenant and endpoints; `app_id` and
  // `credential` the application (std::monostate for a public client).
  // `http_options` are the configured network options; the organization's
  // CA file replaces theirs when set.
  static Result<std::unique_ptr<TenantSession>> Open(const Organization& org, const std::string& app_id,
                                                     identity::ClientCredential credential,
                                                     http::HttpOptions http_options);

  Result<TenantDetails> VerifyApplication();
  Result<PermissionCheck> CheckPermissions(const ServiceSet& services);
  Result<SignedInAccount> SignInWithPassword(const std::string& upn, const Secret& password,
                                             const std::vector<std::string>& scopes);
  // Grants `permissions` to the application `app_id` (this session's by
  // default), signed in as `account`, who must be allowed to grant.
  Result<GrantResult> GrantPermissions(const SignedInAccount& account,
                                       const std::vector<std::string>& permissions,
                                       const std::string& app_id = {});

  // `prompt` is Entra's: "select_account" (another account signed in in the
  // browser is never used silently) or "consent" (ask for consent again).
  identity::AuthorizationRequest BeginSignIn(const std::vector<std::string>& scopes,
                                             const std::string& redirect_uri,
                                             std::optional<std::string> login_hint,
                                             std::string prompt = "select_account");
  Result<SignedInAccount> FinishSignIn(const identity::AuthorizationRequest& request, std::string_view pasted,
                                       const std::vector<std::string>& scopes);
  Result<identity::DeviceCode> StartDeviceCode(const std::vector<std::string>& scopes);
  Result<SignedInAccount> FinishDeviceCode(identity::DeviceCode& code);

  const std::string& app_id() const { return app_id_; }
  // The token client, for long-lived token providers (identity/token_provider.h).
  std::shared_ptr<identity::TokenClient> token_client() const { return tokens_; }
  // Graph, with tokens from `provider` (which must outlive the Directory).
  Directory DirectoryWith(identity::TokenProvider& provider);

 private:
  TenantSession() = default;
  Directory AppDirectory();
  Directory DelegatedDirectory(const Secret& access_token);
  Result<SignedInAccount> Describe(identity::TokenSet tokens, const std::string& upn_hint);

  std::string org_name_;
  std::string app_id_;
  std::string graph_base_;
  std::unique_ptr<http::HttpClient> http_;
  std::shared_ptr<identity::TokenClient> tokens_;
};

// True when a sign-in failed because the application may not act for the
// account with the scopes asked for until someone consents (AADSTS65001).
bool NeedsConsent(const Status& status);

// The delegated scopes asked for when signing in: `names` plus the OpenID scopes.
std::vector<std::string> SignInScopes(const std::set<std::string>& names, bool offline_access);

// The display name of a directory role template id, when it is a well-known one.
std::string DirectoryRoleName(std::string_view template_id);

}  // namespace ark::org
