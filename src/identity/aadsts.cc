// The AADSTS table and the conversion of token-endpoint errors into actionable Status values.
#include "identity/aadsts.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace ark::identity {
namespace {

using SC = StatusCode;

const std::vector<AadstsRule> kRules = {
    // Application credentials.
    {7000215, "invalid_client", SC::kUnauthenticated,
     "the application secret of {org} is not valid for app {app}; copy the secret's Value (not its Secret "
     "ID) "
     "from Entra ID → App registrations → {app} → Certificates & secrets, or create a new secret there, and "
     "run "
     "`ark365 org set-credentials`"},
    {7000222, "invalid_client", SC::kUnauthenticated,
     "the application secret of {org} expired; create a new secret in Entra ID → App registrations → {app} → "
     "Certificates & secrets and run `ark365 org set-credentials`"},
    {7000218, "invalid_client", SC::kUnauthenticated,
     "app {app} needs a secret or a certificate and none was sent; give {org} one with `ark365 org "
     "set-credentials`"},
    {700025, "invalid_client", SC::kInvalidArgument,
     "app {app} is a public client, which must not send a secret or certificate; remove the credential from "
     "{org} or use the confidential application"},
    {700027, "invalid_client", SC::kUnauthenticated,
     "Entra ID does not accept the certificate of {org}: it is not registered on app {app}, or the signature "
     "does not verify; upload the certificate in Entra ID → App registrations → {app} → Certificates & "
     "secrets, "
     "or install the registered one with `ark365 org set-credentials`"},
    {700024, "invalid_client", SC::kFailedPrecondition,
     "the certificate sign-in of {org} was outside its valid time range, so this machine's clock is wrong; "
     "synchronise it (NTP) and try again"},
    {700021, "invalid_client", SC::kInternal,
     "the certificate sign-in named another application than {app}; this is a bug in Ark365, please report "
     "it "
     "with the log"},
    {50048, "invalid_client", SC::kInternal,
     "the certificate sign-in of {app} had mismatched subject and issuer; this is a bug in Ark365, please "
     "report "
     "it with the log"},
    {50012, "invalid_client", SC::kUnauthenticated,
     "Entra ID rejected the credentials of app {app} for {org}; check the secret or certificate with `ark365 "
     "org "
     "set-credentials`"},
    // Application and tenant.
    {700016, "unauthorized_client", SC::kNotFound,
     "application {app} ({client_id}) was not found in tenant {tenant}; check the Application (client) ID "
     "and "
     "the tenant of {org}, and that an administrator of {tenant} has consented to the app"},
    {90002, "invalid_tenant", SC::kNotFound,
     "tenant '{tenant}' was not found; check the tenant ID or domain of {org} (Entra ID → Overview → Tenant "
     "ID) "
     "and that microsoft.authority_host is the right cloud"},
    {9001023, "invalid_request", SC::kInvalidArgument,
     "this sign-in needs a specific tenant, not 'common' or 'consumers'; set the tenant ID or domain of "
     "{org}"},
    {65001, "invalid_grant", SC::kPermissionDenied,
     "app {app} has not been granted consent in tenant {tenant}; a Global Administrator must consent "
     "(`ark365 "
     "org consent`, or Entra ID → Enterprise applications → {app} → Permissions → Grant admin consent)"},
    {70011, "invalid_scope", SC::kInvalidArgument,
     "Entra ID rejected the permission scope requested for {org} as not valid for app {app}; check the app's "
     "API "
     "permissions and report this with the log"},
    {1002012, "invalid_scope", SC::kInternal,
     "an app-only token was requested without a '/.default' scope; this is a bug in Ark365, please report it "
     "with the log"},
    {700022, "invalid_scope", SC::kInternal,
     "a token was requested for several resources at once; this is a bug in Ark365, please report it with "
     "the "
     "log"},
    {900144, "invalid_request", SC::kInternal,
     "Entra ID says Ark365's request lacks a required parameter; this is a bug, please report it with the "
     "log"},
    {90015, "invalid_request", SC::kInternal,
     "Entra ID says Ark365's request repeats a parameter; this is a bug, please report it with the log"},
    {9002313, "invalid_grant", SC::kInternal,
     "Entra ID says Ark365's sign-in request is malformed; this is a bug, please report it with the log"},
    {70003, "unsupported_grant_type", SC::kUnimplemented,
     "app {app} may not use this kind of sign-in; check its registration in Entra ID (for device-code and "
     "password sign-ins: App registrations → {app} → Authentication → Allow public client flows)"},
    // Accounts.
    {50126, "invalid_grant", SC::kUnauthenticated,
     "the user name or password of {upn} is wrong; check them and run `ark365 org set-credentials`"},
    {50034, "invalid_grant", SC::kNotFound,
     "the account {upn} does not exist in tenant {tenant}; give it as user@domain.com or "
     "user@domain.onmicrosoft.com"},
    {50076, "interaction_required", SC::kFailedPrecondition,
     "{upn} requires MFA, which the password sign-in cannot do; use Hybrid or Modern authentication (`ark365 "
     "set "
     "migrate-auth`)"},
    {50079, "interaction_required", SC::kFailedPrecondition,
     "{upn} must register for multi-factor authentication, which the password sign-in cannot do; use Hybrid "
     "or "
     "Modern authentication (`ark365 set migrate-auth`)"},
    {50056, "invalid_grant", SC::kFailedPrecondition,
     "{upn} has no password in Entra ID (a federated account, e.g. AD FS), so the password sign-in cannot "
     "work; "
     "use Hybrid or Modern authentication (`ark365 set migrate-auth`), or enable password hash "
     "synchronisation"},
    {50057, "invalid_grant", SC::kPermissionDenied,
     "the account {upn} is disabled in Entra ID; enable it (Entra ID → Users → {upn} → Account status) or "
     "use "
     "another account"},
    {50053, "invalid_grant", SC::kPermissionDenied,
     "the account {upn} is locked after too many failed sign-ins; wait, or have an administrator unlock it, "
     "then "
     "try again"},
    {50055, "invalid_grant", SC::kUnauthenticated,
     "the password of {upn} has expired; change it at https://myaccount.microsoft.com and run `ark365 org "
     "set-credentials`"},
    {53003, "invalid_grant", SC::kPermissionDenied,
     "a Conditional Access policy of tenant {tenant} blocks this sign-in of {upn}; ask an administrator to "
     "allow "
     "it (Entra ID → Protection → Conditional Access)"},
    // Consent on the sign-in pages.
    {65004, "access_denied", SC::kPermissionDenied,
     "{upn} declined the permissions app {app} asked for; sign in again and accept them"},
    {90094, "access_denied", SC::kPermissionDenied,
     "the permissions of app {app} need an administrator's consent; sign in with a Global Administrator or "
     "Privileged Role Administrator account of {tenant}"},
    // Authorization code (Hybrid and Modern sign-in).
    {54005, "invalid_grant", SC::kFailedPrecondition,
     "this authorization code was already used; sign in again and paste the new code"},
    {501481, "invalid_grant", SC::kInvalidArgument,
     "the authorization code does not belong to this sign-in (code verifier mismatch); paste the code of the "
     "sign-in just started, or start again"},
    {70008, "invalid_grant", SC::kUnauthenticated,
     "the authorization code or sign-in has expired (codes last about 10 minutes); sign in again"},
    // Refresh tokens.
    {700082, "invalid_grant", SC::kUnauthenticated,
     "the sign-in of {upn} for {org} expired after 90 days without use; sign in again (`ark365 set "
     "migrate-auth`)"},
    {50173, "invalid_grant", SC::kUnauthenticated,
     "the sign-in of {upn} for {org} was revoked (password changed or sessions revoked); sign in again "
     "(`ark365 "
     "set migrate-auth`)"},
    {50196, "invalid_grant", SC::kUnavailable,
     "Entra ID saw too many identical sign-ins in a short time for {org}; wait a few minutes and try again"},
    // Device code.
    {70016, "authorization_pending", SC::kFailedPrecondition,
     "the device sign-in is not finished yet; complete it at the address shown"},
    {70019, "expired_token", SC::kDeadlineExceeded,
     "the device code expired before the sign-in was completed; start again and finish signing in at the "
     "address shown before the time runs out"},
    {70018, "bad_verification_code", SC::kInvalidArgument,
     "the device code was not recognised; start the device sign-in again"},
    {70000, "authorization_declined", SC::kPermissionDenied,
     "the device sign-in was declined; start again and accept it at the address shown"},
    // Fallbacks by OAuth error value, for codes not listed above.
    {0, "invalid_client", SC::kUnauthenticated,
     "Entra ID rejected the credentials of app {app} for {org}; check them with `ark365 org "
     "set-credentials`"},
    {0, "unauthorized_client", SC::kPermissionDenied,
     "app {app} may not use this kind of sign-in in tenant {tenant}; check its registration in Entra ID"},
    {0, "invalid_grant", SC::kUnauthenticated, "the sign-in for {org} is no longer valid; sign in again"},
    {0, "interaction_required", SC::kFailedPrecondition,
     "{upn} must sign in interactively (MFA, consent or a policy requires it); use Hybrid or Modern "
     "authentication (`ark365 set migrate-auth`)"},
    {0, "consent_required", SC::kPermissionDenied,
     "app {app} needs consent in tenant {tenant}; a Global Administrator must consent (`ark365 org "
     "consent`)"},
    {0, "invalid_scope", SC::kInvalidArgument, "Entra ID rejected the requested permission scope for {org}"},
    {0, "invalid_tenant", SC::kNotFound, "tenant '{tenant}' was not found; check the tenant of {org}"},
    {0, "invalid_request", SC::kInvalidArgument,
     "Entra ID rejected the sign-in request for {org} as malformed"},
    {0, "unsupported_grant_type", SC::kUnimplemented,
     "Entra ID does not support this sign-in type for app {app}"},
    {0, "temporarily_unavailable", SC::kUnavailable, "Entra ID is temporarily unavailable; try again later"},
    {0, "access_denied", SC::kPermissionDenied, "the sign-in for {org} was refused or cancelled"},
    {0, "expired_token", SC::kDeadlineExceeded, "the device code expired; start the device sign-in again"},
    {0, "bad_verification_code", SC::kInvalidArgument,
     "the device code was not recognised; start the device sign-in again"},
};

std::string Fill(std::string_view pattern, const ErrorSubject& s) {
  const std::string org = s.context.organization.empty() ? "the organization" : s.context.organization;
  const std::string app = !s.context.app_name.empty() ? s.context.app_name : s.client_id;
  const std::string upn = s.context.upn.empty() ? "the account" : s.context.upn;
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    auto take = [&](std::string_view key, const std::string& value) {
      if (pattern.substr(i, key.size()) != key) return false;
      out += value;
      i += key.size();
      return true;
    };
    if (pattern[i] == '{' && (take("{org}", org) || take("{app}", app) || take("{client_id}", s.client_id) ||
                              take("{upn}", upn) || take("{tenant}", s.tenant))) {
      continue;
    }
    out += pattern[i++];
  }
  return out;
}

}  // namespace

const std::vector<AadstsRule>& AadstsRules() { return kRules; }

int64_t TokenEndpointError::code() const {
  if (!codes.empty()) return codes.front();
  size_t at = description.find("AADSTS");
  if (at == std::string::npos) return 0;
  int64_t code = 0;
  for (size_t i = at + 6; i < description.size() && description[i] >= '0' && description[i] <= '9'; ++i) {
    code = code * 10 + (description[i] - '0');
  }
  return code;
}

std::string TokenEndpointError::FirstLine() const {
  size_t end = description.find_first_of("\r\n");
  return description.substr(0, end);
}

std::optional<TokenEndpointError> ParseTokenEndpointError(int http_status, std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("error") || !doc["error"].is_string()) return std::nullopt;
  TokenEndpointError e;
  e.http_status = http_status;
  auto text = [&](const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  e.error = text("error");
  e.description = text("error_description");
  e.suberror = text("suberror");
  e.trace_id = text("trace_id");
  e.correlation_id = text("correlation_id");
  if (auto it = doc.find("error_codes"); it != doc.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_number_integer()) e.codes.push_back(c.get<int64_t>());
    }
  }
  return e;
}

Status ToStatus(const TokenEndpointError& error, const ErrorSubject& subject) {
  int64_t code = error.code();
  const AadstsRule* rule = nullptr;
  for (const AadstsRule& r : kRules) {
    if (code != 0 && r.code == code) {
      rule = &r;
      break;
    }
  }
  for (const AadstsRule& r : kRules) {
    if (rule == nullptr && r.code == 0 && r.error == error.error) rule = &r;
  }
  std::string raw = "HTTP " + std::to_string(error.http_status) + " " + error.error + ": " +
                    error.FirstLine() + " (trace id " + (error.trace_id.empty() ? "-" : error.trace_id) +
                    ", correlation id " + (error.correlation_id.empty() ? "-" : error.correlation_id) + ")";
  spdlog::warn("identity: sign-in of app {} in tenant {} refused: {}", subject.client_id, subject.tenant,
               raw);
  std::string message;
  StatusCode status_code = StatusCode::kUnauthenticated;
  if (rule != nullptr) {
    message = Fill(rule->message, subject);
    status_code = rule->status;
    // A fallback row is generic: Entra's own line says what exactly happened.
    if (rule->code == 0 && !error.FirstLine().empty()) message += "; Entra ID says: " + error.FirstLine();
  } else {
    message = Fill("Entra ID refused the sign-in for {org}: ", subject) +
              (error.FirstLine().empty() ? error.error : error.FirstLine());
  }
  if (code != 0) message += " (AADSTS" + std::to_string(code) + ")";
  return Status(status_code, message).WithCause(Status(status_code, raw));
}

std::optional<int64_t> AadstsCodeOf(const Status& status) {
  for (const Status* s = &status; s != nullptr; s = s->cause()) {
    const std::string& m = s->message();
    size_t at = m.rfind("(AADSTS");
    if (at == std::string::npos) continue;
    int64_t code = 0;
    for (size_t i = at + 7; i < m.size() && m[i] >= '0' && m[i] <= '9'; ++i) code = code * 10 + (m[i] - '0');
    if (code != 0) return code;
  }
  return std::nullopt;
}

}  // namespace ark::identity
