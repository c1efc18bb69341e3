// THE table of Entra ID (AADSTS) sign-in errors and the actionable messages Ark365 shows for them.
//
// Every token-endpoint failure goes through ToStatus(): the administrator
// reads what is wrong and what to do, in terms of their organization, app and
// account; the raw "AADSTSnnnn: ..." line, trace id and correlation id go to
// the log and the Status's cause chain (for support cases), never a secret.
// docs/errors.md documents this table row by row (a test keeps them equal).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "identity/token.h"

namespace ark::identity {

// An error response of the token or device-code endpoint, as Entra sends it.
struct TokenEndpointError {
  int http_status = 0;
  std::string error;        // OAuth error value: "invalid_client", "invalid_grant", ...
  std::string description;  // "AADSTS7000215: Invalid client secret provided. ...\r\nTrace ID: ..."
  std::vector<int64_t> codes;
  std::string suberror;
  std::string trace_id;
  std::string correlation_id;

  // The first AADSTS code (from error_codes, else from the description), or 0.
  int64_t code() const;
  // The first line of the description: "AADSTS7000215: Invalid client secret provided. ...".
  std::string FirstLine() const;
};

// nullopt when the body is not an OAuth error document.
std::optional<TokenEndpointError> ParseTokenEndpointError(int http_status, std::string_view body);

// One row of the table. Messages use {org}, {app}, {client_id}, {upn} and {tenant}.
struct AadstsRule {
  int64_t code;            // 0: a fallback row matched by `error` alone
  std::string_view error;  // the OAuth error value (documentation for coded rows)
  StatusCode status;
  std::string_view message;
};
const std::vector<AadstsRule>& AadstsRules();

// What ToStatus() needs besides the error to name things.
struct ErrorSubject {
  SignInContext context;
  std::string client_id;
  std::string tenant;
};

// The actionable Status for an error response; its cause holds the raw line.
Status ToStatus(const TokenEndpointError& error, const ErrorSubject& subject);

// The AADSTS code behind a Status made by ToStatus(), for callers that react
// to one case (e.g. offer Hybrid authentication on 50076).
std::optional<int64_t> AadstsCodeOf(const Status& status);

}  // namespace ark::identity
