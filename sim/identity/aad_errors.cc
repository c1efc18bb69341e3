// The AADSTS texts and the error body/timestamp format of the identity platform.
#include "identity/aad_errors.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "core/random.h"

namespace m365sim::identity {
namespace {

AadError E(std::string error, int code, std::string text, std::string suberror = "") {
  return AadError{std::move(error), code, std::move(text), std::move(suberror), ""};
}

// "2023-02-20 07:21:29Z", the identity platform's timestamp format.
std::string Timestamp(tenant::SimClock::TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

constexpr const char* kCertDocs =
    "Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/"
    "active-directory-certificate-credentials .";

}  // namespace

std::string AadErrorLine(const AadError& e) { return "AADSTS" + std::to_string(e.code) + ": " + e.text; }

http::Response AadErrorResponse(http::Request& request, const AadError& e, const tenant::SimClock& clock) {
  std::string trace = ark::NewUuid();
  std::string correlation = request.query.GetOr("client-request-id");
  if (correlation.empty()) correlation = std::string(request.headers.Get("client-request-id"));
  if (!ark::IsUuid(correlation)) correlation = ark::NewUuid();
  std::string ts = Timestamp(clock.Now());
  nlohmann::ordered_json body;
  body["error"] = e.error;
  // Entra separates the trailer with CR LF.
  body["error_description"] = AadErrorLine(e) + "\r\nTrace ID: " + trace +
                              "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + ts;
  body["error_codes"] = {e.code};
  body["timestamp"] = ts;
  body["trace_id"] = trace;
  body["correlation_id"] = correlation;
  body["error_uri"] = request.origin + "/error?code=" + std::to_string(e.code);
  if (!e.suberror.empty()) body["suberror"] = e.suberror;
  if (!e.claims.empty()) body["claims"] = e.claims;
  http::Response r = http::Response::Json(e.error == "invalid_client" ? 401 : 400, body);
  r.headers.Set("Cache-Control", "no-store, no-cache");
  r.headers.Set("Pragma", "no-cache");
  r.headers.Set("x-ms-request-id", trace);
  r.headers.Set("client-request-id", correlation);
  return r;
}

namespace aad {

AadError TenantNotFound(std::string_view segment) {
  return E(
      "invalid_tenant", 90002,
      "Tenant '" + std::string(segment) +
          "' not found. Check to make sure you have the correct tenant ID and are signing into the correct "
          "cloud. Check with your subscription administrator, this may happen if there are no active "
          "subscriptions for the tenant.");
}
AadError GrantNotSupportedOnCommon() {
  return E("invalid_request", 9001023,
           "The grant type isn't supported over the /common or /consumers endpoints. Please use the "
           "/organizations "
           "or tenant-specific endpoint.");
}
AadError MissingParameter(std::string_view name) {
  return E("invalid_request", 900144,
           "The request body must contain the following parameter: '" + std::string(name) + "'.");
}
AadError DuplicateParameter(std::string_view name) {
  return E("invalid_request", 90015,
           "Requested query string is too long. Duplicate parameter: '" + std::string(name) + "'.");
}
AadError UnsupportedGrantType(std::string_view grant_type) {
  return E("unsupported_grant_type", 70003,
           "The app requested an unsupported grant type '" + std::string(grant_type) + "'.");
}
AadError AppNotFound(std::string_view app_id, std::string_view tenant_name) {
  return E("unauthorized_client", 700016,
           "Application with identifier '" + std::string(app_id) + "' was not found in the directory '" +
               std::string(tenant_name) +
               "'. This can happen if the application has not been installed by the administrator of the "
               "tenant or "
               "consented to by any user in the tenant. You may have sent your authentication request to the "
               "wrong "
               "tenant.");
}
AadError InvalidClientSecret(std::string_view app_id) {
  return E("invalid_client", 7000215,
           "Invalid client secret provided. Ensure the secret being sent in the request is the client secret "
           "value, "
           "not the client secret ID, for a secret added to app '" +
               std::string(app_id) + "'.");
}
AadError ExpiredClientSecret(std::string_view app_id) {
  return E("invalid_client", 7000222,
           "The provided client secret keys for app '" + std::string(app_id) +
               "' are expired. Visit the Azure portal to create new keys for your app: "
               "https://aka.ms/NewClientSecret, "
               "or consider using certificate credentials for added security: https://aka.ms/certCreds.");
}
AadError MissingClientCredential() {
  return E("invalid_client", 7000218,
           "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
}
AadError PublicClientSentCredential() {
  return E("invalid_client", 700025,
           "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
}
AadError ConfidentialClientNotAllowed() { return MissingClientCredential(); }
AadError AssertionMalformed(std::string_view reason) {
  return E(
      "invalid_client", 700027,
      "Client assertion failed signature validation. [Reason - " + std::string(reason) + "] " + kCertDocs);
}
AadError AssertionKeyNotRegistered(std::string_view thumbprint, std::string_view app_id,
                                   std::string_view app_object_id) {
  return E(
      "invalid_client", 700027,
      "The certificate with identifier used to sign the client assertion is not registered on application. "
      "[Reason - The key was not found., Thumbprint of key used by client: '" +
          std::string(thumbprint) +
          "', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys "
          "for "
          "app Id '" +
          std::string(app_id) +
          "'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine "
          "the "
          "corresponding service endpoint and "
          "https://docs.microsoft.com/en-us/graph/api/application-get?view="
          "graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/"
          "applications/" +
          std::string(app_object_id) + "']");
}
AadError AssertionBadSignature(std::string_view thumbprint) {
  return E("invalid_client", 700027,
           "Client assertion contains an invalid signature. [Reason - The provided signature value did not "
           "match the "
           "expected signature value., Thumbprint of key used by client: '" +
               std::string(thumbprint) + "']");
}
AadError AssertionAudience(std::string_view audience) {
  return E("invalid_client", 700027,
           "Client assertion failed signature validation. [Reason - The audience '" + std::string(audience) +
               "' of the client assertion is not the token endpoint of this tenant.] " + kCertDocs);
}
AadError AssertionTimeRange(std::string_view now, std::string_view nbf, std::string_view exp) {
  return E("invalid_client", 700024,
           "Client assertion is not within its valid time range. Current time: " + std::string(now) +
               ", assertion valid from " + std::string(nbf) + ", expiry time of assertion " +
               std::string(exp) + ". " + kCertDocs);
}
AadError AssertionIssuerMismatch() {
  return E("invalid_client", 700021,
           std::string("Client assertion application identifier doesn't match 'client_id' parameter. ") +
               kCertDocs);
}
AadError AssertionSubjectMismatch() {
  return E("invalid_client", 50048, "Subject mismatches Issuer claim in the client assertion.");
}
AadError AssertionReplayed() {
  return E("invalid_client", 700027,
           std::string(
               "Client assertion failed signature validation. [Reason - The jti of the client assertion was "
               "already used: assertions are single use.] ") +
               kCertDocs);
}
AadError AssertionUnsupportedAlgorithm(std::string_view alg) {
  return E("invalid_client", 700027,
           "Invalid JWT token. Unsupported asymmetric signing algorithm '" + std::string(alg) + "'.");
}
AadError CertificateExpired(std::string_view thumbprint) {
  return E("invalid_client", 700027,
           "Client assertion failed signature validation. [Reason - The key used is expired., Thumbprint of "
           "key used "
           "by client: '" +
               std::string(thumbprint) + "'] " + kCertDocs);
}
AadError ScopeNeedsDefault(std::string_view scope) {
  return E(
      "invalid_scope", 1002012,
      "The provided value for scope " + std::string(scope) +
          " is not valid. Client credential flows must have a scope value with /.default suffixed to the "
          "resource identifier (application ID URI).");
}
AadError ScopeMissing() {
  return E("invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
}
AadError ScopeInvalid(std::string_view scope) {
  return E("invalid_scope", 70011,
           "The provided request must include a 'scope' input parameter. The provided value for the input "
           "parameter "
           "'scope' is not valid. The scope " +
               std::string(scope) + " is not valid.");
}
AadError ScopeMultipleResources() {
  return E(
      "invalid_scope", 28000,
      "Provided value for the input parameter scope is not valid because it contains more than one resource. "
      "Scope https://graph.microsoft.com/.default openid profile offline_access is not valid.");
}
AadError ResourceNotFound(std::string_view resource, std::string_view tenant_name) {
  return E(
      "invalid_resource", 500011,
      "The resource principal named " + std::string(resource) + " was not found in the tenant named " +
          std::string(tenant_name) +
          ". This can happen if the application has not been installed by the administrator of the tenant or "
          "consented to by any user in the tenant. You might have sent your authentication request to the "
          "wrong "
          "tenant.");
}
AadError UserNotFound(std::string_view tenant_name) {
  return E("invalid_grant", 50034,
           "The user account {EmailHidden} does not exist in the " + std::string(tenant_name) +
               " directory. To sign into this application, the account must be added to the directory.");
}
AadError BadPassword() {
  return E("invalid_grant", 50126, "Error validating credentials due to invalid username or password.");
}
AadError NoCloudPassword() {
  return E("invalid_grant", 50056,
           "Invalid or missing password: password does not exist in the directory for this user.");
}
AadError UserDisabled() { return E("invalid_grant", 50057, "The user account is disabled."); }
AadError MfaRequired() {
  AadError e =
      E("interaction_required", 50076,
        "Due to a configuration change made by your administrator, or because you moved to a new location, "
        "you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
        "basic_action");
  e.claims =
      R"({"access_token":{"capolids":{"essential":true,"values":["5a6ba6a7-0b2f-4c5e-9f3a-5c4bd1f7e0c2"]}}})";
  return e;
}
AadError MfaEnrollmentRequired() {
  AadError e =
      E("interaction_required", 50079,
        "Due to a configuration change made by your administrator, or because you moved to a new location, "
        "you must enroll in multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
        "basic_action");
  e.claims =
      R"({"access_token":{"capolids":{"essential":true,"values":["5a6ba6a7-0b2f-4c5e-9f3a-5c4bd1f7e0c2"]}}})";
  return e;
}
AadError ConsentRequired(std::string_view app_id, std::string_view app_name) {
  return E("invalid_grant", 65001,
           "The user or administrator has not consented to use the application with ID '" +
               std::string(app_id) + "' named '" + std::string(app_name) +
               "'. Send an interactive authorization request for this user and resource.",
           "consent_required");
}
AadError CodeRedeemed() {
  return E(
      "invalid_grant", 54005,
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing "
      "refresh token.");
}
AadError CodeExpired() {
  return E("invalid_grant", 70008,
           "The provided authorization code or refresh token has expired due to inactivity. Send a new "
           "interactive "
           "authorization request for this user and resource.");
}
AadError GrantMalformed() {
  return E("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
}
AadError PkceMismatch() {
  return E("invalid_grant", 501481,
           "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
}
AadError RedirectUriMismatch(std::string_view uri, std::string_view app_id) {
  return E(
      "invalid_request", 50011,
      "The redirect URI '" + std::string(uri) +
          "' specified in the request does not match the redirect URIs configured for the application '" +
          std::string(app_id) +
          "'. Make sure the redirect URI sent in the request matches one added to your application in the "
          "Azure "
          "portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.");
}
AadError CodeForOtherClient() {
  return E(
      "invalid_grant", 70000,
      "Provided grant is invalid or malformed. The authorization code was issued to a different client.");
}
AadError RefreshTokenExpired(std::string_view issued, int inactive_days) {
  return E("invalid_grant", 700082,
           "The refresh token has expired due to inactivity. The token was issued on " + std::string(issued) +
               " and was inactive for " + std::to_string(inactive_days) + ".00:00:00.");
}
AadError RefreshTokenRevoked(std::string_view issued, std::string_view valid_from) {
  return E("invalid_grant", 50173,
           "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user "
           "might have "
           "changed or reset their password. The grant was issued on '" +
               std::string(issued) +
               "' and the TokensValidFrom date (before which tokens are not valid) for this user is '" +
               std::string(valid_from) + "'.");
}
AadError AuthorizationPending() {
  return E("authorization_pending", 70016,
           "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
}
AadError DeviceCodeExpired() { return E("expired_token", 70019, "Verification code expired."); }
AadError DeviceCodeDeclined() {
  return E("authorization_declined", 70000, "The user declined the device code sign-in request.");
}
AadError DeviceCodeUnknown() {
  return E("bad_verification_code", 70018, "Invalid verification code entered.");
}
AadError AdminConsentRequiredRole() {
  return E("access_denied", 90094,
           "Admin consent is required for the permissions requested by this application. An administrative "
           "account "
           "with the Global Administrator or Privileged Role Administrator role must consent.");
}
AadError UserDeclinedConsent() {
  return E("access_denied", 65004, "User declined to consent to access the app.");
}
AadError NotAdminForScopes(std::string_view app_name) {
  return E("access_denied", 90094,
           "The grant requires admin permission. " + std::string(app_name) +
               " needs permission to access resources in your organization that only an admin can grant. "
               "Please ask "
               "an admin to grant permission to this app before you can use it.");
}

}  // namespace aad
}  // namespace m365sim::identity
