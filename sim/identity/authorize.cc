// The browser sign-in: /authorize, the sign-in/MFA/consent steps, code delivery, device login, admin consent.
#include <algorithm>

#include "common/text.h"
#include "core/random.h"
#include "identity/pages.h"
#include "identity/scopes.h"
#include "identity/service.h"
#include "tenant/generator.h"
#include "tenant/graph_permissions.h"
#include "tenant/ids.h"
#include "tenant/roles.h"

namespace m365sim::identity {
namespace {

constexpr auto kFlowLifetime = std::chrono::minutes(30);
constexpr auto kCodeLifetime = std::chrono::minutes(10);
constexpr auto kSessionLifetime = std::chrono::hours(24);
constexpr int kMaxMfaAttempts = 5;
constexpr const char* kSessionCookie = "ESTSAUTH";

std::string SixDigits() {
  std::string r = ark::RandomBytes(4);
  uint32_t v = 0;
  for (char c : r) v = (v << 8) | static_cast<unsigned char>(c);
  std::string digits = std::to_string(v % 1000000);
  return std::string(6 - digits.size(), '0') + digits;
}

std::string MaskedPhone(const std::string& phone) {
  if (phone.size() < 2) return "+XX XXXXXXXX";
  return "+XX XXXXXXXX" + phone.substr(phone.size() - 2);
}

// "http://localhost:1234/cb" -> {"http", "localhost", "/cb"}; the port is dropped.
struct UriParts {
  std::string scheme, host, path;
};
UriParts Split(std::string_view uri) {
  UriParts p;
  size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return {"", "", std::string(uri)};
  p.scheme = ToLowerAscii(uri.substr(0, scheme_end));
  std::string_view rest = uri.substr(scheme_end + 3);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  p.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  size_t colon = authority.rfind(':');
  p.host = ToLowerAscii(
      colon == std::string_view::npos || authority.back() == ']' ? authority : authority.substr(0, colon));
  return p;
}

// Whether `uri` is one of the app's redirect URIs. As in Entra, the port of an
// http loopback URI is ignored, and the native-client URI of
// login.microsoftonline.com is also served by our own login host.
bool RedirectAllowed(const tenant::Application& app, const std::string& uri, const std::string& origin) {
  std::vector<std::string> registered = app.web_redirect_uris;
  registered.insert(registered.end(), app.public_client_redirect_uris.begin(),
                    app.public_client_redirect_uris.end());
  UriParts wanted = Split(uri);
  for (const auto& r : registered) {
    if (r == uri) return true;
    if (r == tenant::kNativeClientRedirectUri && uri == origin + "/common/oauth2/nativeclient") return true;
    UriParts have = Split(r);
    bool loopback = have.scheme == "http" && (have.host == "localhost" || have.host == "127.0.0.1");
    if (loopback && wanted.scheme == "http" && wanted.host == have.host && wanted.path == have.path)
      return true;
  }
  return false;
}

bool IsNativeRedirect(const std::string& uri, const std::string& origin) {
  return uri == tenant::kNativeClientRedirectUri || uri == origin + "/common/oauth2/nativeclient";
}

std::string Cookie(const http::Request& request, std::string_view name) {
  std::string_view header = request.headers.Get("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

// Permissions of the consent page for `scopes` (Graph delegated values).
std::vector<pages::Permission> DelegatedPermissions(const std::vector<std::string>& scopes) {
  std::vector<pages::Permission> out;
  for (const auto& s : scopes) {
    if (const auto* p = tenant::FindGraphDelegatedPermission(s)) {
      out.push_back({std::string(p->value), std::string(p->display_name), std::string(p->description),
                     p->admin_consent_required});
    }
  }
  return out;
}

// Merges `scopes` into the tenant's grant for (client, consent type, principal).
void GrantDelegated(tenant::Tenant& t, const std::string& client_sp_id, const std::string& consent_type,
                    const std::string& principal_id, const std::vector<std::string>& scopes) {
  const auto* graph = t.GraphServicePrincipal();
  tenant::OAuth2PermissionGrant* grant = nullptr;
  for (auto& g : t.oauth2_permission_grants) {
    if (g.client_id == client_sp_id && g.resource_id == graph->id && g.consent_type == consent_type &&
        g.principal_id == principal_id) {
      grant = &g;
    }
  }
  if (grant == nullptr) {
    t.oauth2_permission_grants.push_back(
        {tenant::RandomBase64UrlId(32), client_sp_id, consent_type, principal_id, graph->id, ""});
    grant = &t.oauth2_permission_grants.back();
  }
  for (const auto& s : scopes) {
    std::string padded = " " + grant->scope + " ";
    if (padded.find(" " + s + " ") != std::string::npos) continue;
    grant->scope += (grant->scope.empty() ? "" : " ") + s;
  }
}

}  // namespace

std::optional<BrowserSession> IdentityService::SessionOf(const http::Request& request) {
  std::string id = Cookie(request, kSessionCookie);
  if (id.empty()) return std::nullopt;
  auto session = state_.FindSession(id, ctx_.clock->Now());
  if (!session) return std::nullopt;
  bool enabled = ctx_.store->Read([&](const tenant::Tenant& t) {
    const auto* u = t.FindUser(session->user_id);
    return u != nullptr && u->account_enabled;
  });
  return enabled ? session : std::nullopt;
}

http::Response IdentityService::WithSession(http::Response response, const SignInFlow& flow) {
  std::vector<std::string> amr = {"pwd"};
  if (flow.mfa_done) amr.push_back("mfa");
  auto now = ctx_.clock->Now();
  std::string id = state_.AddSession({flow.user_id, amr, now, now + kSessionLifetime});
  response.headers.Add("Set-Cookie",
                       std::string(kSessionCookie) + "=" + id + "; path=/; secure; HttpOnly; SameSite=None");
  return response;
}

http::Response IdentityService::Authorize(http::Request& request) {
  std::string segment(request.Param("tenant"));
  auto resolved = ctx_.store->Read([&](const tenant::Tenant& t) { return ResolveTenant(t, segment); });
  auto page_error = [&](const AadError& e, int status = 400) {
    return http::Response::Html(status, pages::Error(AadErrorLine(e), "Request Id: " + ark::NewUuid()));
  };
  if (!resolved) return page_error(aad::TenantNotFound(segment));
  const http::Params& q = request.query;
  std::string client_id = q.GetOr("client_id");
  if (client_id.empty()) return page_error(aad::MissingParameter("client_id"));
  auto app = ctx_.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::Application> {
    const auto* a = t.FindApplicationByAppId(client_id);
    return a ? std::optional<tenant::Application>(*a) : std::nullopt;
  });
  std::string tenant_name =
      ctx_.store->Read([](const tenant::Tenant& t) { return t.organization.display_name; });
  if (!app) return page_error(aad::AppNotFound(client_id, tenant_name));
  std::string redirect = q.GetOr("redirect_uri");
  if (redirect.empty()) return page_error(aad::MissingParameter("redirect_uri"));
  if (!RedirectAllowed(*app, redirect, request.origin))
    return page_error(aad::RedirectUriMismatch(redirect, client_id));

  // From here on, errors go back to the client through the redirect URI.
  auto redirect_error = [&](std::string_view error, const AadError& e) {
    http::Params p;
    p.Add("error", std::string(error));
    p.Add("error_description", AadErrorLine(e));
    if (q.Has("state")) p.Add("state", q.GetOr("state"));
    if (IsNativeRedirect(redirect, request.origin)) {
      return http::Response::Redirect(http::AppendQuery(request.origin + "/common/oauth2/nativeclient", p));
    }
    if (q.GetOr("response_mode") == "form_post")
      return http::Response::Html(200, pages::FormPost(redirect, p));
    return http::Response::Redirect(http::AppendQuery(redirect, p));
  };
  std::string response_type = q.GetOr("response_type");
  if (response_type != "code") {
    return redirect_error(
        "unsupported_response_type",
        AadError{"unsupported_response_type", 700054,
                 "response_type '" + response_type + "' is not enabled for the application.", "", ""});
  }
  ScopeRequest scopes;
  if (auto e = ParseDelegatedScopes(q.GetOr("scope"), tenant_name, &scopes))
    return redirect_error(e->error, *e);
  std::string method = q.GetOr("code_challenge_method");
  if (q.Has("code_challenge") && !method.empty() && method != "S256" && method != "plain") {
    return redirect_error("invalid_request",
                          AadError{"invalid_request", 5000, "Invalid code_challenge_method.", "", ""});
  }
  ctx_.counters->Increment("login/authorize");
  SignInFlow flow;
  flow.kind = FlowKind::kAuthorize;
  flow.tenant_segment = segment;
  flow.request = q;
  flow.expires = ctx_.clock->Now() + kFlowLifetime;
  std::string prompt = q.GetOr("prompt");
  auto session = SessionOf(request);
  if (prompt == "none" && !session) {
    return redirect_error("login_required",
                          AadError{"login_required", 50058,
                                   "A silent sign-in request was sent but no user is signed in.", "", ""});
  }
  if (session && prompt != "login" && prompt != "select_account") {
    flow.user_id = session->user_id;
    flow.password_done = true;
    flow.mfa_done = std::find(session->amr.begin(), session->amr.end(), "mfa") != session->amr.end();
  }
  flow.id = state_.AddFlow(flow);
  return ContinueFlow(request, flow);
}

http::Response IdentityService::ContinueFlow(http::Request& request, SignInFlow flow) {
  const std::string base = "/" + flow.tenant_segment;
  std::string client_id = flow.request.GetOr("client_id");
  if (flow.kind == FlowKind::kDevice) {
    auto dc = state_.FindDeviceCode(flow.device_code);
    client_id = dc ? dc->client_id : "";
  }
  auto app = ctx_.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::Application> {
    const auto* a = t.FindApplicationByAppId(client_id);
    return a ? std::optional<tenant::Application>(*a) : std::nullopt;
  });
  if (!app) return http::Response::Html(400, pages::Error(AadErrorLine(aad::GrantMalformed()), ""));
  if (!flow.password_done) {
    return http::Response::Html(200, pages::SignIn(base + "/login", flow.id, app->display_name,
                                                   flow.request.GetOr("login_hint"), ""));
  }
  auto user = ctx_.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::User> {
    const auto* u = t.FindUser(flow.user_id);
    return u ? std::optional<tenant::User>(*u) : std::nullopt;
  });
  if (!user) return http::Response::Html(400, pages::Error(AadErrorLine(aad::GrantMalformed()), ""));
  if (user->mfa != tenant::MfaState::kNone && !flow.mfa_done) {
    if (flow.mfa_code.empty()) {
      flow.mfa_code = SixDigits();
      state_.UpdateFlow(flow);
      state_.SetPendingMfa(user->id, {flow.mfa_code, flow.id, ctx_.clock->Now()});
    }
    return http::Response::Html(200,
                                pages::MfaCode(base + "/mfa", flow.id, MaskedPhone(user->mfa_phone), ""));
  }

  bool can_consent_for_org = tenant::CanConsentForOrganization(user->role_template_ids);
  if (flow.kind == FlowKind::kAdminConsent) {
    if (!tenant::CanGrantGraphApplicationPermissions(user->role_template_ids)) {
      return FinishAdminConsent(request, flow, false);
    }
    if (!flow.consent_done) {
      std::vector<pages::Permission> permissions;
      for (const auto& r : app->required_resource_access) {
        if (r.type != "Role") continue;
        if (const auto* p = tenant::FindGraphApplicationPermission(r.id)) {
          permissions.push_back(
              {std::string(p->value), std::string(p->display_name), std::string(p->description), true});
        }
      }
      return http::Response::Html(200, pages::Consent(base + "/consent", flow.id, app->display_name,
                                                      user->user_principal_name, permissions, false, true));
    }
    return FinishAdminConsent(request, flow, true);
  }

  // Delegated consent: every requested Graph scope must be granted (tenant-wide or to this user).
  ScopeRequest scopes;
  if (flow.kind == FlowKind::kDevice) {
    auto dc = state_.FindDeviceCode(flow.device_code);
    if (dc) scopes = dc->scopes;
  } else {
    (void)ParseDelegatedScopes(flow.request.GetOr("scope"), "", &scopes);
  }
  std::vector<std::string> missing;
  ctx_.store->Read([&](const tenant::Tenant& t) {
    const auto* sp = t.FindServicePrincipalByAppId(app->app_id);
    GrantedScopes(scopes, sp ? t.GrantedGraphScopes(sp->id, user->id) : std::vector<std::string>{}, &missing);
    return 0;
  });
  bool prompt_consent = flow.request.GetOr("prompt") == "consent";
  if (!flow.consent_done && (!missing.empty() || prompt_consent)) {
    if (flow.request.GetOr("prompt") == "none") {
      http::Params p;
      p.Add("error", "consent_required");
      p.Add("error_description", AadErrorLine(aad::ConsentRequired(app->app_id, app->display_name)));
      if (flow.request.Has("state")) p.Add("state", flow.request.GetOr("state"));
      return http::Response::Redirect(http::AppendQuery(flow.request.GetOr("redirect_uri"), p));
    }
    std::vector<std::string> listed = missing.empty() ? scopes.graph : missing;
    auto permissions = DelegatedPermissions(listed);
    bool needs_admin =
        std::any_of(permissions.begin(), permissions.end(), [](const auto& p) { return p.admin_only; });
    if (needs_admin && !can_consent_for_org) {
      return http::Response::Html(
          200, pages::NeedAdminApproval(app->display_name,
                                        AadErrorLine(aad::NotAdminForScopes(app->display_name))));
    }
    return http::Response::Html(
        200, pages::Consent(base + "/consent", flow.id, app->display_name, user->user_principal_name,
                            permissions, can_consent_for_org, false));
  }
  if (flow.kind == FlowKind::kDevice) return FinishDevice(request, flow);
  return FinishAuthorize(request, flow);
}

http::Response IdentityService::SignInPost(http::Request& request) {
  http::Params form = request.Form();
  auto flow = state_.FindFlow(form.GetOr("flow"), ctx_.clock->Now());
  if (!flow) {
    return http::Response::Html(400, pages::Error("AADSTS50089: Flow token expired - Authentication Failed.",
                                                  "Start the sign-in again from the application."));
  }
  std::string upn = form.GetOr("loginfmt");
  std::string password = form.GetOr("passwd");
  std::string app_name = ctx_.store->Read([&](const tenant::Tenant& t) {
    std::string id = flow->request.GetOr("client_id");
    if (flow->kind == FlowKind::kDevice) {
      auto dc = state_.FindDeviceCode(flow->device_code);
      id = dc ? dc->client_id : id;
    }
    const auto* a = t.FindApplicationByAppId(id);
    return a ? a->display_name : std::string();
  });
  auto again = [&](const std::string& message) {
    return http::Response::Html(
        200, pages::SignIn("/" + flow->tenant_segment + "/login", flow->id, app_name, upn, message));
  };
  auto user = ctx_.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::User> {
    const auto* u = t.FindUser(upn);
    return u ? std::optional<tenant::User>(*u) : std::nullopt;
  });
  ctx_.counters->Increment("login/signin");
  if (!user) {
    return again(
        "This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin. "
        "(AADSTS50034)");
  }
  // Federated accounts are checked by "AD FS", i.e. against the same password.
  if (password != user->password) {
    return again(
        "Your account or password is incorrect. If you don't remember your password, reset it now. "
        "(AADSTS50126)");
  }
  if (!user->account_enabled) {
    return again(
        "Your account has been locked. Contact your support person to unlock it, then try again. "
        "(AADSTS50057: The user account is disabled.)");
  }
  flow->user_id = user->id;
  flow->password_done = true;
  flow->mfa_done = false;
  flow->mfa_code.clear();
  state_.UpdateFlow(*flow);
  http::Response response = ContinueFlow(request, *flow);
  // Signed in (no second factor needed): the browser keeps a session, whatever the app's consent.
  if (user->mfa == tenant::MfaState::kNone) response = WithSession(std::move(response), *flow);
  return response;
}

http::Response IdentityService::MfaPost(http::Request& request) {
  http::Params form = request.Form();
  auto flow = state_.FindFlow(form.GetOr("flow"), ctx_.clock->Now());
  if (!flow || !flow->password_done || flow->mfa_code.empty()) {
    return http::Response::Html(400, pages::Error("AADSTS50089: Flow token expired - Authentication Failed.",
                                                  "Start the sign-in again from the application."));
  }
  std::string code = form.GetOr("otc");
  if (code != flow->mfa_code) {
    ++flow->mfa_attempts;
    state_.UpdateFlow(*flow);
    if (flow->mfa_attempts >= kMaxMfaAttempts) {
      state_.RemoveFlow(flow->id);
      return http::Response::Html(400, pages::Error("AADSTS50088: Limit on telecom MFA calls reached.",
                                                    "Too many wrong codes. Start the sign-in again."));
    }
    std::string phone = ctx_.store->Read([&](const tenant::Tenant& t) {
      const auto* u = t.FindUser(flow->user_id);
      return u ? MaskedPhone(u->mfa_phone) : std::string();
    });
    return http::Response::Html(200,
                                pages::MfaCode("/" + flow->tenant_segment + "/mfa", flow->id, phone,
                                               "You didn't enter the expected verification code. Please try "
                                               "again."));
  }
  flow->mfa_done = true;
  state_.UpdateFlow(*flow);
  state_.ClearPendingMfa(flow->user_id);
  return WithSession(ContinueFlow(request, *flow), *flow);
}

http::Response IdentityService::ConsentPost(http::Request& request) {
  http::Params form = request.Form();
  auto flow = state_.FindFlow(form.GetOr("flow"), ctx_.clock->Now());
  if (!flow || !flow->password_done) {
    return http::Response::Html(400, pages::Error("AADSTS50089: Flow token expired - Authentication Failed.",
                                                  "Start the sign-in again from the application."));
  }
  bool accepted = form.GetOr("decision") == "accept";
  if (flow->kind == FlowKind::kAdminConsent) {
    flow->consent_done = true;
    return FinishAdminConsent(request, *flow, accepted);
  }
  std::string client_id = flow->request.GetOr("client_id");
  ScopeRequest scopes;
  if (flow->kind == FlowKind::kDevice) {
    auto dc = state_.FindDeviceCode(flow->device_code);
    if (dc) {
      client_id = dc->client_id;
      scopes = dc->scopes;
    }
  } else {
    (void)ParseDelegatedScopes(flow->request.GetOr("scope"), "", &scopes);
  }
  if (!accepted) {
    state_.RemoveFlow(flow->id);
    if (flow->kind == FlowKind::kDevice) {
      state_.SetDeviceCodeState(flow->device_code, DeviceCodeState::kDeclined, flow->user_id, {});
      return http::Response::Html(200, pages::DeviceDeclined(client_id));
    }
    http::Params p;
    p.Add("error", "access_denied");
    p.Add("error_description", AadErrorLine(aad::UserDeclinedConsent()));
    if (flow->request.Has("state")) p.Add("state", flow->request.GetOr("state"));
    std::string redirect = flow->request.GetOr("redirect_uri");
    if (IsNativeRedirect(redirect, request.origin)) redirect = request.origin + "/common/oauth2/nativeclient";
    return http::Response::Redirect(http::AppendQuery(redirect, p));
  }
  bool for_org = form.GetOr("consent_org") == "on";
  ctx_.store->Write([&](tenant::Tenant& t) {
    const auto* sp = t.FindServicePrincipalByAppId(client_id);
    const auto* user = t.FindUser(flow->user_id);
    if (sp == nullptr || user == nullptr) return 0;
    bool org = for_org && tenant::CanConsentForOrganization(user->role_template_ids);
    std::vector<std::string> values = scopes.graph;
    for (const char* oidc : {"openid", "profile", "offline_access"}) values.emplace_back(oidc);
    GrantDelegated(t, sp->id, org ? "AllPrincipals" : "Principal", org ? "" : user->id, values);
    return 0;
  });
  flow->consent_done = true;
  state_.UpdateFlow(*flow);
  return ContinueFlow(request, *flow);
}

http::Response IdentityService::FinishAuthorize(http::Request& request, SignInFlow& flow) {
  const http::Params& q = flow.request;
  ScopeRequest scopes;
  (void)ParseDelegatedScopes(q.GetOr("scope"), "", &scopes);
  AuthCode code;
  code.client_id = q.GetOr("client_id");
  code.user_id = flow.user_id;
  code.redirect_uri = q.GetOr("redirect_uri");
  code.scopes = scopes;
  code.code_challenge = q.GetOr("code_challenge");
  code.code_challenge_method = q.GetOr("code_challenge_method", code.code_challenge.empty() ? "" : "plain");
  code.nonce = q.GetOr("nonce");
  code.amr = {"pwd"};
  if (flow.mfa_done) code.amr.emplace_back("mfa");
  code.issued = ctx_.clock->Now();
  code.expires = code.issued + kCodeLifetime;
  std::string value = state_.AddAuthCode(std::move(code));
  state_.RemoveFlow(flow.id);

  http::Params p;
  p.Add("code", value);
  if (q.Has("state")) p.Add("state", q.GetOr("state"));
  p.Add("session_state", ark::NewUuid());
  std::string redirect = q.GetOr("redirect_uri");
  http::Response response;
  if (IsNativeRedirect(redirect, request.origin)) {
    response = http::Response::Redirect(http::AppendQuery(request.origin + "/common/oauth2/nativeclient", p));
  } else if (q.GetOr("response_mode") == "form_post") {
    response = http::Response::Html(200, pages::FormPost(redirect, p));
  } else if (q.GetOr("response_mode") == "fragment") {
    response = http::Response::Redirect(redirect + "#" + p.Encode());
  } else {
    response = http::Response::Redirect(http::AppendQuery(redirect, p));
  }
  return response;
}

http::Response IdentityService::NativeClient(http::Request& request) {
  const http::Params& q = request.query;
  if (q.Has("error")) {
    return http::Response::Html(200,
                                pages::Error(q.GetOr("error_description"), "error: " + q.GetOr("error")));
  }
  return http::Response::Html(200, pages::CopyCode(q.GetOr("code"), q.GetOr("state")));
}

http::Response IdentityService::DeviceLoginPage(http::Request& /*request*/) {
  return http::Response::Html(200, pages::DeviceCodeEntry("/devicelogin", ""));
}

http::Response IdentityService::DeviceLoginPost(http::Request& request) {
  http::Params form = request.Form();
  std::string code;
  for (char c : form.GetOr("otc")) {
    if (c != '-' && c != ' ') code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  auto dc = state_.FindDeviceCodeByUserCode(code);
  if (!dc || dc->state != DeviceCodeState::kPending || ctx_.clock->Now() > dc->expires) {
    return http::Response::Html(
        200, pages::DeviceCodeEntry("/devicelogin", "That code didn't work. Check the code and try again."));
  }
  std::string tenant_id = ctx_.store->Read([](const tenant::Tenant& t) { return t.organization.id; });
  SignInFlow flow;
  flow.kind = FlowKind::kDevice;
  flow.tenant_segment = tenant_id;
  flow.device_code = dc->device_code;
  flow.expires = ctx_.clock->Now() + kFlowLifetime;
  flow.id = state_.AddFlow(flow);
  return ContinueFlow(request, flow);
}

http::Response IdentityService::FinishDevice(http::Request& /*request*/, SignInFlow& flow) {
  std::vector<std::string> amr = {"pwd"};
  if (flow.mfa_done) amr.emplace_back("mfa");
  auto dc = state_.FindDeviceCode(flow.device_code);
  state_.SetDeviceCodeState(flow.device_code, DeviceCodeState::kApproved, flow.user_id, amr);
  state_.RemoveFlow(flow.id);
  std::string app_name = ctx_.store->Read([&](const tenant::Tenant& t) {
    const auto* a = dc ? t.FindApplicationByAppId(dc->client_id) : nullptr;
    return a ? a->display_name : std::string();
  });
  return http::Response::Html(200, pages::DeviceSignedIn(app_name));
}

http::Response IdentityService::AdminConsent(http::Request& request, bool v2) {
  std::string segment(request.Param("tenant"));
  auto resolved = ctx_.store->Read([&](const tenant::Tenant& t) { return ResolveTenant(t, segment); });
  auto page_error = [&](const AadError& e) {
    return http::Response::Html(400, pages::Error(AadErrorLine(e), "Request Id: " + ark::NewUuid()));
  };
  if (!resolved) return page_error(aad::TenantNotFound(segment));
  const http::Params& q = request.query;
  std::string client_id = q.GetOr("client_id");
  if (client_id.empty()) return page_error(aad::MissingParameter("client_id"));
  std::string tenant_name =
      ctx_.store->Read([](const tenant::Tenant& t) { return t.organization.display_name; });
  auto app = ctx_.store->Read([&](const tenant::Tenant& t) -> std::optional<tenant::Application> {
    const auto* a = t.FindApplicationByAppId(client_id);
    return a ? std::optional<tenant::Application>(*a) : std::nullopt;
  });
  if (!app) return page_error(aad::AppNotFound(client_id, tenant_name));
  http::Params params = q;
  if (!q.Has("redirect_uri")) {
    if (app->web_redirect_uris.empty()) return page_error(aad::MissingParameter("redirect_uri"));
    params.Add("redirect_uri", app->web_redirect_uris.front());
  } else if (!RedirectAllowed(*app, q.GetOr("redirect_uri"), request.origin)) {
    return page_error(aad::RedirectUriMismatch(q.GetOr("redirect_uri"), client_id));
  }
  if (v2 && !q.Has("scope")) return page_error(aad::MissingParameter("scope"));
  ctx_.counters->Increment("login/adminconsent");
  SignInFlow flow;
  flow.kind = FlowKind::kAdminConsent;
  flow.admin_consent_v2 = v2;
  flow.tenant_segment = segment;
  flow.request = params;
  flow.expires = ctx_.clock->Now() + kFlowLifetime;
  auto session = SessionOf(request);
  if (session && q.GetOr("prompt") != "login") {
    flow.user_id = session->user_id;
    flow.password_done = true;
    flow.mfa_done = std::find(session->amr.begin(), session->amr.end(), "mfa") != session->amr.end();
  }
  flow.id = state_.AddFlow(flow);
  return ContinueFlow(request, flow);
}

http::Response IdentityService::FinishAdminConsent(http::Request& request, SignInFlow& flow, bool accepted) {
  const http::Params& q = flow.request;
  std::string redirect = q.GetOr("redirect_uri");
  if (IsNativeRedirect(redirect, request.origin)) redirect = request.origin + "/common/oauth2/nativeclient";
  state_.RemoveFlow(flow.id);
  http::Params p;
  bool allowed = ctx_.store->Read([&](const tenant::Tenant& t) {
    const auto* u = t.FindUser(flow.user_id);
    return u != nullptr && tenant::CanGrantGraphApplicationPermissions(u->role_template_ids);
  });
  if (!allowed) {
    p.Add("error", "access_denied");
    p.Add("error_description", AadErrorLine(aad::AdminConsentRequiredRole()));
  } else if (!accepted) {
    if (flow.admin_consent_v2) {
      p.Add("error", "access_denied");
      p.Add("error_description", AadErrorLine(aad::UserDeclinedConsent()));
    } else {
      p.Add("error", "permission_denied");
      p.Add("error_description", "The admin canceled the request");
    }
  } else {
    std::string tenant_id = ctx_.store->Write([&](tenant::Tenant& t) {
      const auto* app = t.FindApplicationByAppId(q.GetOr("client_id"));
      const auto* sp = t.FindServicePrincipalByAppId(q.GetOr("client_id"));
      const auto* graph = t.GraphServicePrincipal();
      if (app == nullptr || sp == nullptr) return t.organization.id;
      std::vector<std::string> granted = t.GrantedGraphAppRoles(sp->id);
      std::vector<std::string> scopes;
      std::vector<tenant::AppRoleAssignment> added;
      for (const auto& r : app->required_resource_access) {
        if (r.type == "Scope") {
          if (const auto* s = tenant::FindGraphDelegatedPermission(r.id)) scopes.emplace_back(s->value);
          continue;
        }
        const auto* role = tenant::FindGraphApplicationPermission(r.id);
        if (role == nullptr || std::find(granted.begin(), granted.end(), role->value) != granted.end())
          continue;
        added.push_back({tenant::RandomBase64UrlId(32), std::string(role->id), sp->id, "ServicePrincipal",
                         sp->display_name, graph->id, graph->display_name, ctx_.clock->Now()});
      }
      std::string sp_id = sp->id;
      t.app_role_assignments.insert(t.app_role_assignments.end(), added.begin(), added.end());
      if (!scopes.empty()) GrantDelegated(t, sp_id, "AllPrincipals", "", scopes);
      return t.organization.id;
    });
    if (flow.admin_consent_v2) {
      p.Add("admin_consent", "True");
      p.Add("tenant", tenant_id);
      p.Add("scope", q.GetOr("scope"));
    } else {
      p.Add("tenant", tenant_id);
      p.Add("admin_consent", "True");
    }
  }
  if (q.Has("state")) p.Add("state", q.GetOr("state"));
  return http::Response::Redirect(http::AppendQuery(redirect, p));
}

http::Response IdentityService::Logout(http::Request& request) {
  std::string id = Cookie(request, kSessionCookie);
  if (!id.empty()) state_.RemoveSession(id);
  http::Response response = request.query.Has("post_logout_redirect_uri")
                                ? http::Response::Redirect(request.query.GetOr("post_logout_redirect_uri"))
                                : http::Response::Html(200, pages::SignedOut());
  response.headers.Add(
      "Set-Cookie",
      std::string(kSessionCookie) + "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; secure; HttpOnly");
  return response;
}

}  // namespace m365sim::identity
