// `ark365 org add|test|set-credentials`: the add-organization wizard of seed 001 and its checks, against the
// tenant.
#include "cli/org_flows.h"

#include <sys/stat.h>

#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

#include "cli/org_support.h"
#include "cli/org_view.h"
#include "cli/prompt.h"
#include "cli/sign_in.h"
#include "cli/step_report.h"
#include "http/http_options.h"
#include "org/app_credentials.h"
#include "org/backup_sets.h"
#include "org/cert_store.h"
#include "org/rules.h"
#include "org/tenant_session.h"

namespace ark::cli {
namespace {

// The flags of one set of credentials; the "separate" ones carry a prefix.
struct CredentialFlags {
  std::optional<std::string> app_id;
  std::optional<std::string> secret_file;
  std::optional<std::string> secret_expires;
  std::optional<std::string> certificate;
  std::optional<std::string> certificate_password_file;
  std::optional<std::string> username;
  std::optional<std::string> password_file;
};

void AddCredentialFlags(CLI::App* cmd, CredentialFlags& f, const std::string& prefix,
                        const std::string& what) {
  cmd->add_option("--" + prefix + "app-id", f.app_id, "Application (client) ID of " + what);
  cmd->add_option("--" + prefix + "app-secret-file", f.secret_file,
                  "File holding the application secret of " + what);
  cmd->add_option("--" + prefix + "secret-expires", f.secret_expires,
                  "When that secret expires (YYYY-MM-DD), for the expiry warnings");
  cmd->add_option("--" + prefix + "certificate", f.certificate,
                  "Thumbprint of an installed certificate, or a PFX/PEM file to install, for " + what);
  cmd->add_option("--" + prefix + "certificate-password-file", f.certificate_password_file,
                  "File holding the password of that PFX/PEM file");
  cmd->add_option("--" + prefix + "username", f.username, "Exchange account (user@domain.com) for " + what);
  cmd->add_option("--" + prefix + "app-password-file", f.password_file,
                  "File holding that account's app password");
}

struct AccountInput {
  std::string upn;
  Secret password;
};

// What the administrator gave for one credential profile.
struct ProfileInput {
  org::AppCredentialInput app;
  std::optional<AccountInput> account;
};

Result<std::optional<SystemTime>> ParseExpiry(const std::optional<std::string>& text) {
  if (!text) return std::optional<SystemTime>();
  std::optional<SystemTime> t = ParseRfc3339(text->size() == 10 ? *text + "T00:00:00Z" : *text);
  if (!t) return InvalidArgument("the secret expiry '" + *text + "' is not a date; write YYYY-MM-DD");
  return t;
}

// A certificate given as a thumbprint of the store, or as a file to install first.
Result<std::string> ResolveCertificate(CommandContext& ctx, org::ConfigStore& store, org::Vault& vault,
                                       const std::string& spec,
                                       const std::optional<std::string>& password_file) {
  struct stat st {};
  std::string sha1;
  if (::stat(spec.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    std::optional<Secret> password;
    if (password_file) {
      ARK_ASSIGN_OR_RETURN(password, ReadSecretFile(ctx, *password_file, "certificate password"));
    }
    ARK_ASSIGN_OR_RETURN(org::CertificateBundle bundle, org::ReadCertificateFile(spec, password));
    ARK_ASSIGN_OR_RETURN(org::ImportResult imported,
                         org::ImportCertificate(store, vault, bundle, std::chrono::system_clock::now()));
    sha1 = imported.certificate.sha1;
  } else {
    ARK_ASSIGN_OR_RETURN(org::StoredCertificate found, org::FindCertificate(store, spec));
    sha1 = found.sha1;
  }
  ARK_ASSIGN_OR_RETURN(org::StoredCertificate cert, store.GetCertificate(sha1));
  ARK_ASSIGN_OR_RETURN(std::optional<std::string> warning,
                       org::CertificateWarning(cert, std::chrono::system_clock::now()));
  if (warning) ctx.out().Warning(*warning);
  return sha1;
}

// Step 1: the Application ID and either a secret or a certificate (flags, or questions on a terminal).
Result<org::AppCredentialInput> GatherAppCredential(CommandContext& ctx, Prompter& ask,
                                                    org::ConfigStore& store, org::Vault& vault,
                                                    const CredentialFlags& f, const std::string& prefix) {
  org::AppCredentialInput in;
  if (f.app_id) {
    ARK_RETURN_IF_ERROR(org::rules::CheckApplicationId(*f.app_id));
    in.app_id = *f.app_id;
  } else if (ask.enabled()) {
    ARK_ASSIGN_OR_RETURN(in.app_id, ask.Ask("Application ID", [](const std::string& a) {
      return org::rules::CheckApplicationId(a);
    }));
  } else {
    return InvalidArgument("--" + prefix +
                           "app-id is required (the Application (client) ID of the app registration)");
  }
  bool has_secret = f.secret_file.has_value();
  bool has_certificate = f.certificate.has_value();
  if (!has_secret && !has_certificate && ask.enabled()) {
    ARK_ASSIGN_OR_RETURN(std::string kind, ask.Ask(
                                               "Authenticate the application with a secret or a certificate",
                                               [](const std::string& a) {
                                                 return a == "secret" || a == "certificate"
                                                            ? Status::Ok()
                                                            : InvalidArgument("answer secret or certificate");
                                               },
                                               std::string("secret")));
    if (kind == "secret") {
      ARK_ASSIGN_OR_RETURN(in.secret, ask.AskHidden("Application secret"));
      ARK_ASSIGN_OR_RETURN(std::string expires,
                           ask.Ask(
                               "Secret expires on (YYYY-MM-DD, empty if unknown)",
                               [](const std::string& a) {
                                 return ParseExpiry(a.empty() ? std::nullopt : std::optional(a)).status();
                               },
                               std::string()));
      if (!expires.empty()) {
        ARK_ASSIGN_OR_RETURN(in.secret_expires, ParseExpiry(expires));
      }
      return in;
    }
    ARK_ASSIGN_OR_RETURN(std::string spec,
                         ask.Ask("Certificate thumbprint (installed with `ark365 cert import`) or a "
                                 "PFX/PEM file to install",
                                 [](const std::string& a) {
                                   return a.empty() ? InvalidArgument("give a thumbprint or a file")
                                                    : Status::Ok();
                                 }));
    ARK_ASSIGN_OR_RETURN(in.certificate,
                         ResolveCertificate(ctx, store, vault, spec, f.certificate_password_file));
    return in;
  }
  ARK_RETURN_IF_ERROR(org::rules::CheckOneAppCredential(has_secret, has_certificate)
                          .Context("--" + prefix + "app-secret-file or --" + prefix + "certificate"));
  if (has_secret) {
    ARK_ASSIGN_OR_RETURN(in.secret, ReadSecretFile(ctx, *f.secret_file, "application secret"));
    ARK_ASSIGN_OR_RETURN(in.secret_expires, ParseExpiry(f.secret_expires));
  } else {
    ARK_ASSIGN_OR_RETURN(in.certificate,
                         ResolveCertificate(ctx, store, vault, *f.certificate, f.certificate_password_file));
  }
  return in;
}

// Step 4's input: the Exchange account and its app password, when one is wanted.
Result<std::optional<AccountInput>> GatherAccount(CommandContext& ctx, Prompter& ask,
                                                  const CredentialFlags& f, const std::string& prefix) {
  if (f.username) {
    ARK_RETURN_IF_ERROR(org::rules::CheckAccountName(*f.username));
    if (!f.password_file) {
      if (!ask.enabled())
        return InvalidArgument("--" + prefix + "username needs --" + prefix + "app-password-file");
      ARK_ASSIGN_OR_RETURN(Secret pw, ask.AskHidden("App password of " + *f.username));
      return std::optional<AccountInput>(AccountInput{*f.username, std::move(pw)});
    }
    ARK_ASSIGN_OR_RETURN(Secret pw, ReadSecretFile(ctx, *f.password_file, "app password"));
    return std::optional<AccountInput>(AccountInput{*f.username, std::move(pw)});
  }
  if (f.password_file)
    return InvalidArgument("--" + prefix + "app-password-file needs --" + prefix + "username");
  if (!ask.enabled()) return std::optional<AccountInput>();
  ask.Say(
      "An Exchange account (user@domain.com or user@domain.onmicrosoft.com) signs in with its app password "
      "to "
      "grant permissions and for Basic backup sets. Only accounts without MFA can do that.");
  ARK_ASSIGN_OR_RETURN(
      std::string upn,
      ask.Ask(
          "Exchange account (empty to skip)",
          [](const std::string& a) { return a.empty() ? Status::Ok() : org::rules::CheckAccountName(a); },
          std::string()));
  if (upn.empty()) return std::optional<AccountInput>();
  ARK_ASSIGN_OR_RETURN(Secret pw, ask.AskHidden("App password of " + upn));
  return std::optional<AccountInput>(AccountInput{upn, std::move(pw)});
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// Steps 2 and 3 for one credential profile; the session stays open for steps 4 and 5.
struct Checked {
  std::unique_ptr<org::TenantSession> session;
  org::TenantDetails tenant;
  org::PermissionCheck permissions;
};

Result<Checked> VerifyAndCheck(CommandContext& ctx, const org::Organization& draft, const std::string& app_id,
                               identity::ClientCredential credential, const org::ServiceSet& services,
                               StepReport& report, int first_step) {
  Checked c;
  report.Begin(first_step, "Sign-in test: an app-only token, then the tenant's details");
  ARK_ASSIGN_OR_RETURN(c.session, org::TenantSession::Open(draft, app_id, std::move(credential),
                                                           http::HttpOptionsFromConfig(ctx.config())));
  ARK_ASSIGN_OR_RETURN(c.tenant, c.session->VerifyApplication());
  report.Data("tenant_id", c.tenant.id);
  report.Data("display_name", c.tenant.display_name);
  report.Data("default_domain", c.tenant.default_domain);
  if (c.tenant.display_name.empty()) {
    report.End("warning", "the credentials work (tenant " + c.tenant.id +
                              "), but the application may not read the organization yet");
  } else {
    report.End("ok", "signed in to " + c.tenant.display_name + " (" + c.tenant.default_domain + ", " +
                         c.tenant.id + ")");
  }
  report.Begin(first_step + 1, "Application permissions for " + org::JoinServices(services));
  ARK_ASSIGN_OR_RETURN(c.permissions, c.session->CheckPermissions(services));
  std::vector<std::string> missing = c.permissions.MissingRequired();
  report.Data("granted",
              std::vector<std::string>(c.permissions.granted.begin(), c.permissions.granted.end()));
  report.Data("missing", missing);
  report.Data("missing_optional", c.permissions.missing_optional);
  if (c.permissions.from_token)
    report.Detail("read from the application's token (it may not read its own service principal)");
  if (!c.permissions.missing_backup.empty())
    report.Detail("missing for backup: " + Join(c.permissions.missing_backup));
  if (!c.permissions.missing_restore.empty()) {
    report.Detail("missing for restore: " + Join(c.permissions.missing_restore));
  }
  if (!c.permissions.missing_optional.empty()) {
    report.Detail("optional, missing (archive mailboxes will be skipped): " +
                  Join(c.permissions.missing_optional));
  }
  if (missing.empty()) {
    report.End("ok", "every permission the selected services need is granted");
  } else {
    report.End("warning", std::to_string(missing.size()) + " permission(s) missing; see docs/permissions.md");
  }
  return c;
}

bool SameUpn(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// A token of `account` that may assign app roles: by password when the
// sign-in application was consented for it, else by one interactive consent.
Result<org::SignedInAccount> GrantingSignIn(org::TenantSession& sign_in,
                                            const org::Organization& organization,
                                            const AccountInput& account) {
  std::vector<std::string> scopes = org::SignInScopes(org::GrantDelegatedScopes(), /*offline_access=*/false);
  Result<org::SignedInAccount> by_password =
      sign_in.SignInWithPassword(account.upn, account.password, scopes);
  if (by_password.ok() || !org::NeedsConsent(by_password.status())) return by_password;
  InteractiveSignInOptions consent;
  consent.scopes = scopes;
  consent.who = account.upn;
  consent.login_hint = account.upn;
  consent.prompt = "consent";
  consent.why = "Granting needs " + account.upn + " to consent once to the application " + sign_in.app_id() +
                " reading service principals and assigning app roles (Application.Read.All, "
                "AppRoleAssignment.ReadWrite.All); an administrator can tick 'Consent on behalf of your "
                "organization' so that later grants need no browser.";
  ARK_ASSIGN_OR_RETURN(org::SignedInAccount who, InteractiveSignIn(sign_in, organization, consent));
  if (!SameUpn(who.upn, account.upn)) {
    return Unauthenticated("signed in as " + who.upn + " instead of " + account.upn + "; sign out of " +
                           who.upn + " in the browser and try again");
  }
  return who;
}

// Steps 4 and 5 for one profile: sign the account in through the sign-in
// application (by password: non-MFA accounts only); when asked to, grant the
// missing permissions to the profile's application.
Result<std::optional<org::SignedInAccount>> AccountAndGrant(Prompter& ask, org::TenantSession& sign_in,
                                                            const org::Organization& organization,
                                                            Checked& checked,
                                                            const std::optional<AccountInput>& account,
                                                            bool grant_flag, const org::ServiceSet& services,
                                                            StepReport& report, int first_step) {
  std::optional<org::SignedInAccount> signed_in;
  report.Begin(first_step, "Exchange account (username and app password)");
  if (!account) {
    report.End("skipped", "no account given");
  } else {
    ARK_ASSIGN_OR_RETURN(
        org::SignedInAccount a,
        sign_in.SignInWithPassword(account->upn, account->password,
                                   org::SignInScopes({"User.Read"}, /*offline_access=*/false)));
    std::vector<std::string> roles;
    for (const org::DirectoryRole& r : a.roles) roles.push_back(r.display_name);
    report.Data("upn", a.upn);
    report.Data("roles", roles);
    report.End("ok",
               a.upn + " signed in (roles: " + (roles.empty() ? std::string("none") : Join(roles)) + ")");
    signed_in = std::move(a);
  }

  report.Begin(first_step + 1, "Grant this account required roles and permissions");
  std::vector<std::string> missing = checked.permissions.MissingRequired();
  for (const std::string& p : checked.permissions.missing_optional) missing.push_back(p);
  bool grant = grant_flag;
  if (!grant && ask.enabled() && signed_in && !missing.empty()) {
    ARK_ASSIGN_OR_RETURN(
        grant, ask.AskYesNo(
                   "Grant the missing permissions (" + Join(missing) + ") as " + signed_in->upn + "?", true));
  }
  if (!grant) {
    report.End("skipped", missing.empty() ? "nothing to grant" : "not asked to grant");
    return signed_in;
  }
  if (!signed_in) {
    return InvalidArgument(
        "granting roles and permissions signs in with the Exchange account; give --username and "
        "--app-password-file");
  }
  // The seed's rule first: only an account allowed to grant may try.
  ARK_RETURN_IF_ERROR(org::rules::CheckCanGrantPermissions(signed_in->upn, signed_in->roles));
  if (missing.empty()) {
    report.End("ok", "nothing to grant: every permission is already granted");
    return signed_in;
  }
  ARK_ASSIGN_OR_RETURN(org::SignedInAccount granter, GrantingSignIn(sign_in, organization, *account));
  granter.roles = signed_in->roles;
  ARK_ASSIGN_OR_RETURN(org::GrantResult granted,
                       sign_in.GrantPermissions(granter, missing, checked.session->app_id()));
  for (const std::string& g : granted.granted) report.Detail("granted " + g);
  for (const std::string& u : granted.unavailable) report.Detail("not offered by Microsoft Graph: " + u);
  report.Data("granted", granted.granted);
  report.Data("unavailable", granted.unavailable);
  // The new grants show in a fresh check.
  ARK_ASSIGN_OR_RETURN(checked.permissions, checked.session->CheckPermissions(services));
  std::vector<std::string> still = checked.permissions.MissingRequired();
  if (still.empty()) {
    report.End("ok", "granted " + std::to_string(granted.granted.size()) + " permission(s)");
  } else {
    report.End("warning", "still missing: " + Join(still));
  }
  return signed_in;
}

// Seals an account's app password and records what the sign-in learnt.
Status SaveAccount(org::ConfigStore& store, org::Vault& vault, int64_t org_id, const AccountInput& input,
                   const std::optional<org::SignedInAccount>& signed_in) {
  ARK_ASSIGN_OR_RETURN(std::optional<org::Account> found, store.FindAccount(org_id, input.upn));
  org::Account a = found.value_or(org::Account{});
  a.org_id = org_id;
  a.upn = input.upn;
  ARK_ASSIGN_OR_RETURN(a.password_secret_id, vault.Put("app-password", input.password));
  if (signed_in) {
    a.mfa_required = false;
    a.roles = signed_in->roles;
    a.checked_at = std::chrono::system_clock::now();
  }
  return store.PutAccount(a);
}

struct AddOptions {
  std::optional<std::string> name;
  std::optional<std::string> tenant;
  std::optional<std::string> services;
  CredentialFlags primary;
  CredentialFlags separate;
  bool grant_roles = false;
  bool same_credentials = false;
  bool separate_credentials = false;
  std::optional<std::string> authority_host;
  std::optional<std::string> graph_base;
  std::optional<std::string> ca_file;
  std::optional<std::string> sign_in_app_id;
  std::optional<std::string> redirect_uri;
};

Status CheckEndpoints(const org::CloudEndpoints& e) {
  ARK_RETURN_IF_ERROR(org::rules::CheckHttpsUrl("the authority host", e.authority_host));
  ARK_RETURN_IF_ERROR(org::rules::CheckHttpsUrl("the Graph base URL", e.graph_base));
  if (e.ca_file) {
    struct stat st {};
    if (::stat(e.ca_file->c_str(), &st) != 0) {
      return InvalidArgument("the CA file " + *e.ca_file +
                             " does not exist; give a PEM bundle of trusted CAs");
    }
  }
  return Status::Ok();
}

ExitCode Add(CommandContext& ctx, const AddOptions& o) {
  Prompter ask(!ctx.out().json() && Prompter::StdinIsTerminal());
  StepReport report(ctx.out(), 6);
  bool partial = false;
  nlohmann::ordered_json result;
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *store));
    org::Organization draft;
    auto check_name = [&](const std::string& n) -> Status {
      ARK_RETURN_IF_ERROR(org::rules::CheckName("organization", n));
      if (store->GetOrganization(n).ok()) {
        return AlreadyExists("an organization named '" + n + "' already exists; `ark365 org show " + n +
                             "` shows it");
      }
      return Status::Ok();
    };
    if (o.name) {
      ARK_RETURN_IF_ERROR(check_name(*o.name));
      draft.name = *o.name;
    } else if (ask.enabled()) {
      ask.Say(
          "Add a Microsoft 365 organization (the Entra ID application's credentials, as in the Add "
          "Organization "
          "wizard).");
      ARK_ASSIGN_OR_RETURN(draft.name, ask.Ask("Name for this organization in Ark365", check_name));
    } else {
      return InvalidArgument("give the organization a name: ark365 org add NAME --tenant ... --app-id ...");
    }
    if (o.tenant) {
      ARK_RETURN_IF_ERROR(org::rules::CheckTenant(*o.tenant));
      draft.tenant = *o.tenant;
    } else if (ask.enabled()) {
      ARK_ASSIGN_OR_RETURN(draft.tenant,
                           ask.Ask("Tenant (Directory ID or contoso.onmicrosoft.com)",
                                   [](const std::string& t) { return org::rules::CheckTenant(t); }));
    } else {
      return InvalidArgument("--tenant is required (the Directory (tenant) ID or a verified domain)");
    }
    draft.endpoints.authority_host = o.authority_host.value_or(ctx.config().microsoft.authority_host);
    draft.endpoints.graph_base = o.graph_base.value_or(ctx.config().microsoft.graph_base);
    draft.endpoints.ca_file = o.ca_file ? o.ca_file : ctx.config().network.ca_file;
    ARK_RETURN_IF_ERROR(CheckEndpoints(draft.endpoints));
    std::string services = o.services.value_or("exchange,sharepoint,onedrive,teams");
    if (!o.services && ask.enabled()) {
      ARK_ASSIGN_OR_RETURN(
          services,
          ask.Ask(
              "Services to protect",
              [](const std::string& list) { return org::ParseServiceList(list).status(); }, services));
    }
    ARK_ASSIGN_OR_RETURN(draft.services, org::ParseServiceList(services));
    ARK_RETURN_IF_ERROR(org::rules::CheckServices(draft.services));
    if (o.sign_in_app_id) {
      ARK_RETURN_IF_ERROR(org::rules::CheckApplicationId(*o.sign_in_app_id).Context("--sign-in-app-id"));
      draft.sign_in_app_id = *o.sign_in_app_id;
    }
    if (o.redirect_uri) draft.redirect_uri = *o.redirect_uri;
    if (o.same_credentials && o.separate_credentials) {
      return InvalidArgument("--same-credentials and --separate-credentials exclude each other");
    }
    std::optional<bool> same_choice;
    if (o.same_credentials) same_choice = true;
    if (o.separate_credentials) same_choice = false;
    ARK_RETURN_IF_ERROR(org::rules::CheckSameCredentialsChoice(draft.services, same_choice));

    report.Begin(1, "Application ID and credential");
    ARK_ASSIGN_OR_RETURN(org::AppCredentialInput primary,
                         GatherAppCredential(ctx, ask, *store, vault, o.primary, ""));
    report.Data("app_id", primary.app_id);
    report.End("ok", "application " + primary.app_id + " with " +
                         (primary.secret ? std::string("an application secret")
                                         : "the certificate " + primary.certificate.value_or("")));

    ARK_ASSIGN_OR_RETURN(identity::ClientCredential credential,
                         org::ClientCredentialOf(*store, vault, primary));
    ARK_ASSIGN_OR_RETURN(Checked checked, VerifyAndCheck(ctx, draft, primary.app_id, std::move(credential),
                                                         draft.services, report, 2));
    draft.tenant_id = checked.tenant.id;
    draft.display_name = checked.tenant.display_name;
    draft.default_domain = checked.tenant.default_domain;

    ARK_ASSIGN_OR_RETURN(std::optional<AccountInput> account, GatherAccount(ctx, ask, o.primary, ""));
    // Delegated sign-ins go through the sign-in application: the primary one
    // (with its credential) unless another, public one was named.
    std::string sign_in_app = draft.sign_in_app_id.empty() ? primary.app_id : draft.sign_in_app_id;
    identity::ClientCredential sign_in_credential = identity::ClientCredential(std::monostate());
    if (SameUpn(sign_in_app, primary.app_id)) {
      ARK_ASSIGN_OR_RETURN(sign_in_credential, org::ClientCredentialOf(*store, vault, primary));
    }
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::TenantSession> sign_in,
                         org::TenantSession::Open(draft, sign_in_app, std::move(sign_in_credential),
                                                  http::HttpOptionsFromConfig(ctx.config())));
    ARK_ASSIGN_OR_RETURN(
        std::optional<org::SignedInAccount> signed_in,
        AccountAndGrant(ask, *sign_in, draft, checked, account, o.grant_roles, draft.services, report, 4));
    std::vector<std::string> missing = checked.permissions.MissingRequired();

    report.Begin(6, "Same credentials for SharePoint Online, OneDrive for Business and Microsoft Teams");
    std::optional<ProfileInput> separate;
    if (!org::rules::SameCredentialsChoiceOffered(draft.services)) {
      report.End("skipped", "offered only when SharePoint, OneDrive or Teams are selected");
      draft.same_credentials = true;
    } else {
      bool same = same_choice.value_or(true);
      if (!same_choice && ask.enabled()) {
        ARK_ASSIGN_OR_RETURN(same,
                             ask.AskYesNo("Use the same credentials for SharePoint Online, OneDrive for "
                                          "Business and Microsoft Teams?",
                                          true));
      }
      draft.same_credentials = same;
      if (same) {
        report.End("ok", "the same credentials serve every service");
      } else {
        report.End("ok", "separate credentials for SharePoint, OneDrive and Teams (next steps)");
        org::ServiceSet others;
        for (org::Service sv : draft.services) {
          if (sv != org::Service::kExchange) others.insert(sv);
        }
        StepReport extra(ctx.out(), 4);
        ctx.out().Text("Specify SharePoint Online, OneDrive for Business and Microsoft Teams credentials");
        extra.Begin(1, "Application ID and credential (SharePoint, OneDrive, Teams)");
        ProfileInput in;
        ARK_ASSIGN_OR_RETURN(in.app, GatherAppCredential(ctx, ask, *store, vault, o.separate, "separate-"));
        extra.End("ok", "application " + in.app.app_id);
        ARK_ASSIGN_OR_RETURN(identity::ClientCredential c2, org::ClientCredentialOf(*store, vault, in.app));
        ARK_ASSIGN_OR_RETURN(Checked second,
                             VerifyAndCheck(ctx, draft, in.app.app_id, std::move(c2), others, extra, 2));
        ARK_ASSIGN_OR_RETURN(in.account, GatherAccount(ctx, ask, o.separate, "separate-"));
        extra.Begin(4, "Account (SharePoint, OneDrive, Teams)");
        if (in.account) {
          ARK_ASSIGN_OR_RETURN(org::SignedInAccount a2,
                               second.session->SignInWithPassword(in.account->upn, in.account->password,
                                                                  org::SignInScopes({"User.Read"}, false)));
          extra.End("ok", a2.upn + " signed in");
        } else {
          extra.End("skipped", "no account given");
        }
        for (const std::string& m : second.permissions.MissingRequired()) missing.push_back(m);
        separate = std::move(in);
        result["separate_steps"] = extra.steps();
      }
    }

    // Save: seal the credentials and write the organization in one transaction.
    draft.verified_at = std::chrono::system_clock::now();
    draft.missing_permissions = missing;
    draft.created_at = draft.updated_at = *draft.verified_at;
    Status saved = store->Transaction([&]() -> Status {
      org::CredentialProfile p;
      p.name = std::string(org::kPrimaryProfile);
      ARK_ASSIGN_OR_RETURN(p.app, org::SealAppCredential(vault, primary));
      if (account) p.account = account->upn;
      p.services = draft.services;
      if (separate) {
        p.services = draft.services.contains(org::Service::kExchange)
                         ? org::ServiceSet{org::Service::kExchange}
                         : org::ServiceSet{};
      }
      draft.profiles.push_back(p);
      if (separate) {
        org::CredentialProfile q;
        q.name = std::string(org::kSeparateProfile);
        ARK_ASSIGN_OR_RETURN(q.app, org::SealAppCredential(vault, separate->app));
        if (separate->account) q.account = separate->account->upn;
        for (org::Service sv : draft.services) {
          if (sv != org::Service::kExchange) q.services.insert(sv);
        }
        draft.profiles.push_back(q);
      }
      ARK_RETURN_IF_ERROR(store->CreateOrganization(draft));
      if (account) ARK_RETURN_IF_ERROR(SaveAccount(*store, vault, draft.id, *account, signed_in));
      if (separate && separate->account) {
        ARK_RETURN_IF_ERROR(SaveAccount(*store, vault, draft.id, *separate->account, std::nullopt));
      }
      return Status::Ok();
    });
    ARK_RETURN_IF_ERROR(saved);
    ARK_ASSIGN_OR_RETURN(OrganizationView view, ViewOrganization(*store, draft));
    for (const std::string& w : view.warnings) ctx.out().Warning(w);
    partial = !missing.empty();
    ctx.out().Text("added organization " + draft.name + (partial ? " (with missing permissions)" : ""));
    result["organization"] = view.json;
    result["steps"] = report.steps();
    return Status::Ok();
  }();
  if (!s.ok()) return Finish(ctx, s);
  ctx.out().Json(result);
  return partial ? ExitCode::kPartial : ExitCode::kSuccess;
}

struct TestOptions {
  std::string name;
  bool grant_roles = false;
};

ExitCode Test(CommandContext& ctx, const TestOptions& o) {
  Prompter ask(false);
  StepReport report(ctx.out(), 4);
  bool partial = false;
  nlohmann::ordered_json result;
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *store));
    ARK_ASSIGN_OR_RETURN(org::Organization organization, store->GetOrganization(o.name));
    std::vector<std::string> missing;
    nlohmann::ordered_json profiles = nlohmann::ordered_json::array();
    for (const org::CredentialProfile& p : organization.profiles) {
      ctx.out().Text("Credentials '" + p.name + "' (" + org::JoinServices(p.services) + ")");
      StepReport steps(ctx.out(), 4);
      ARK_ASSIGN_OR_RETURN(identity::ClientCredential credential,
                           org::ClientCredentialOf(*store, vault, p.app));
      ARK_ASSIGN_OR_RETURN(Checked checked, VerifyAndCheck(ctx, organization, p.app.app_id,
                                                           std::move(credential), p.services, steps, 1));
      if (!checked.tenant.id.empty()) organization.tenant_id = checked.tenant.id;
      if (!checked.tenant.display_name.empty()) {
        organization.display_name = checked.tenant.display_name;
        organization.default_domain = checked.tenant.default_domain;
      }
      std::optional<AccountInput> account;
      if (o.grant_roles) {
        if (!p.account) {
          return InvalidArgument(
              "--grant-roles signs in with the Exchange account of the organization, and '" + p.name +
              "' has none; add one with `ark365 org set-credentials " + organization.name +
              " --username UPN --app-password-file FILE`");
        }
        ARK_ASSIGN_OR_RETURN(std::optional<org::Account> stored,
                             store->FindAccount(organization.id, *p.account));
        if (!stored || !stored->password_secret_id) {
          return FailedPrecondition("the app password of " + *p.account +
                                    " is not stored; set it with `ark365 org "
                                    "set-credentials`");
        }
        ARK_ASSIGN_OR_RETURN(Secret pw, vault.Get(*stored->password_secret_id));
        account = AccountInput{*p.account, std::move(pw)};
      }
      ARK_ASSIGN_OR_RETURN(identity::ClientCredential sign_in_credential,
                           org::SignInCredentialOf(*store, vault, organization));
      ARK_ASSIGN_OR_RETURN(
          std::unique_ptr<org::TenantSession> sign_in,
          org::TenantSession::Open(organization, organization.EffectiveSignInAppId(),
                                   std::move(sign_in_credential), http::HttpOptionsFromConfig(ctx.config())));
      ARK_ASSIGN_OR_RETURN(std::optional<org::SignedInAccount> signed_in,
                           AccountAndGrant(ask, *sign_in, organization, checked, account, o.grant_roles,
                                           p.services, steps, 3));
      if (signed_in) {
        ARK_ASSIGN_OR_RETURN(std::optional<org::Account> stored,
                             store->FindAccount(organization.id, signed_in->upn));
        if (stored) {
          stored->roles = signed_in->roles;
          stored->mfa_required = false;
          stored->checked_at = std::chrono::system_clock::now();
          ARK_RETURN_IF_ERROR(store->PutAccount(*stored));
        }
      }
      for (const std::string& m : checked.permissions.MissingRequired()) missing.push_back(m);
      profiles.push_back({{"profile", p.name}, {"steps", steps.steps()}});
    }
    organization.verified_at = std::chrono::system_clock::now();
    organization.missing_permissions = missing;
    organization.updated_at = *organization.verified_at;
    ARK_RETURN_IF_ERROR(store->UpdateOrganization(organization));
    ARK_ASSIGN_OR_RETURN(OrganizationView view, ViewOrganization(*store, organization));
    for (const std::string& w : view.warnings) ctx.out().Warning(w);
    partial = !missing.empty();
    ctx.out().Text(organization.name + (partial ? ": permissions are missing" : ": everything works"));
    result["organization"] = view.json;
    result["profiles"] = profiles;
    return Status::Ok();
  }();
  if (!s.ok()) return Finish(ctx, s);
  ctx.out().Json(result);
  return partial ? ExitCode::kPartial : ExitCode::kSuccess;
}

struct SetCredentialsOptions {
  std::string name;
  std::string profile = std::string(org::kPrimaryProfile);
  CredentialFlags flags;
};

ExitCode SetCredentials(CommandContext& ctx, const SetCredentialsOptions& o) {
  Prompter ask(!ctx.out().json() && Prompter::StdinIsTerminal());
  StepReport report(ctx.out(), 2);
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *store));
    ARK_ASSIGN_OR_RETURN(org::Organization organization, store->GetOrganization(o.name));
    if (o.profile != org::kPrimaryProfile && o.profile != org::kSeparateProfile) {
      return InvalidArgument("--profile is primary or separate");
    }
    org::CredentialProfile* profile = nullptr;
    for (org::CredentialProfile& p : organization.profiles) {
      if (p.name == o.profile) profile = &p;
    }
    if (profile == nullptr) {
      if (!org::rules::SameCredentialsChoiceOffered(organization.services)) {
        return org::rules::CheckSameCredentialsChoice(organization.services, false);
      }
      org::CredentialProfile created;
      created.name = o.profile;
      for (org::Service sv : organization.services) {
        if (sv != org::Service::kExchange) created.services.insert(sv);
      }
      organization.profiles.front().services.clear();
      if (organization.services.contains(org::Service::kExchange)) {
        organization.profiles.front().services.insert(org::Service::kExchange);
      }
      organization.profiles.push_back(created);
      organization.same_credentials = false;
      profile = &organization.profiles.back();
    }
    // The application credential, when one is given (else the stored one stays).
    bool new_app =
        o.flags.app_id || o.flags.secret_file || o.flags.certificate || profile->app.app_id.empty();
    std::optional<org::AppCredentialInput> input;
    if (new_app) {
      CredentialFlags f = o.flags;
      if (!f.app_id && !profile->app.app_id.empty()) f.app_id = profile->app.app_id;
      report.Begin(1, "Application ID and credential");
      ARK_ASSIGN_OR_RETURN(input, GatherAppCredential(ctx, ask, *store, vault, f, ""));
      report.End("ok", "application " + input->app_id);
      ARK_ASSIGN_OR_RETURN(identity::ClientCredential credential,
                           org::ClientCredentialOf(*store, vault, *input));
      report.Begin(2, "Sign-in test");
      ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::TenantSession> session,
                           org::TenantSession::Open(organization, input->app_id, std::move(credential),
                                                    http::HttpOptionsFromConfig(ctx.config())));
      ARK_ASSIGN_OR_RETURN(org::TenantDetails tenant, session->VerifyApplication());
      report.End("ok", "the new credentials sign in to tenant " + tenant.id);
    }
    Prompter no_questions(false);  // an account is changed only when its flags are given
    ARK_ASSIGN_OR_RETURN(std::optional<AccountInput> account, GatherAccount(ctx, no_questions, o.flags, ""));
    Status saved = store->Transaction([&]() -> Status {
      if (input) {
        ARK_ASSIGN_OR_RETURN(profile->app, org::SealAppCredential(vault, *input));
      }
      if (account) {
        profile->account = account->upn;
        ARK_RETURN_IF_ERROR(SaveAccount(*store, vault, organization.id, *account, std::nullopt));
      }
      organization.updated_at = std::chrono::system_clock::now();
      return store->UpdateOrganization(organization);
    });
    ARK_RETURN_IF_ERROR(saved);
    ctx.out().Text("updated the '" + o.profile + "' credentials of " + organization.name +
                   "; `ark365 org test " + organization.name + "` checks their permissions");
    ARK_ASSIGN_OR_RETURN(OrganizationView view, ViewOrganization(*store, organization));
    ctx.out().Json({{"organization", view.json}, {"steps", report.steps()}});
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

}  // namespace

void RegisterOrgAdd(CLI::App* org, CommandRunner& runner) {
  auto o = std::make_shared<AddOptions>();
  auto* add = org->add_subcommand(
      "add",
      "Add a Microsoft 365 organization: a wizard on a terminal, or flags for scripts (seed 001's 6 steps)");
  add->add_option("name", o->name, "Name of the organization in Ark365");
  add->add_option("--tenant", o->tenant,
                  "Directory (tenant) ID, or a verified domain (contoso.onmicrosoft.com)");
  add->add_option("--services", o->services,
                  "Comma-separated: exchange, sharepoint, onedrive, teams (default: all)");
  AddCredentialFlags(add, o->primary, "", "the application");
  add->add_flag("--grant-roles", o->grant_roles,
                "Grant the missing application permissions, signing in as the Exchange account");
  add->add_flag("--same-credentials", o->same_credentials,
                "Use the same credentials for SharePoint Online, OneDrive for Business and Microsoft Teams");
  add->add_flag("--separate-credentials", o->separate_credentials,
                "Give SharePoint, OneDrive and Teams their own credentials (--separate-app-id, ...)");
  AddCredentialFlags(add, o->separate, "separate-", "SharePoint, OneDrive and Teams");
  add->add_option("--authority-host", o->authority_host,
                  "Identity platform host (default https://login.microsoftonline.com)");
  add->add_option("--graph-base", o->graph_base,
                  "Microsoft Graph base URL (default https://graph.microsoft.com/v1.0)");
  add->add_option("--ca-file", o->ca_file,
                  "PEM bundle of trusted CAs for this organization (default: the system's)");
  add->add_option("--sign-in-app-id", o->sign_in_app_id,
                  "Application used for interactive sign-in (Hybrid/Modern); default: the application above");
  add->add_option(
      "--redirect-uri", o->redirect_uri,
      "Redirect URI of the sign-in application (default: <authority>/common/oauth2/nativeclient)");
  add->callback([&runner, o] { runner.Select([o](CommandContext& ctx) { return Add(ctx, *o); }); });
}

void RegisterOrgTest(CLI::App* org, CommandRunner& runner) {
  auto o = std::make_shared<TestOptions>();
  auto* test = org->add_subcommand("test", "Check the credentials and permissions of an organization again");
  test->add_option("name", o->name, "The organization")->required();
  test->add_flag("--grant-roles", o->grant_roles,
                 "Grant missing permissions with the stored Exchange account");
  test->callback([&runner, o] { runner.Select([o](CommandContext& ctx) { return Test(ctx, *o); }); });
}

void RegisterOrgSetCredentials(CLI::App* org, CommandRunner& runner) {
  auto o = std::make_shared<SetCredentialsOptions>();
  auto* cmd = org->add_subcommand(
      "set-credentials",
      "Replace an organization's application credential or Exchange account (checked first)");
  cmd->add_option("name", o->name, "The organization")->required();
  cmd->add_option("--profile", o->profile, "primary (default) or separate (SharePoint, OneDrive and Teams)");
  AddCredentialFlags(cmd, o->flags, "", "the application");
  cmd->callback(
      [&runner, o] { runner.Select([o](CommandContext& ctx) { return SetCredentials(ctx, *o); }); });
}

}  // namespace ark::cli
