// The add-organization checks and delegated sign-ins against one tenant (see tenant_session.h).
#include "org/tenant_session.h"

#include <algorithm>
#include <array>
#include <sstream>

#include "identity/aadsts.h"
#include "org/graph_call.h"
#include "org/rules.h"
#include "org/token_claims.h"

namespace ark::org {
namespace {

// Every member has this role; it says nothing about administration.
constexpr std::string_view kDefaultUserRole = "b79fbf4d-3ef9-4689-8143-76b194e85509";

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kRoleNames{{
    {rules::kGlobalAdministrator, "Global Administrator"},
    {rules::kPrivilegedRoleAdministrator, "Privileged Role Administrator"},
    {"29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"},
    {"f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"},
    {"69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator"},
    {"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"},
    {"158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"},
}};

std::vector<std::string> SplitScopes(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string s; in >> s;) out.push_back(s);
  return out;
}

bool IsMfaRequired(const Status& s) {
  std::optional<int64_t> code = identity::AadstsCodeOf(s);
  return code && (*code == 50076 || *code == 50079);
}

// A GraphCall that presents a fixed delegated token.
BearerToken Fixed(const Secret& token) {
  return BearerToken{[token]() -> Result<Secret> { return token; }, [] {}};
}

}  // namespace

bool NeedsConsent(const Status& status) { return identity::AadstsCodeOf(status) == 65001; }

std::string DirectoryRoleName(std::string_view template_id) {
  for (const auto& [id, name] : kRoleNames) {
    if (rules::HasRole({DirectoryRole{std::string(template_id), ""}}, id)) return std::string(name);
  }
  return std::string(template_id);
}

std::vector<std::string> SignInScopes(const std::set<std::string>& names, bool offline_access) {
  std::vector<std::string> out(names.begin(), names.end());
  out.emplace_back("openid");
  out.emplace_back("profile");
  if (offline_access) out.emplace_back("offline_access");
  return out;
}

std::vector<std::string> PermissionCheck::MissingRequired() const {
  std::vector<std::string> out = missing_backup;
  for (const std::string& p : missing_restore) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

Result<std::unique_ptr<TenantSession>> TenantSession::Open(const Organization& org, const std::string& app_id,
                                                           identity::ClientCredential credential,
                                                           http::HttpOptions http_options) {
  std::string tenant = org.tenant_id.empty() ? org.tenant : org.tenant_id;
  ARK_ASSIGN_OR_RETURN(identity::Authority authority,
                       identity::Authority::Make(org.endpoints.authority_host, tenant));
  if (org.endpoints.ca_file) http_options.ca_file = org.endpoints.ca_file;
  std::unique_ptr<TenantSession> s(new TenantSession());
  s->org_name_ = org.name;
  s->app_id_ = app_id;
  s->graph_base_ = org.endpoints.graph_base;
  ARK_ASSIGN_OR_RETURN(s->http_, http::HttpClient::Create(http_options));
  identity::SignInContext context;
  context.organization = org.name;
  context.app_name = app_id;
  s->tokens_ = std::make_shared<identity::TokenClient>(
      *s->http_, std::move(authority), identity::AppCredentials{app_id, std::move(credential)}, context);
  return s;
}

Directory TenantSession::AppDirectory() {
  // App-only tokens are asked for afresh when Graph refuses one, so that
  // permissions granted a moment ago are in the next token.
  auto cached = std::make_shared<std::optional<Secret>>();
  identity::TokenClient* tokens = tokens_.get();
  BearerToken bearer{[cached, tokens]() -> Result<Secret> {
                       if (!cached->has_value()) {
                         ARK_ASSIGN_OR_RETURN(identity::TokenSet t, tokens->AcquireForApp());
                         *cached = t.access.value;
                       }
                       return **cached;
                     },
                     [cached] { cached->reset(); }};
  return Directory(MakeGraphCall(*http_, graph_base_, bearer));
}

Directory TenantSession::DelegatedDirectory(const Secret& access_token) {
  return Directory(MakeGraphCall(*http_, graph_base_, Fixed(access_token)));
}

Directory TenantSession::DirectoryWith(identity::TokenProvider& provider) {
  // The token handed out last, so that a refusal invalidates exactly it.
  auto last = std::make_shared<std::optional<identity::AccessToken>>();
  BearerToken bearer{[&provider, last]() -> Result<Secret> {
                       ARK_ASSIGN_OR_RETURN(identity::AccessToken t, provider.Token());
                       *last = t;
                       return t.value;
                     },
                     [&provider, last] {
                       if (*last) provider.Invalidate(**last);
                     }};
  return Directory(MakeGraphCall(*http_, graph_base_, bearer));
}

Result<TenantDetails> TenantSession::VerifyApplication() {
  ARK_ASSIGN_OR_RETURN(identity::TokenSet token, tokens_->AcquireForApp());
  Directory directory = DelegatedDirectory(token.access.value);  // the app token, presented as is
  Result<TenantDetails> details = directory.Organization();
  if (details.ok() || details.status().code() != StatusCode::kPermissionDenied) return details;
  // The credentials work; the application just may not read the tenant yet
  // (step 3 reports the permission). Its id is in the token.
  TenantDetails partial;
  if (std::optional<TokenClaims> claims = ReadTokenClaims(token.access.value)) partial.id = claims->tenant_id;
  return partial;
}

Result<PermissionCheck> TenantSession::CheckPermissions(const ServiceSet& services) {
  PermissionCheck check;
  Directory directory = AppDirectory();
  Result<std::set<std::string>> granted = [&]() -> Result<std::set<std::string>> {
    ARK_ASSIGN_OR_RETURN(ServicePrincipal app, directory.ServicePrincipalOf(app_id_));
    ARK_ASSIGN_OR_RETURN(ServicePrincipal graph, directory.ServicePrincipalOf(kGraphAppId));
    return directory.GrantedAppRoles(app, graph);
  }();
  if (granted.ok()) {
    check.granted = std::move(*granted);
  } else if (granted.status().code() == StatusCode::kPermissionDenied) {
    // Reading service principals needs Application.Read.All; the roles of
    // the application's own token say the same without it.
    ARK_ASSIGN_OR_RETURN(identity::TokenSet token, tokens_->AcquireForApp());
    std::optional<TokenClaims> claims = ReadTokenClaims(token.access.value);
    if (!claims) {
      return PermissionDenied(
                 "cannot tell which permissions the application " + app_id_ + " of " + org_name_ +
                 " has: it may not read its service principal and its token is opaque; "
                 "compare Entra ID > App registrations > API permissions with docs/permissions.md")
          .WithCause(granted.status());
    }
    // An app-only token without a roles claim carries no application permission.
    if (claims->roles) check.granted.insert(claims->roles->begin(), claims->roles->end());
    check.from_token = true;
  } else {
    return granted.status().Context("reading the permissions of the application " + app_id_);
  }
  check.missing_backup =
      MissingPermissions(RequiredApplicationPermissions(services, Access::kBackup), check.granted);
  check.missing_restore =
      MissingPermissions(RequiredApplicationPermissions(services, Access::kRestore), check.granted);
  check.missing_optional =
      MissingPermissions(OptionalApplicationPermissions(services, Access::kBackup), check.granted);
  return check;
}

Result<SignedInAccount> TenantSession::SignInWithPassword(const std::string& upn, const Secret& password,
                                                          const std::vector<std::string>& scopes) {
  Result<identity::TokenSet> tokens = tokens_->AcquireByPassword(upn, password, scopes);
  if (!tokens.ok()) {
    if (IsMfaRequired(tokens.status()))
      return rules::MfaAccountCannotUsePassword(upn).WithCause(tokens.status());
    return tokens.status();
  }
  return Describe(std::move(*tokens), upn);
}

Result<SignedInAccount> TenantSession::Describe(identity::TokenSet tokens, const std::string& upn_hint) {
  SignedInAccount account;
  account.access_token = tokens.access.value;
  account.refresh_token = tokens.refresh_token;
  account.scopes = SplitScopes(tokens.scope);
  std::optional<TokenClaims> claims = ReadTokenClaims(tokens.access.value);
  if (claims) account.upn = claims->upn;
  if (account.upn.empty() && tokens.id_token) {
    if (std::optional<identity::IdTokenClaims> id = identity::ReadIdTokenClaims(*tokens.id_token)) {
      account.upn = id->preferred_username;
    }
  }
  Directory directory = DelegatedDirectory(account.access_token);
  if (account.upn.empty()) {
    Result<std::string> me = directory.MyUpn();
    account.upn = me.ok() && !me->empty() ? *me : upn_hint;
  }
  if (claims && claims->wids) {
    for (const std::string& id : *claims->wids) {
      if (rules::HasRole({DirectoryRole{id, ""}}, kDefaultUserRole)) continue;
      account.roles.push_back({id, DirectoryRoleName(id)});
    }
  } else {
    ARK_ASSIGN_OR_RETURN(account.roles, directory.MyDirectoryRoles());
  }
  return account;
}

Result<GrantResult> TenantSession::GrantPermissions(const SignedInAccount& account,
                                                    const std::vector<std::string>& permissions,
                                                    const std::string& app_id) {
  ARK_RETURN_IF_ERROR(rules::CheckCanGrantPermissions(account.upn, account.roles));
  Directory directory = DelegatedDirectory(account.access_token);
  ARK_ASSIGN_OR_RETURN(ServicePrincipal app, directory.ServicePrincipalOf(app_id.empty() ? app_id_ : app_id));
  ARK_ASSIGN_OR_RETURN(ServicePrincipal graph, directory.ServicePrincipalOf(kGraphAppId));
  ARK_ASSIGN_OR_RETURN(std::set<std::string> held, directory.GrantedAppRoles(app, graph));
  std::set<std::string> offered;
  for (const auto& [value, id] : graph.app_roles) offered.insert(value);
  GrantResult result;
  for (const std::string& p : permissions) {
    if (MissingPermissions({p}, held).empty()) continue;
    std::optional<std::string> grant = GrantablePermission(p, offered);
    if (!grant) {
      result.unavailable.push_back(p);
      continue;
    }
    if (!held.contains(*grant)) {
      Status s = directory.AssignAppRole(app, graph, *grant);
      if (!s.ok()) return s.Context("granting " + *grant + " to " + app.display_name + " as " + account.upn);
      held.insert(*grant);
    }
    result.granted.push_back(*grant == p ? p : *grant + " (for " + p + ")");
  }
  return result;
}

identity::AuthorizationRequest TenantSession::BeginSignIn(const std::vector<std::string>& scopes,
                                                          const std::string& redirect_uri,
                                                          std::optional<std::string> login_hint,
                                                          std::string prompt) {
  identity::AuthorizationOptions options;
  options.client_id = app_id_;
  options.redirect_uri = redirect_uri;
  options.scopes = scopes;
  options.login_hint = std::move(login_hint);
  options.prompt = std::move(prompt);
  return identity::BeginAuthorization(tokens_->authority(), options);
}

Result<SignedInAccount> TenantSession::FinishSignIn(const identity::AuthorizationRequest& request,
                                                    std::string_view pasted,
                                                    const std::vector<std::string>& scopes) {
  ARK_ASSIGN_OR_RETURN(Secret code, identity::ReadPastedAuthorizationResponse(pasted, request.state));
  ARK_ASSIGN_OR_RETURN(identity::TokenSet tokens, tokens_->RedeemCode(code, request, scopes));
  return Describe(std::move(tokens), "");
}

Result<identity::DeviceCode> TenantSession::StartDeviceCode(const std::vector<std::string>& scopes) {
  return tokens_->StartDeviceCode(scopes);
}

Result<SignedInAccount> TenantSession::FinishDeviceCode(identity::DeviceCode& code) {
  ARK_ASSIGN_OR_RETURN(identity::TokenSet tokens, tokens_->WaitForDeviceCode(code));
  return Describe(std::move(tokens), "");
}

}  // namespace ark::org
