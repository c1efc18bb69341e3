// TokenClient: form posts to the token and device-code endpoints, retries, token and error parsing.
#include "identity/token_client.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "core/encoding.h"
#include "identity/aadsts.h"
#include "identity/client_assertion.h"

namespace ark::identity {
namespace {

void AddField(std::string& form, std::string_view key, std::string_view value) {
  if (!form.empty()) form += '&';
  form += key;
  form += '=';
  form += PercentEncode(value);
}

// expires_in arrives as a number, or (older endpoints) as a string.
int64_t Seconds(const nlohmann::json& doc, const char* key, int64_t fallback) {
  auto it = doc.find(key);
  if (it == doc.end()) return fallback;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) return std::stoll(s);
  }
  return fallback;
}

std::string Text(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsTransient(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

}  // namespace

TokenClient::TokenClient(http::HttpClient& http, Authority authority, AppCredentials app,
                         SignInContext context, TokenClientOptions options)
    : http_(http),
      authority_(std::move(authority)),
      app_(std::move(app)),
      context_(std::move(context)),
      options_(std::move(options)) {}

void TokenClient::Sleep(std::chrono::milliseconds d) const {
  if (options_.sleep) {
    options_.sleep(d);
  } else {
    std::this_thread::sleep_for(d);
  }
}

Result<TokenClient::Reply> TokenClient::Post(const std::string& url, const Secret& form, bool authenticate) {
  for (int attempt = 1;; ++attempt) {
    // The credential is added per attempt: an assertion is single-use (fresh jti, fresh time window).
    Secret body(form);
    if (authenticate) {
      std::string with_credential(form.reveal());
      if (const auto* secret = std::get_if<Secret>(&app_.credential)) {
        AddField(with_credential, "client_secret", secret->reveal());
      } else if (const auto* cert = std::get_if<CertificateCredential>(&app_.credential)) {
        ARK_ASSIGN_OR_RETURN(Secret assertion,
                             BuildClientAssertion(*cert->certificate, cert->assertion, app_.client_id,
                                                  authority_.TokenEndpoint(), options_.clock()));
        AddField(with_credential, "client_assertion_type",
                 "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        AddField(with_credential, "client_assertion", assertion.reveal());
      }
      body = Secret(std::move(with_credential));
    }
    http::HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.body = body.reveal();
    request.headers.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8");
    request.headers.Set("Accept", "application/json");
    Result<http::HttpResponse> response = http_.Send(request);

    std::optional<std::chrono::milliseconds> wait;
    Status failure;
    if (!response.ok()) {
      if (response.status().code() != StatusCode::kUnavailable) return response.status();
      failure = response.status();
    } else if (IsTransient(response->status)) {
      failure = Unavailable("the Microsoft identity platform answered HTTP " +
                            std::to_string(response->status) + " (request-id " + response->RequestId() + ")");
      if (auto h = response->headers.Get("Retry-After")) wait = http::ParseRetryAfter(*h, options_.clock());
    } else {
      return Reply{response->status, Secret(std::move(response->body))};
    }
    if (attempt >= options_.retry.max_attempts) {
      return failure.Context("signing in to " + authority_.host + " failed after " + std::to_string(attempt) +
                             " attempts");
    }
    if (wait && *wait > options_.retry.max_retry_after) {
      return Unavailable("the Microsoft identity platform is throttling sign-ins; try again in " +
                         std::to_string(wait->count() / 1000) + " s");
    }
    std::chrono::milliseconds delay =
        wait ? *wait : http::BackoffDelay(options_.retry, attempt, http::RandomUnit());
    spdlog::info("identity: {}; retrying in {} ms (attempt {} of {})", failure.message(), delay.count(),
                 attempt + 1, options_.retry.max_attempts);
    Sleep(delay);
  }
}

Result<TokenSet> TokenClient::ParseTokens(const Secret& body) const {
  nlohmann::json doc = nlohmann::json::parse(body.reveal(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("access_token") || !doc["access_token"].is_string()) {
    return Unavailable("the token endpoint of " + authority_.host + " answered 200 without an access token");
  }
  SystemTime now = options_.clock();
  TokenSet t;
  t.access.value = Secret(doc["access_token"].get<std::string>());
  t.access.obtained_at = now;
  t.access.expires_at = now + std::chrono::seconds(Seconds(doc, "expires_in", 3599));
  t.token_type = Text(doc, "token_type");
  t.scope = Text(doc, "scope");
  if (std::string rt = Text(doc, "refresh_token"); !rt.empty()) t.refresh_token = Secret(std::move(rt));
  if (std::string id = Text(doc, "id_token"); !id.empty()) t.id_token = Secret(std::move(id));
  return t;
}

Status TokenClient::ErrorOf(const Reply& reply, std::string_view upn) const {
  ErrorSubject subject{context_, app_.client_id, authority_.tenant};
  if (!upn.empty()) subject.context.upn = std::string(upn);
  std::optional<TokenEndpointError> error = ParseTokenEndpointError(reply.status, reply.body.reveal());
  if (!error) {
    return Unavailable("the token endpoint of " + authority_.host + " answered HTTP " +
                       std::to_string(reply.status) +
                       " without an OAuth error; check microsoft.authority_host");
  }
  return ToStatus(*error, subject);
}

Result<TokenSet> TokenClient::Exchange(const Secret& form, std::string_view upn) {
  ARK_ASSIGN_OR_RETURN(Reply reply, Post(authority_.TokenEndpoint(), form, /*authenticate=*/true));
  if (reply.status != 200) return ErrorOf(reply, upn);
  return ParseTokens(reply.body);
}

Result<TokenSet> TokenClient::AcquireForApp(std::string_view scope) {
  if (std::holds_alternative<std::monostate>(app_.credential)) {
    return FailedPrecondition(
        "app-only sign-in needs an application secret or certificate; give one to " +
        (context_.organization.empty() ? std::string("the organization") : context_.organization) +
        " with `ark365 org set-credentials`");
  }
  std::string form;
  AddField(form, "client_id", app_.client_id);
  AddField(form, "scope", scope);
  AddField(form, "grant_type", "client_credentials");
  return Exchange(Secret(std::move(form)), {});
}

Result<TokenSet> TokenClient::RedeemCode(const Secret& code, const AuthorizationRequest& request,
                                         const std::vector<std::string>& scopes) {
  std::string form;
  AddField(form, "client_id", app_.client_id);
  AddField(form, "scope", JoinScopes(scopes));
  AddField(form, "code", code.reveal());
  AddField(form, "redirect_uri", request.redirect_uri);
  AddField(form, "grant_type", "authorization_code");
  AddField(form, "code_verifier", request.code_verifier.reveal());
  return Exchange(Secret(std::move(form)), {});
}

Result<TokenSet> TokenClient::Refresh(const Secret& refresh_token, const std::vector<std::string>& scopes,
                                      std::string_view upn) {
  std::string form;
  AddField(form, "client_id", app_.client_id);
  AddField(form, "scope", JoinScopes(scopes));
  AddField(form, "refresh_token", refresh_token.reveal());
  AddField(form, "grant_type", "refresh_token");
  return Exchange(Secret(std::move(form)), upn);
}

Result<TokenSet> TokenClient::AcquireByPassword(const std::string& upn, const Secret& password,
                                                const std::vector<std::string>& scopes) {
  std::string form;
  AddField(form, "client_id", app_.client_id);
  AddField(form, "scope", JoinScopes(scopes));
  AddField(form, "username", upn);
  AddField(form, "password", password.reveal());
  AddField(form, "grant_type", "password");
  return Exchange(Secret(std::move(form)), upn);
}

Result<DeviceCode> TokenClient::StartDeviceCode(const std::vector<std::string>& scopes) {
  std::string form;
  AddField(form, "client_id", app_.client_id);
  AddField(form, "scope", JoinScopes(scopes));
  ARK_ASSIGN_OR_RETURN(
      Reply reply, Post(authority_.DeviceCodeEndpoint(), Secret(std::move(form)), /*authenticate=*/false));
  if (reply.status != 200) return ErrorOf(reply, {});
  nlohmann::json doc = nlohmann::json::parse(reply.body.reveal(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || Text(doc, "device_code").empty() || Text(doc, "user_code").empty()) {
    return Unavailable("the device-code endpoint of " + authority_.host + " answered without a device code");
  }
  DeviceCode code;
  code.device_code = Secret(Text(doc, "device_code"));
  code.user_code = Text(doc, "user_code");
  code.verification_uri = Text(doc, "verification_uri");
  code.message = Text(doc, "message");
  code.interval = std::chrono::seconds(std::max<int64_t>(1, Seconds(doc, "interval", 5)));
  code.expires_at = options_.clock() + std::chrono::seconds(Seconds(doc, "expires_in", 900));
  return code;
}

Result<std::optional<TokenSet>> TokenClient::PollDeviceCode(DeviceCode& code) {
  std::string form;
  AddField(form, "client_id", app_.client_id);
  AddField(form, "grant_type", "urn:ietf:params:oauth:grant-type:device_code");
  AddField(form, "device_code", code.device_code.reveal());
  ARK_ASSIGN_OR_RETURN(Reply reply,
                       Post(authority_.TokenEndpoint(), Secret(std::move(form)), /*authenticate=*/true));
  if (reply.status == 200) {
    ARK_ASSIGN_OR_RETURN(TokenSet tokens, ParseTokens(reply.body));
    return std::optional<TokenSet>(std::move(tokens));
  }
  std::optional<TokenEndpointError> error = ParseTokenEndpointError(reply.status, reply.body.reveal());
  if (error && error->error == "authorization_pending") return std::optional<TokenSet>();
  if (error && error->error == "slow_down") {
    // RFC 8628 §3.5: every later poll waits 5 seconds longer.
    code.interval += std::chrono::seconds(5);
    return std::optional<TokenSet>();
  }
  return ErrorOf(reply, {});
}

Result<TokenSet> TokenClient::WaitForDeviceCode(DeviceCode& code) {
  while (true) {
    ARK_ASSIGN_OR_RETURN(std::optional<TokenSet> tokens, PollDeviceCode(code));
    if (tokens) return std::move(*tokens);
    if (options_.clock() + code.interval >= code.expires_at) {
      return DeadlineExceeded(
          "the device code expired before the sign-in was completed; start again and finish signing in at " +
          code.verification_uri + " before the time runs out");
    }
    Sleep(code.interval);
  }
}

}  // namespace ark::identity
