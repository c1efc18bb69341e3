// Token providers for backup sets by authentication mode (see set_access.h).
#include "org/set_access.h"

#include <chrono>

#include "org/app_credentials.h"
#include "org/permissions.h"
#include "org/rules.h"

namespace ark::org {
namespace {

std::vector<std::string> DelegatedScopes() {
  return SignInScopes(HybridDelegatedScopes(), /*offline_access=*/true);
}

// A password sign-in cannot consent: it asks for whatever the account
// already consented to (Graph's .default), as the legacy mode always did.
std::vector<std::string> BasicScopes() {
  return {std::string(identity::kGraphDefaultScope), "openid", "profile"};
}

Result<Account> SetAccount(ConfigStore& store, const BackupSet& set) {
  ARK_ASSIGN_OR_RETURN(std::optional<Account> account, store.FindAccount(set.org_id, set.account));
  if (!account) {
    return FailedPrecondition("the account " + set.account + " of the backup set " + set.name +
                              " is not known; run `ark365 set migrate-auth " + set.name + " --to hybrid`");
  }
  return *account;
}

}  // namespace

Result<SetAccess> OpenSetAccess(ConfigStore& store, Vault& vault, const BackupSet& set, Service service,
                                const http::HttpOptions& http_options) {
  ARK_ASSIGN_OR_RETURN(Organization organization, store.GetOrganization(set.org_name));
  SetAccess access;
  access.account = set.account;
  if (set.auth_mode == AuthMode::kModern) {
    const CredentialProfile& profile = organization.ProfileFor(service);
    ARK_ASSIGN_OR_RETURN(Account account, SetAccount(store, set));
    ARK_ASSIGN_OR_RETURN(std::optional<Authorization> z,
                         store.FindAuthorization(account.id, AuthMode::kModern));
    if (!z) {
      return FailedPrecondition("the backup set " + set.name +
                                " uses Modern authentication, which a Global "
                                "Administrator has not authorized yet; run `ark365 set migrate-auth " +
                                set.name + " --to modern`");
    }
    ARK_ASSIGN_OR_RETURN(identity::ClientCredential credential,
                         ClientCredentialOf(store, vault, profile.app));
    ARK_ASSIGN_OR_RETURN(access.session, TenantSession::Open(organization, profile.app.app_id,
                                                             std::move(credential), http_options));
    access.tokens = identity::MakeAppTokenProvider(access.session->token_client());
    access.app_only = true;
    return access;
  }

  ARK_ASSIGN_OR_RETURN(identity::ClientCredential credential, SignInCredentialOf(store, vault, organization));
  ARK_ASSIGN_OR_RETURN(access.session, TenantSession::Open(organization, organization.EffectiveSignInAppId(),
                                                           std::move(credential), http_options));
  ARK_ASSIGN_OR_RETURN(Account account, SetAccount(store, set));
  if (set.auth_mode == AuthMode::kBasic) {
    if (!account.password_secret_id) {
      return FailedPrecondition("the backup set " + set.name +
                                " uses Basic authentication and no app password "
                                "is stored for " +
                                set.account + "; " + rules::BasicDeprecationNotice(set.name));
    }
    std::string secret_id = *account.password_secret_id;
    access.tokens = identity::MakePasswordTokenProvider(
        access.session->token_client(), set.account, [&vault, secret_id] { return vault.Get(secret_id); },
        BasicScopes());
    return access;
  }

  ARK_ASSIGN_OR_RETURN(std::optional<Authorization> z,
                       store.FindAuthorization(account.id, AuthMode::kHybrid));
  if (!z || !z->refresh_token_secret_id) {
    return FailedPrecondition("the backup set " + set.name + " uses Hybrid authentication and " +
                              set.account + " has not signed in yet; run `ark365 set migrate-auth " +
                              set.name + " --to hybrid`");
  }
  ARK_ASSIGN_OR_RETURN(Secret refresh_token, vault.Get(*z->refresh_token_secret_id));
  auto mu = std::make_shared<std::mutex>();
  Authorization stored = *z;
  identity::PersistRefreshToken persist = [&store, &vault, mu,
                                           stored](const Secret& rotated) mutable -> Status {
    std::lock_guard<std::mutex> lock(*mu);
    return store.Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(stored.refresh_token_secret_id, vault.Put("refresh-token", rotated));
      stored.renewed_at = std::chrono::system_clock::now();
      return store.PutAuthorization(stored);
    });
  };
  access.tokens = identity::MakeRefreshTokenProvider(access.session->token_client(), std::move(refresh_token),
                                                     DelegatedScopes(), set.account, std::move(persist));
  return access;
}

}  // namespace ark::org
