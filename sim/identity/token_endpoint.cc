// The token endpoint: grant dispatch, each grant's checks in Entra's order, and the device code endpoint.
#include <algorithm>

#include "common/text.h"
#include "core/encoding.h"
#include "core/hash.h"
#include "core/time.h"
#include "identity/client_auth.h"
#include "identity/scopes.h"
#include "identity/service.h"

namespace m365sim::identity {
namespace {

constexpr auto kRefreshTokenMaxInactive = std::chrono::hours(24 * 90);

std::optional<AuthenticatedClient> FindClient(const tenant::Tenant& t, const std::string& client_id) {
  const auto* app = t.FindApplicationByAppId(client_id);
  const auto* sp = t.FindServicePrincipalByAppId(client_id);
  if (app == nullptr || sp == nullptr) return std::nullopt;
  return AuthenticatedClient{*app, *sp, t.organization.display_name, ""};
}

std::string TenantName(Context& ctx) {
  return ctx.store->Read([](const tenant::Tenant& t) { return t.organization.display_name; });
}

http::Response Ok(const nlohmann::ordered_json& body) {
  http::Response r = http::Response::Json(200, nlohmann::json::parse(body.dump()));
  // Keep Entra's member order ("token_type" first), which Json() would sort.
  r.body = body.dump();
  r.headers.Set("Cache-Control", "no-store, no-cache");
  r.headers.Set("Pragma", "no-cache");
  return r;
}

bool IsAlias(const ResolvedTenant& t, std::initializer_list<TenantAlias> aliases) {
  return std::find(aliases.begin(), aliases.end(), t.alias) != aliases.end();
}

std::string PkceTransform(const std::string& verifier, const std::string& method) {
  if (method == "plain") return verifier;
  return ark::Base64UrlEncode(ark::Sha256(verifier));
}

}  // namespace

std::variant<AuthenticatedClient, http::Response> IdentityService::AuthenticateRequestClient(
    http::Request& request, const http::Params& form) {
  std::string client_id = RequestedClientId(request, form);
  if (client_id.empty()) return Error(request, aad::MissingParameter("client_id"));
  auto client = ctx_.store->Read([&](const tenant::Tenant& t) { return FindClient(t, client_id); });
  if (!client) return Error(request, aad::AppNotFound(client_id, TenantName(ctx_)));
  std::variant<ClientAuthResult, AadError> auth = ctx_.store->Read([&](const tenant::Tenant& t) {
    return AuthenticateClient({&request, &form, &client->app, &t, ctx_.clock->Now(), &state_});
  });
  if (auto* e = std::get_if<AadError>(&auth)) return Error(request, *e);
  client->appidacr = std::get<ClientAuthResult>(auth).appidacr;
  return *client;
}

http::Response IdentityService::Token(http::Request& request) {
  std::string segment(request.Param("tenant"));
  auto resolved = ctx_.store->Read([&](const tenant::Tenant& t) { return ResolveTenant(t, segment); });
  if (!resolved) return Error(request, aad::TenantNotFound(segment));
  http::Params form = request.Form();
  std::string grant = form.GetOr("grant_type");
  if (grant.empty()) return Error(request, aad::MissingParameter("grant_type"));
  if (form.Count("grant_type") > 1 || form.Count("client_id") > 1) {
    return Error(request, aad::DuplicateParameter(form.Count("grant_type") > 1 ? "grant_type" : "client_id"));
  }
  ctx_.counters->Increment("login/token/" + grant);
  if (grant == "client_credentials") return ClientCredentials(request, form, *resolved);
  if (grant == "authorization_code") return AuthorizationCode(request, form, *resolved);
  if (grant == "refresh_token") return RefreshTokenGrant(request, form, *resolved);
  if (grant == "password") return Password(request, form, *resolved);
  // msal-node sends the short form; RFC 8628 defines the URN.
  if (grant == "device_code" || grant == "urn:ietf:params:oauth:grant-type:device_code") {
    return DeviceCodeGrant(request, form, *resolved);
  }
  return Error(request, aad::UnsupportedGrantType(grant));
}

http::Response IdentityService::ClientCredentials(http::Request& request, const http::Params& form,
                                                  const ResolvedTenant& tenant) {
  if (IsAlias(tenant, {TenantAlias::kCommon, TenantAlias::kConsumers})) {
    return Error(request, aad::GrantNotSupportedOnCommon());
  }
  if (tenant.alias == TenantAlias::kOrganizations) {
    return Error(request, aad::AppNotFound(RequestedClientId(request, form), "organizations"));
  }
  auto authenticated = AuthenticateRequestClient(request, form);
  if (auto* error = std::get_if<http::Response>(&authenticated)) return std::move(*error);
  auto* client = &std::get<AuthenticatedClient>(authenticated);
  std::string appidacr = client->appidacr;
  if (appidacr == "0") return Error(request, aad::MissingClientCredential());
  if (!form.Has("scope")) return Error(request, aad::MissingParameter("scope"));
  if (auto e = CheckAppOnlyScope(form.GetOr("scope"), client->tenant_name)) return Error(request, *e);
  auto roles =
      ctx_.store->Read([&](const tenant::Tenant& t) { return t.GrantedGraphAppRoles(client->sp.id); });
  std::string tid = ctx_.store->Read([](const tenant::Tenant& t) { return t.organization.id; });
  auto body = issuer_.AppOnly({&client->app, &client->sp, roles, appidacr}, tid);
  if (!body.ok()) return http::Response::Json(500, {{"error", "server_error"}});
  return Ok(*body);
}

http::Response IdentityService::AuthorizationCode(http::Request& request, const http::Params& form,
                                                  const ResolvedTenant& /*tenant*/) {
  std::string code = form.GetOr("code");
  if (code.empty()) return Error(request, aad::MissingParameter("code"));
  auto authenticated = AuthenticateRequestClient(request, form);
  if (auto* error = std::get_if<http::Response>(&authenticated)) return std::move(*error);
  auto* client = &std::get<AuthenticatedClient>(authenticated);
  const std::string client_id = client->app.app_id;
  auto issued = state_.RedeemAuthCode(code);
  if (!issued) return Error(request, aad::GrantMalformed());
  if (issued->redeemed) return Error(request, aad::CodeRedeemed());
  if (ctx_.clock->Now() > issued->expires) return Error(request, aad::CodeExpired());
  if (!EqualsIgnoreCase(issued->client_id, client_id)) return Error(request, aad::CodeForOtherClient());
  std::string redirect = form.GetOr("redirect_uri");
  if (redirect.empty()) return Error(request, aad::MissingParameter("redirect_uri"));
  if (redirect != issued->redirect_uri) return Error(request, aad::RedirectUriMismatch(redirect, client_id));
  if (!issued->code_challenge.empty()) {
    std::string verifier = form.GetOr("code_verifier");
    if (verifier.empty() ||
        PkceTransform(verifier, issued->code_challenge_method) != issued->code_challenge) {
      return Error(request, aad::PkceMismatch());
    }
  }
  return IssueDelegated(request, form, client_id, issued->user_id, issued->scopes, issued->amr,
                        client->appidacr, issued->nonce);
}

http::Response IdentityService::RefreshTokenGrant(http::Request& request, const http::Params& form,
                                                  const ResolvedTenant& /*tenant*/) {
  std::string token = form.GetOr("refresh_token");
  if (token.empty()) return Error(request, aad::MissingParameter("refresh_token"));
  auto authenticated = AuthenticateRequestClient(request, form);
  if (auto* error = std::get_if<http::Response>(&authenticated)) return std::move(*error);
  auto* client = &std::get<AuthenticatedClient>(authenticated);
  const std::string client_id = client->app.app_id;
  auto rt = state_.FindRefreshToken(token);
  if (!rt) return Error(request, aad::GrantMalformed());
  if (!EqualsIgnoreCase(rt->client_id, client_id)) return Error(request, aad::CodeForOtherClient());
  auto now = ctx_.clock->Now();
  if (now - rt->last_used > kRefreshTokenMaxInactive) {
    int days =
        static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(now - rt->last_used).count() / 24);
    return Error(request, aad::RefreshTokenExpired(ark::FormatRfc3339(rt->issued), days));
  }
  ScopeRequest scopes = rt->scopes;
  if (form.Has("scope")) {
    if (auto e = ParseDelegatedScopes(form.GetOr("scope"), client->tenant_name, &scopes))
      return Error(request, *e);
    scopes.offline_access = true;  // a refresh always returns a new refresh token
  }
  state_.TouchRefreshToken(token, now);
  return IssueDelegated(request, form, client_id, rt->user_id, scopes, rt->amr, client->appidacr, "");
}

http::Response IdentityService::DeviceCodeGrant(http::Request& request, const http::Params& form,
                                                const ResolvedTenant& /*tenant*/) {
  std::string device_code = form.GetOr("device_code");
  if (device_code.empty()) return Error(request, aad::MissingParameter("device_code"));
  auto authenticated = AuthenticateRequestClient(request, form);
  if (auto* error = std::get_if<http::Response>(&authenticated)) return std::move(*error);
  auto* client = &std::get<AuthenticatedClient>(authenticated);
  const std::string client_id = client->app.app_id;
  auto dc = state_.FindDeviceCode(device_code);
  if (!dc || !EqualsIgnoreCase(dc->client_id, client_id)) return Error(request, aad::DeviceCodeUnknown());
  if (ctx_.clock->Now() > dc->expires) return Error(request, aad::DeviceCodeExpired());
  switch (dc->state) {
    case DeviceCodeState::kPending:
      return Error(request, aad::AuthorizationPending());
    case DeviceCodeState::kDeclined:
      return Error(request, aad::DeviceCodeDeclined());
    case DeviceCodeState::kRedeemed:
      return Error(request, aad::CodeRedeemed());
    case DeviceCodeState::kApproved:
      break;
  }
  if (!state_.SetDeviceCodeState(device_code, DeviceCodeState::kRedeemed, "", {})) {
    return Error(request, aad::CodeRedeemed());
  }
  return IssueDelegated(request, form, client_id, dc->user_id, dc->scopes, dc->amr, client->appidacr, "");
}

http::Response IdentityService::Password(http::Request& request, const http::Params& form,
                                         const ResolvedTenant& tenant) {
  if (IsAlias(tenant, {TenantAlias::kCommon, TenantAlias::kConsumers})) {
    return Error(request, aad::GrantNotSupportedOnCommon());
  }
  std::string username = form.GetOr("username"), password = form.GetOr("password");
  if (username.empty()) return Error(request, aad::MissingParameter("username"));
  if (!form.Has("password")) return Error(request, aad::MissingParameter("password"));
  auto authenticated = AuthenticateRequestClient(request, form);
  if (auto* error = std::get_if<http::Response>(&authenticated)) return std::move(*error);
  auto* client = &std::get<AuthenticatedClient>(authenticated);
  const std::string client_id = client->app.app_id;
  ScopeRequest scopes;
  if (auto e = ParseDelegatedScopes(form.GetOr("scope"), client->tenant_name, &scopes))
    return Error(request, *e);
  auto user = ctx_.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::User> {
    const auto* u = t.FindUser(username);
    if (u == nullptr) return std::nullopt;
    return *u;
  });
  if (!user) return Error(request, aad::UserNotFound(client->tenant_name));
  if (!user->account_enabled) return Error(request, aad::UserDisabled());
  // A federated account's password lives in AD FS; the cloud can check it only
  // with password hash sync and AllowCloudPasswordValidation (the seed's
  // "non-MFA ADFS account").
  if (user->federated && !user->cloud_password_validation) return Error(request, aad::NoCloudPassword());
  if (user->password.size() != password.size() ||
      !std::equal(password.begin(), password.end(), user->password.begin())) {
    return Error(request, aad::BadPassword());
  }
  if (user->mfa == tenant::MfaState::kEnabled) return Error(request, aad::MfaRequired());
  if (user->mfa == tenant::MfaState::kRegistrationRequired)
    return Error(request, aad::MfaEnrollmentRequired());
  return IssueDelegated(request, form, client_id, user->id, scopes, {"pwd"}, client->appidacr, "");
}

http::Response IdentityService::IssueDelegated(http::Request& request, const http::Params& form,
                                               const std::string& client_id, const std::string& user_id,
                                               const ScopeRequest& scopes,
                                               const std::vector<std::string>& amr,
                                               const std::string& appidacr, const std::string& nonce) {
  return ctx_.store->Read([&](const tenant::Tenant& t) -> http::Response {
    const auto* user = t.FindUser(user_id);
    const auto* app = t.FindApplicationByAppId(client_id);
    const auto* sp = t.FindServicePrincipalByAppId(client_id);
    if (user == nullptr || app == nullptr || sp == nullptr) return Error(request, aad::GrantMalformed());
    if (!user->account_enabled) return Error(request, aad::UserDisabled());
    std::vector<std::string> missing;
    std::vector<std::string> granted =
        GrantedScopes(scopes, t.GrantedGraphScopes(sp->id, user->id), &missing);
    if (!missing.empty() || (scopes.graph_default && granted.empty())) {
      return Error(request, aad::ConsentRequired(app->app_id, app->display_name));
    }
    DelegatedGrant grant{
        app, user, &t, scopes, granted, amr, appidacr, nonce, form.GetOr("client_info") == "1"};
    auto body = issuer_.Delegated(grant, request.origin, state_);
    if (!body.ok()) return http::Response::Json(500, {{"error", "server_error"}});
    return Ok(*body);
  });
}

http::Response IdentityService::DeviceCodeRequest(http::Request& request) {
  std::string segment(request.Param("tenant"));
  auto resolved = ctx_.store->Read([&](const tenant::Tenant& t) { return ResolveTenant(t, segment); });
  if (!resolved) return Error(request, aad::TenantNotFound(segment));
  http::Params form = request.Form();
  std::string client_id = form.GetOr("client_id");
  if (client_id.empty()) return Error(request, aad::MissingParameter("client_id"));
  auto client = ctx_.store->Read([&](const tenant::Tenant& t) { return FindClient(t, client_id); });
  if (!client) return Error(request, aad::AppNotFound(client_id, TenantName(ctx_)));
  ScopeRequest scopes;
  if (auto e = ParseDelegatedScopes(form.GetOr("scope"), client->tenant_name, &scopes))
    return Error(request, *e);
  ctx_.counters->Increment("login/devicecode");
  DeviceCode dc;
  dc.client_id = client->app.app_id;
  dc.scopes = scopes;
  dc.expires = ctx_.clock->Now() + std::chrono::seconds(ctx_.options.device_code_lifetime_seconds);
  dc = state_.AddDeviceCode(std::move(dc));
  std::string uri = request.origin + "/devicelogin";
  nlohmann::ordered_json body;
  body["user_code"] = dc.user_code;
  body["device_code"] = dc.device_code;
  body["verification_uri"] = uri;
  body["expires_in"] = ctx_.options.device_code_lifetime_seconds;
  body["interval"] = ctx_.options.device_code_interval_seconds;
  body["message"] = "To sign in, use a web browser to open the page " + uri + " and enter the code " +
                    dc.user_code + " to authenticate.";
  return Ok(body);
}

}  // namespace m365sim::identity
