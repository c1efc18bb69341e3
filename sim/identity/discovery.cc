// OpenID configuration (per tenant and for the aliases), JWKS, and instance discovery.
#include "identity/discovery.h"

#include "identity/aad_errors.h"
#include "identity/tenant_segment.h"

namespace m365sim::identity {
namespace {

// The openid-configuration document as Entra serves it, with our host. For a
// tenant-specific request the tenant id is substituted; for the aliases the
// issuer keeps the literal "{tenantid}".
nlohmann::ordered_json OpenIdConfiguration(const std::string& origin, const std::string& segment,
                                           const std::string& issuer_tenant,
                                           const std::string& tenant_region) {
  const std::string base = origin + "/" + segment;
  nlohmann::ordered_json j;
  j["token_endpoint"] = base + "/oauth2/v2.0/token";
  j["token_endpoint_auth_methods_supported"] = {"client_secret_post", "private_key_jwt",
                                                "client_secret_basic"};
  j["jwks_uri"] = base + "/discovery/v2.0/keys";
  j["response_modes_supported"] = {"query", "fragment", "form_post"};
  j["subject_types_supported"] = {"pairwise"};
  j["id_token_signing_alg_values_supported"] = {"RS256"};
  j["response_types_supported"] = {"code", "id_token", "code id_token", "id_token token"};
  j["scopes_supported"] = {"openid", "profile", "email", "offline_access"};
  j["issuer"] = origin + "/" + issuer_tenant + "/v2.0";
  j["request_uri_parameter_supported"] = false;
  j["userinfo_endpoint"] = "https://graph.microsoft.com/oidc/userinfo";
  j["authorization_endpoint"] = base + "/oauth2/v2.0/authorize";
  j["device_authorization_endpoint"] = base + "/oauth2/v2.0/devicecode";
  j["http_logout_supported"] = true;
  j["frontchannel_logout_supported"] = true;
  j["end_session_endpoint"] = base + "/oauth2/v2.0/logout";
  j["claims_supported"] = {"sub",
                           "iss",
                           "cloud_instance_name",
                           "cloud_instance_host_name",
                           "cloud_graph_host_name",
                           "msgraph_host",
                           "aud",
                           "exp",
                           "iat",
                           "auth_time",
                           "acr",
                           "nonce",
                           "preferred_username",
                           "name",
                           "tid",
                           "ver",
                           "at_hash",
                           "c_hash",
                           "email"};
  j["kerberos_endpoint"] = base + "/kerberos";
  j["tenant_region_scope"] =
      tenant_region.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(tenant_region);
  j["cloud_instance_name"] = "microsoftonline.com";
  j["cloud_graph_host_name"] = "graph.windows.net";
  j["msgraph_host"] = "graph.microsoft.com";
  j["rbac_url"] = "https://pas.windows.net";
  return j;
}

}  // namespace

void RegisterDiscoveryRoutes(http::Router& login, Context& ctx) {
  auto openid = [&ctx](http::Request& request) {
    std::string segment(request.Param("tenant"));
    auto resolved = ctx.store->Read([&](const tenant::Tenant& t) { return ResolveTenant(t, segment); });
    if (!resolved) return AadErrorResponse(request, aad::TenantNotFound(segment), *ctx.clock);
    std::string tenant_id = ctx.store->Read([](const tenant::Tenant& t) { return t.organization.id; });
    bool alias = resolved->alias != TenantAlias::kNone;
    // Like Entra, a tenant named by domain is answered with its id in the URLs.
    std::string path_tenant = alias ? segment : tenant_id;
    http::Response r =
        http::Response::Json(200, OpenIdConfiguration(request.origin, path_tenant,
                                                      alias ? "{tenantid}" : tenant_id, alias ? "" : "NA"));
    r.headers.Set("Cache-Control", "max-age=86400, private");
    r.headers.Set("Access-Control-Allow-Origin", "*");
    return r;
  };
  login.Add("GET", "/{tenant}/v2.0/.well-known/openid-configuration", openid);
  login.Add("GET", "/{tenant}/.well-known/openid-configuration", openid);

  auto keys = [&ctx](http::Request& request) {
    std::string segment(request.Param("tenant"));
    auto resolved = ctx.store->Read([&](const tenant::Tenant& t) { return ResolveTenant(t, segment); });
    if (!resolved) return AadErrorResponse(request, aad::TenantNotFound(segment), *ctx.clock);
    std::string tenant_id = ctx.store->Read([](const tenant::Tenant& t) { return t.organization.id; });
    std::string issuer_tenant = resolved->alias != TenantAlias::kNone ? "{tenantid}" : tenant_id;
    http::Response r =
        http::Response::Json(200, ctx.signer->Jwks(request.origin + "/" + issuer_tenant + "/v2.0"));
    r.headers.Set("Cache-Control", "max-age=86400, private");
    r.headers.Set("Access-Control-Allow-Origin", "*");
    return r;
  };
  login.Add("GET", "/{tenant}/discovery/v2.0/keys", keys);
  login.Add("GET", "/{tenant}/discovery/keys", keys);

  // MSAL's instance discovery: with knownAuthorities MSAL skips it, but a
  // client configured with this host as "cloud" may still ask.
  login.Add("GET", "/common/discovery/instance", [](http::Request& request) {
    std::string host = request.headers.Get("Host").data() ? std::string(request.headers.Get("Host")) : "";
    nlohmann::ordered_json j = {
        {"tenant_discovery_endpoint", request.origin + "/{tenant}/v2.0/.well-known/openid-configuration"},
        {"api-version", "1.1"},
        {"metadata", {{{"preferred_network", host}, {"preferred_cache", host}, {"aliases", {host}}}}}};
    return http::Response::Json(200, j);
  });
}

}  // namespace m365sim::identity
