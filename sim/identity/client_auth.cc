// AuthenticateClient: secret comparison and client-assertion verification.
#include "identity/client_auth.h"

#include <openssl/crypto.h>

#include "common/text.h"
#include "core/encoding.h"
#include "core/time.h"
#include "crypto/jwt.h"

namespace m365sim::identity {
namespace {

constexpr int64_t kSkewSeconds = 300;
constexpr std::string_view kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

struct BasicCredentials {
  std::string client_id;
  std::string secret;
};

std::optional<BasicCredentials> ParseBasic(std::string_view header) {
  if (header.size() < 6 || !EqualsIgnoreCase(header.substr(0, 6), "Basic ")) return std::nullopt;
  auto decoded = ark::Base64Decode(header.substr(6));
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Base64.
  auto id = ark::PercentDecode(decoded->substr(0, colon), true);
  auto secret = ark::PercentDecode(decoded->substr(colon + 1), true);
  if (!id || !secret) return std::nullopt;
  return BasicCredentials{*id, *secret};
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Seconds(int64_t t) {
  return ark::FormatRfc3339(std::chrono::system_clock::time_point(std::chrono::seconds(t)));
}

std::variant<ClientAuthResult, AadError> CheckSecret(const ClientAuthInput& in, const std::string& secret) {
  for (const auto& credential : in.app->password_credentials) {
    if (!SameSecret(credential.secret_text, secret)) continue;
    if (credential.end <= in.now || credential.start > in.now)
      return aad::ExpiredClientSecret(in.app->app_id);
    return ClientAuthResult{"1"};
  }
  return aad::InvalidClientSecret(in.app->app_id);
}

// The audiences Entra accepts for this tenant's token endpoint.
bool AudienceAccepted(const ClientAuthInput& in, std::string_view aud) {
  std::vector<std::string> hosts = {in.request->origin, "https://login.microsoftonline.com"};
  std::vector<std::string> tenants = {in.tenant->organization.id};
  for (const auto& d : in.tenant->organization.domains) tenants.push_back(d.name);
  for (const auto& host : hosts) {
    for (const auto& t : tenants) {
      for (const char* path : {"/oauth2/v2.0/token", "/oauth2/token"}) {
        std::string candidate = host;
        candidate.append("/").append(t).append(path);
        if (EqualsIgnoreCase(aud, candidate)) return true;
      }
    }
  }
  return false;
}

std::variant<ClientAuthResult, AadError> CheckAssertion(const ClientAuthInput& in,
                                                        const std::string& assertion) {
  auto jwt = crypto::ParseJwt(assertion);
  if (!jwt.ok()) return aad::AssertionMalformed(jwt.status().message());
  const auto& header = jwt->header;
  const auto& claims = jwt->claims;
  std::string alg = header.value("alg", "");
  crypto::SignatureAlgorithm algorithm;
  std::string thumbprint_b64;
  const tenant::KeyCredential* key = nullptr;
  if (alg == "RS256" || alg == "PS256") {
    algorithm = alg == "RS256" ? crypto::SignatureAlgorithm::kRs256 : crypto::SignatureAlgorithm::kPs256;
  } else {
    return aad::AssertionUnsupportedAlgorithm(alg);
  }
  // Entra matches the certificate by whichever thumbprint header is present.
  if (header.contains("x5t#S256") && header["x5t#S256"].is_string()) {
    thumbprint_b64 = header["x5t#S256"].get<std::string>();
    auto raw = ark::Base64UrlDecode(thumbprint_b64);
    for (const auto& k : in.app->key_credentials) {
      if (raw && k.thumbprint_sha256 == *raw) key = &k;
    }
  } else if (header.contains("x5t") && header["x5t"].is_string()) {
    thumbprint_b64 = header["x5t"].get<std::string>();
    auto raw = ark::Base64UrlDecode(thumbprint_b64);
    for (const auto& k : in.app->key_credentials) {
      if (raw && k.thumbprint_sha1 == *raw) key = &k;
    }
  } else {
    return aad::AssertionMalformed("The client assertion has neither an 'x5t' nor an 'x5t#S256' header.");
  }
  auto thumbprint_hex = ark::Base64UrlDecode(thumbprint_b64);
  std::string shown = thumbprint_hex ? ark::HexEncode(*thumbprint_hex) : thumbprint_b64;
  for (char& c : shown) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (key == nullptr) return aad::AssertionKeyNotRegistered(shown, in.app->app_id, in.app->id);
  auto certificate = crypto::Certificate::FromDer(key->certificate_der);
  if (!certificate.ok() || !certificate->Verify(algorithm, jwt->signing_input, jwt->signature)) {
    return aad::AssertionBadSignature(shown);
  }
  if (key->end <= in.now) return aad::CertificateExpired(shown);
  if (claims.value("iss", "") != in.app->app_id) return aad::AssertionIssuerMismatch();
  if (claims.value("sub", "") != claims.value("iss", "")) return aad::AssertionSubjectMismatch();
  std::string aud = claims.value("aud", "");
  if (!AudienceAccepted(in, aud)) return aad::AssertionAudience(aud);
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(in.now.time_since_epoch()).count();
  int64_t nbf = claims.value("nbf", claims.value("iat", int64_t{0}));
  int64_t exp = claims.value("exp", int64_t{0});
  if (exp == 0 || exp + kSkewSeconds < now || nbf - kSkewSeconds > now) {
    return aad::AssertionTimeRange(Seconds(now), Seconds(nbf), Seconds(exp));
  }
  std::string jti = claims.value("jti", "");
  if (jti.empty()) return aad::AssertionMalformed("The client assertion has no 'jti' claim.");
  auto keep_until = std::chrono::system_clock::time_point(std::chrono::seconds(exp + kSkewSeconds));
  if (!in.state->RememberAssertion(in.app->app_id, jti, keep_until, in.now)) return aad::AssertionReplayed();
  return ClientAuthResult{"2"};
}

}  // namespace

std::string RequestedClientId(const http::Request& request, const http::Params& form) {
  std::string id = form.GetOr("client_id");
  if (!id.empty()) return id;
  auto basic = ParseBasic(request.headers.Get("Authorization"));
  return basic ? basic->client_id : "";
}

std::variant<ClientAuthResult, AadError> AuthenticateClient(const ClientAuthInput& in) {
  const http::Params& form = *in.form;
  auto basic = ParseBasic(in.request->headers.Get("Authorization"));
  bool has_secret = form.Has("client_secret") || basic.has_value();
  bool has_assertion = form.Has("client_assertion");
  if (in.app->is_fallback_public_client && in.app->password_credentials.empty() &&
      in.app->key_credentials.empty()) {
    if (has_secret || has_assertion) return aad::PublicClientSentCredential();
    return ClientAuthResult{"0"};
  }
  if (has_assertion) {
    if (form.GetOr("client_assertion_type") != kJwtBearer) {
      return aad::AssertionMalformed("client_assertion_type must be '" + std::string(kJwtBearer) + "'.");
    }
    return CheckAssertion(in, form.GetOr("client_assertion"));
  }
  if (has_secret) return CheckSecret(in, basic ? basic->secret : form.GetOr("client_secret"));
  return aad::MissingClientCredential();
}

}  // namespace m365sim::identity
