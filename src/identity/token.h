// Tokens and credentials as the identity part hands them around.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/secret.h"
#include "core/time.h"
#include "identity/client_assertion.h"
#include "identity/client_certificate.h"

namespace ark::identity {

// A bearer token for one resource, with its expiry.
struct AccessToken {
  Secret value;
  SystemTime expires_at{};
  // When it was obtained: refresh-before-expiry is relative to its lifetime.
  SystemTime obtained_at{};
};

// What a token endpoint returned.
struct TokenSet {
  AccessToken access;
  std::string token_type = "Bearer";
  // Scopes granted (delegated flows only; space separated).
  std::string scope;
  // Delegated flows with offline_access only. Rotates: store the newest.
  std::optional<Secret> refresh_token;
  // Delegated flows with openid only.
  std::optional<Secret> id_token;
};

// Who signed in, from the ID token (not verified: the token came straight
// from the token endpoint over TLS; used for display and account matching).
struct IdTokenClaims {
  std::string preferred_username;
  std::string name;
  std::string oid;
  std::string tid;
};
std::optional<IdTokenClaims> ReadIdTokenClaims(const Secret& id_token);

// An application's credential: none (public client), a secret, or a certificate.
struct CertificateCredential {
  std::shared_ptr<const ClientCertificate> certificate;
  AssertionOptions assertion;
};
using ClientCredential = std::variant<std::monostate, Secret, CertificateCredential>;

struct AppCredentials {
  std::string client_id;
  ClientCredential credential;
};

// Names used in error messages, so that they say which organization, app and
// account are meant ("the application secret of Contoso expired ...").
struct SignInContext {
  std::string organization;  // e.g. "Contoso"
  std::string app_name;      // e.g. "ark365-backup"; the client id when unknown
  std::string upn;           // the account, for delegated flows
};

// "a b c" from {"a", "b", "c"}, as OAuth writes scope lists.
std::string JoinScopes(const std::vector<std::string>& scopes);

using Clock = std::function<SystemTime()>;
// The system clock, for production.
Clock SystemClock();

}  // namespace ark::identity
