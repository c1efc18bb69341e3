// Admin API: app registrations (create, alter, delete), secrets (add, expire) and consent (grant, revoke).
#include <algorithm>

#include "admin/handlers.h"
#include "core/random.h"
#include "core/time.h"
#include "identity/state.h"
#include "tenant/graph_permissions.h"
#include "tenant/ids.h"
#include "tenant/serialize.h"

namespace m365sim::admin {
namespace {

std::string NewSecretText() {
  // Entra's shape: three characters, "8Q~", 34 characters.
  std::string raw = tenant::RandomBase64UrlId(30);
  return raw.substr(0, 3) + "8Q~" + raw.substr(3, 34);
}

http::Response NoApp(const http::Request& request) {
  return AdminError(404, "notFound",
                    "no application with client id '" + std::string(request.Param("app")) + "'");
}

http::Response AppJson(const tenant::Application& a, int status = 200) {
  return http::Response::Text(status, tenant::ApplicationToJson(a).dump(), "application/json; charset=utf-8");
}

// Grants `roles` (Graph application permission values) to `sp_id`; returns the unknown ones.
std::vector<std::string> GrantRoles(tenant::Tenant& t, const std::string& sp_id,
                                    const std::vector<std::string>& roles, tenant::Time now) {
  std::vector<std::string> unknown;
  const auto* graph = t.GraphServicePrincipal();
  const auto* sp = t.FindServicePrincipal(sp_id);
  std::vector<std::string> granted = t.GrantedGraphAppRoles(sp_id);
  std::vector<tenant::AppRoleAssignment> added;
  for (const auto& value : roles) {
    const auto* p = tenant::FindGraphApplicationPermission(value);
    if (p == nullptr) {
      unknown.push_back(value);
      continue;
    }
    if (std::find(granted.begin(), granted.end(), p->value) != granted.end()) continue;
    granted.emplace_back(p->value);
    added.push_back({tenant::RandomBase64UrlId(32), std::string(p->id), sp_id, "ServicePrincipal",
                     sp->display_name, graph->id, graph->display_name, now});
  }
  t.app_role_assignments.insert(t.app_role_assignments.end(), added.begin(), added.end());
  return unknown;
}

std::vector<std::string> Strings(const nlohmann::json& body, const char* name) {
  std::vector<std::string> out;
  if (body.contains(name) && body[name].is_array()) {
    for (const auto& v : body[name]) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

}  // namespace

http::Response ListApps(Context& ctx, http::Request& /*request*/) {
  std::string body = ctx.store->Read([](const tenant::Tenant& t) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& a : t.applications) {
      nlohmann::ordered_json j = tenant::ApplicationToJson(a);
      const auto* sp = t.FindServicePrincipalByAppId(a.app_id);
      j["servicePrincipalId"] = sp ? sp->id : "";
      j["grantedApplicationPermissions"] = sp ? t.GrantedGraphAppRoles(sp->id) : std::vector<std::string>{};
      out.push_back(std::move(j));
    }
    return nlohmann::ordered_json{{"apps", out}}.dump();
  });
  return http::Response::Text(200, std::move(body), "application/json; charset=utf-8");
}

http::Response GetApp(Context& ctx, http::Request& request) {
  auto app = ctx.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::Application> {
    const auto* a = t.FindApplicationByAppId(request.Param("app"));
    return a ? std::optional(*a) : std::nullopt;
  });
  return app ? AppJson(*app) : NoApp(request);
}

http::Response CreateApp(Context& ctx, http::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.value("name", nlohmann::json()).is_string()) {
    return AdminError(400, "invalidRequest",
                      "send {\"name\": \"...\", \"permissions\": [...], \"grant\": true, ...}");
  }
  std::vector<std::string> unknown;
  auto created = ctx.store->Write([&](tenant::Tenant& t) {
    tenant::Application a;
    a.id = ark::NewUuid();
    a.app_id = ark::NewUuid();
    a.display_name = body["name"];
    a.purpose = "admin-api";
    a.created = ctx.clock->Now();
    a.is_fallback_public_client = body.value("public_client", false);
    for (const auto& uri : Strings(body, "redirect_uris")) {
      (a.is_fallback_public_client ? a.public_client_redirect_uris : a.web_redirect_uris).push_back(uri);
    }
    std::vector<std::string> permissions = Strings(body, "permissions");
    for (const auto& value : permissions) {
      if (const auto* p = tenant::FindGraphApplicationPermission(value)) {
        a.required_resource_access.push_back({std::string(tenant::kGraphAppId), std::string(p->id), "Role"});
      } else {
        unknown.push_back(value);
      }
    }
    if (body.value("secret", !a.is_fallback_public_client)) {
      std::string text = NewSecretText();
      a.password_credentials.push_back({ark::NewUuid(), "admin-api", text, text.substr(0, 3), a.created,
                                        a.created + std::chrono::hours(24 * 365)});
    }
    tenant::ServicePrincipal sp;
    sp.id = ark::NewUuid();
    sp.app_id = a.app_id;
    sp.display_name = a.display_name;
    sp.app_owner_organization_id = t.organization.id;
    sp.service_principal_names = {a.app_id};
    sp.created = a.created;
    std::string sp_id = sp.id;
    t.applications.push_back(a);
    t.service_principals.push_back(std::move(sp));
    if (body.value("grant", false) && unknown.empty()) GrantRoles(t, sp_id, permissions, a.created);
    return a;
  });
  if (!unknown.empty()) {
    return AdminError(400, "invalidRequest", "unknown application permission: " + unknown.front());
  }
  return AppJson(created, 201);
}

http::Response UpdateApp(Context& ctx, http::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object()) return AdminError(400, "invalidRequest", "the body must be a JSON object");
  auto app = ctx.store->Write([&](tenant::Tenant& t) -> std::optional<tenant::Application> {
    tenant::Application* a = t.FindApplicationByAppId(request.Param("app"));
    if (a == nullptr) return std::nullopt;
    if (body.contains("name") && body["name"].is_string()) a->display_name = body["name"];
    if (body.contains("public_client")) a->is_fallback_public_client = body.value("public_client", false);
    if (body.contains("redirect_uris")) {
      (a->is_fallback_public_client ? a->public_client_redirect_uris : a->web_redirect_uris) =
          Strings(body, "redirect_uris");
    }
    return *a;
  });
  return app ? AppJson(*app) : NoApp(request);
}

http::Response DeleteApp(Context& ctx, http::Request& request) {
  bool removed = ctx.store->Write([&](tenant::Tenant& t) {
    const tenant::Application* a = t.FindApplicationByAppId(request.Param("app"));
    const tenant::ServicePrincipal* sp = t.FindServicePrincipalByAppId(request.Param("app"));
    if (a == nullptr) return false;
    std::string app_id = a->app_id, sp_id = sp ? sp->id : "";
    std::erase_if(t.app_role_assignments, [&](const auto& x) { return x.principal_id == sp_id; });
    std::erase_if(t.oauth2_permission_grants, [&](const auto& x) { return x.client_id == sp_id; });
    std::erase_if(t.service_principals, [&](const auto& x) { return x.id == sp_id; });
    std::erase_if(t.applications, [&](const auto& x) { return x.app_id == app_id; });
    return true;
  });
  if (!removed) return NoApp(request);
  ctx.identity->RevokeRefreshTokens("", std::string(request.Param("app")));
  return http::Response::Empty(204);
}

http::Response AddSecret(Context& ctx, http::Request& request) {
  auto body = nlohmann::json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
  if (!body.is_object()) return AdminError(400, "invalidRequest", "the body must be a JSON object");
  auto now = ctx.clock->Now();
  tenant::Time end = now + std::chrono::hours(24 * body.value("days", 365));
  if (body.contains("end")) {
    auto parsed = body["end"].is_string() ? ark::ParseRfc3339(body["end"].get<std::string>()) : std::nullopt;
    if (!parsed) return AdminError(400, "invalidRequest", "end must be an RFC 3339 date");
    end = *parsed;
  }
  if (body.value("expired", false)) end = now - std::chrono::seconds(1);
  std::string text = NewSecretText();
  tenant::PasswordCredential credential{ark::NewUuid(),    body.value("display_name", "admin-api"), text,
                                        text.substr(0, 3), now - std::chrono::seconds(1),           end};
  bool found = ctx.store->Write([&](tenant::Tenant& t) {
    tenant::Application* a = t.FindApplicationByAppId(request.Param("app"));
    if (a == nullptr) return false;
    a->password_credentials.push_back(credential);
    return true;
  });
  if (!found) return NoApp(request);
  return http::Response::Json(201, {{"keyId", credential.key_id},
                                    {"secretText", credential.secret_text},
                                    {"hint", credential.hint},
                                    {"endDateTime", ark::FormatRfc3339(credential.end)}});
}

http::Response ExpireSecret(Context& ctx, http::Request& request) {
  auto now = ctx.clock->Now();
  int status = ctx.store->Write([&](tenant::Tenant& t) {
    tenant::Application* a = t.FindApplicationByAppId(request.Param("app"));
    if (a == nullptr) return 404;
    std::string key(request.Param("key"));
    for (auto& c : a->password_credentials) {
      // "all" expires every secret of the app.
      if (key == "all" || c.key_id == key) c.end = now - std::chrono::seconds(1);
    }
    return 204;
  });
  if (status == 404) return NoApp(request);
  return http::Response::Empty(204);
}

http::Response GrantConsent(Context& ctx, http::Request& request) {
  auto body = nlohmann::json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
  if (!body.is_object()) return AdminError(400, "invalidRequest", "the body must be a JSON object");
  std::vector<std::string> unknown;
  bool found = ctx.store->Write([&](tenant::Tenant& t) {
    const tenant::Application* a = t.FindApplicationByAppId(request.Param("app"));
    const tenant::ServicePrincipal* sp = t.FindServicePrincipalByAppId(request.Param("app"));
    if (a == nullptr || sp == nullptr) return false;
    std::vector<std::string> roles = Strings(body, "permissions");
    if (roles.empty()) {
      for (const auto& r : a->required_resource_access) {
        const auto* p = r.type == "Role" ? tenant::FindGraphApplicationPermission(r.id) : nullptr;
        if (p != nullptr) roles.emplace_back(p->value);
      }
    }
    unknown = GrantRoles(t, sp->id, roles, ctx.clock->Now());
    return true;
  });
  if (!found) return NoApp(request);
  if (!unknown.empty())
    return AdminError(400, "invalidRequest", "unknown application permission: " + unknown.front());
  return http::Response::Empty(204);
}

http::Response RevokeConsent(Context& ctx, http::Request& request) {
  bool found = ctx.store->Write([&](tenant::Tenant& t) {
    const tenant::ServicePrincipal* sp = t.FindServicePrincipalByAppId(request.Param("app"));
    if (sp == nullptr) return false;
    std::string sp_id = sp->id;
    std::erase_if(t.app_role_assignments, [&](const auto& x) { return x.principal_id == sp_id; });
    std::erase_if(t.oauth2_permission_grants, [&](const auto& x) { return x.client_id == sp_id; });
    return true;
  });
  if (!found) return NoApp(request);
  return http::Response::Empty(204);
}

}  // namespace m365sim::admin
