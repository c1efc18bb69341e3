// The authorization-code sign-in with PKCE: the URL to open, and reading back what the user pastes.
//
// Seed 002's Hybrid/Modern migration: Ark365 prints a sign-in URL, the user
// signs in (with MFA if enforced) in a browser, copies the authorization code
// from the final page, and pastes it back. Users paste either the bare code
// or the whole address of that page; both are accepted. A pasted address must
// carry the `state` of this sign-in, so a code from another, older or forged
// sign-in is refused before it is redeemed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/secret.h"
#include "core/status.h"
#include "identity/authority.h"

namespace ark::identity {

struct AuthorizationRequest {
  // Open this in a browser.
  std::string url;
  std::string state;
  // The PKCE secret; redeemed together with the code.
  Secret code_verifier;
  std::string redirect_uri;
};

struct AuthorizationOptions {
  std::string client_id;
  std::string redirect_uri;
  // Delegated scopes, e.g. {"https://graph.microsoft.com/.default", "offline_access"}.
  std::vector<std::string> scopes;
  std::optional<std::string> login_hint;
  // "select_account", "login", "consent" or "none"; unset lets Entra decide.
  std::optional<std::string> prompt;
};

// Makes a fresh state and PKCE pair (S256) and the /authorize URL.
AuthorizationRequest BeginAuthorization(const Authority& authority, const AuthorizationOptions& options);

// PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)).
std::string PkceChallenge(std::string_view verifier);

// Reads what the user pasted: a bare authorization code, or a redirect
// address (query or fragment) holding `code` and `state`, or an error
// (`error`, `error_description`) that is reported as such.
Result<Secret> ReadPastedAuthorizationResponse(std::string_view pasted, std::string_view expected_state);

}  // namespace ark::identity
