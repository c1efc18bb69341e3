// AADSTS errors exactly as Entra returns them from the token and discovery endpoints.
//
// Body: {"error","error_description":"AADSTSnnnn: text\r\nTrace ID: …\r\n
// Correlation ID: …\r\nTimestamp: yyyy-MM-dd HH:mm:ssZ","error_codes":[n],
// "timestamp","trace_id","correlation_id","error_uri"} plus "suberror" and
// "claims" where Entra adds them. HTTP 401 for invalid_client, 400 otherwise
// (graph-protocol.md §1.3, §1.9). The table of codes is in docs/m365sim.md.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "tenant/clock.h"

namespace m365sim::identity {

struct AadError {
  std::string error;  // OAuth error value: invalid_client, invalid_grant, ...
  int code = 0;       // the AADSTS number
  std::string text;   // the description after "AADSTSnnnn: "
  std::string suberror;
  std::string claims;
};

// The JSON response for `error`, stamped with the SimClock time.
http::Response AadErrorResponse(http::Request& request, const AadError& error, const tenant::SimClock& clock);
// "AADSTSnnnn: text" as the HTML error pages show it.
std::string AadErrorLine(const AadError& error);

namespace aad {
AadError TenantNotFound(std::string_view segment);
AadError GrantNotSupportedOnCommon();
AadError MissingParameter(std::string_view name);
AadError DuplicateParameter(std::string_view name);
AadError UnsupportedGrantType(std::string_view grant_type);
AadError AppNotFound(std::string_view app_id, std::string_view tenant_name);
AadError InvalidClientSecret(std::string_view app_id);
AadError ExpiredClientSecret(std::string_view app_id);
AadError MissingClientCredential();
AadError PublicClientSentCredential();
AadError ConfidentialClientNotAllowed();
AadError AssertionMalformed(std::string_view reason);
AadError AssertionKeyNotRegistered(std::string_view thumbprint, std::string_view app_id,
                                   std::string_view app_object_id);
AadError AssertionBadSignature(std::string_view thumbprint);
AadError AssertionAudience(std::string_view audience);
AadError AssertionTimeRange(std::string_view now, std::string_view not_before, std::string_view expiry);
AadError AssertionIssuerMismatch();
AadError AssertionSubjectMismatch();
AadError AssertionReplayed();
AadError AssertionUnsupportedAlgorithm(std::string_view alg);
AadError CertificateExpired(std::string_view thumbprint);
AadError ScopeNeedsDefault(std::string_view scope);
AadError ScopeMissing();
AadError ScopeInvalid(std::string_view scope);
AadError ScopeMultipleResources();
AadError ResourceNotFound(std::string_view resource, std::string_view tenant_name);
AadError UserNotFound(std::string_view tenant_name);
AadError BadPassword();
AadError NoCloudPassword();
AadError UserDisabled();
AadError MfaRequired();
AadError MfaEnrollmentRequired();
AadError ConsentRequired(std::string_view app_id, std::string_view app_name);
AadError CodeRedeemed();
AadError CodeExpired();
AadError GrantMalformed();
AadError PkceMismatch();
AadError RedirectUriMismatch(std::string_view uri, std::string_view app_id);
AadError CodeForOtherClient();
AadError RefreshTokenExpired(std::string_view issued, int inactive_days);
AadError RefreshTokenRevoked(std::string_view issued, std::string_view valid_from);
AadError AuthorizationPending();
AadError DeviceCodeExpired();
AadError DeviceCodeDeclined();
AadError DeviceCodeUnknown();
AadError AdminConsentRequiredRole();
AadError UserDeclinedConsent();
AadError NotAdminForScopes(std::string_view app_name);
}  // namespace aad

}  // namespace m365sim::identity
