// TokenIssuer: the claims of each token type.
#include "identity/token_issuer.h"

#include "core/encoding.h"
#include "core/hash.h"
#include "core/random.h"
#include "identity/scopes.h"
#include "tenant/model.h"

namespace m365sim::identity {
namespace {

constexpr const char* kGraphAudience = "https://graph.microsoft.com";

int64_t Epoch(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Entra's opaque claims (aio, rh, uti) are base64url noise of fixed shapes.
std::string Noise(size_t bytes) { return ark::Base64UrlEncode(ark::RandomBytes(bytes)); }

// A pairwise subject: stable per (user, app), opaque.
std::string PairwiseSubject(const std::string& user_id, const std::string& app_id) {
  return ark::Base64UrlEncode(ark::Sha256(user_id + "/" + app_id)).substr(0, 43);
}

// The claims every Graph access token starts with (v1.0 shape).
nlohmann::ordered_json GraphTokenClaims(const std::string& tid, int64_t iat, int lifetime) {
  nlohmann::ordered_json claims;
  claims["aud"] = kGraphAudience;
  claims["iss"] = "https://sts.windows.net/" + tid + "/";
  claims["iat"] = iat;
  claims["nbf"] = iat;
  claims["exp"] = iat + lifetime;
  return claims;
}

}  // namespace

int TokenIssuer::Lifetime() const {
  if (ctx_.options.token_lifetime_seconds > 0) return ctx_.options.token_lifetime_seconds;
  // Entra randomises access-token lifetimes between 60 and 90 minutes.
  unsigned char b[2];
  std::string r = ark::RandomBytes(2);
  b[0] = static_cast<unsigned char>(r[0]);
  b[1] = static_cast<unsigned char>(r[1]);
  return 3600 + ((b[0] << 8) | b[1]) % 1800;
}

ark::Result<nlohmann::ordered_json> TokenIssuer::AppOnly(const AppOnlyGrant& g,
                                                         const std::string& tid) const {
  TimePoint now = ctx_.clock->Now();
  int lifetime = Lifetime();
  int64_t iat = Epoch(now);
  nlohmann::ordered_json claims = GraphTokenClaims(tid, iat, lifetime);
  claims["aio"] = "E2" + Noise(42);
  claims["app_displayname"] = g.app->display_name;
  claims["appid"] = g.app->app_id;
  claims["appidacr"] = g.appidacr;
  claims["idp"] = "https://sts.windows.net/" + tid + "/";
  claims["idtyp"] = "app";
  claims["oid"] = g.sp->id;
  claims["rh"] = "1.A" + Noise(48) + ".";
  if (!g.roles.empty()) claims["roles"] = g.roles;
  claims["sub"] = g.sp->id;
  claims["tenant_region_scope"] = "NA";
  claims["tid"] = tid;
  claims["uti"] = Noise(16);
  claims["ver"] = "1.0";
  claims["wids"] = {"0997a1d0-0d1d-4acb-b408-d5ca73121e90"};
  claims["xms_tcdt"] = 1600000000;
  ARK_ASSIGN_OR_RETURN(std::string token, ctx_.signer->Sign(nlohmann::json::parse(claims.dump())));
  nlohmann::ordered_json out;
  out["token_type"] = "Bearer";
  out["expires_in"] = lifetime;
  out["ext_expires_in"] = lifetime;
  out["access_token"] = token;
  return out;
}

ark::Result<nlohmann::ordered_json> TokenIssuer::Delegated(const DelegatedGrant& g, const std::string& origin,
                                                           IdentityState& state) const {
  TimePoint now = ctx_.clock->Now();
  int lifetime = Lifetime();
  int64_t iat = Epoch(now);
  const std::string& tid = g.tenant->organization.id;
  const tenant::User& u = *g.user;
  std::vector<std::string> wids = u.role_template_ids;
  wids.emplace_back(tenant::kDefaultUserRoleTemplateId);

  nlohmann::ordered_json claims = GraphTokenClaims(tid, iat, lifetime);
  claims["acct"] = 0;
  claims["acr"] = "1";
  claims["aio"] = "AVQAq/8" + Noise(60);
  claims["amr"] = g.amr;
  claims["app_displayname"] = g.app->display_name;
  claims["appid"] = g.app->app_id;
  claims["appidacr"] = g.appidacr;
  claims["family_name"] = u.surname;
  claims["given_name"] = u.given_name;
  claims["idtyp"] = "user";
  claims["ipaddr"] = "127.0.0.1";
  claims["name"] = u.display_name;
  claims["oid"] = u.id;
  claims["platf"] = "14";
  claims["puid"] = ark::HexEncode(ark::Sha1(u.id)).substr(0, 16);
  claims["rh"] = "1.A" + Noise(48) + ".";
  claims["scp"] = ScpClaim(g.graph_scopes, g.request);
  claims["sid"] = ark::NewUuid();
  claims["sub"] = PairwiseSubject(u.id, g.app->app_id);
  claims["tenant_region_scope"] = "NA";
  claims["tid"] = tid;
  claims["unique_name"] = u.user_principal_name;
  claims["upn"] = u.user_principal_name;
  claims["uti"] = Noise(16);
  claims["ver"] = "1.0";
  claims["wids"] = wids;
  claims["xms_tcdt"] = 1600000000;
  ARK_ASSIGN_OR_RETURN(std::string access, ctx_.signer->Sign(nlohmann::json::parse(claims.dump())));

  nlohmann::ordered_json out;
  out["token_type"] = "Bearer";
  out["scope"] = ResponseScope(g.graph_scopes, g.request);
  out["expires_in"] = lifetime;
  out["ext_expires_in"] = lifetime;
  out["access_token"] = access;
  if (g.request.offline_access) {
    RefreshToken rt{g.app->app_id, u.id, g.request, g.amr, now, now};
    out["refresh_token"] = state.AddRefreshToken(std::move(rt));
  }
  if (g.request.openid) {
    nlohmann::ordered_json id;
    id["aud"] = g.app->app_id;
    id["iss"] = origin + "/" + tid + "/v2.0";
    id["iat"] = iat;
    id["nbf"] = iat;
    id["exp"] = iat + 3600;
    if (g.request.email && !u.mail.empty()) id["email"] = u.mail;
    id["name"] = u.display_name;
    if (!g.nonce.empty()) id["nonce"] = g.nonce;
    id["oid"] = u.id;
    id["preferred_username"] = u.user_principal_name;
    id["rh"] = "1.A" + Noise(48) + ".";
    id["sid"] = claims["sid"];
    id["sub"] = claims["sub"];
    id["tid"] = tid;
    id["uti"] = Noise(16);
    id["ver"] = "2.0";
    ARK_ASSIGN_OR_RETURN(std::string id_token, ctx_.signer->Sign(nlohmann::json::parse(id.dump())));
    out["id_token"] = id_token;
  }
  if (g.client_info) {
    out["client_info"] = ark::Base64UrlEncode(nlohmann::json({{"uid", u.id}, {"utid", tid}}).dump());
  }
  return out;
}

}  // namespace m365sim::identity
