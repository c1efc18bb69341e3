// `ark365 set migrate-auth SET... --to hybrid|modern`: select sets, Continue, Authorize, sign in, paste the
// code, Save.
//
// Seed 002 in the command line: the sign-in URL is printed (Authorize), the
// user signs in in any browser (with the MFA code if enforced) and pastes the
// authorization code, or the whole address of the page that shows it. The
// authorization is stored once per Office 365 account and reused by every
// backup set of that account: a second set migrates without a sign-in.
#include "cli/set_migrate.h"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/org_support.h"
#include "cli/prompt.h"
#include "cli/sign_in.h"
#include "http/http_options.h"
#include "org/app_credentials.h"
#include "org/permissions.h"
#include "org/rules.h"
#include "org/tenant_session.h"

namespace ark::cli {
namespace {

struct MigrateOptions {
  std::vector<std::string> sets;
  std::string to;
  bool device_code = false;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Modern: the Global Administrator consents, i.e. grants the organization's
// applications what their services need; their app-only sign-in is checked.
Result<std::vector<std::string>> ConsentForOrganization(CommandContext& ctx, org::ConfigStore& store,
                                                        org::Vault& vault,
                                                        const org::Organization& organization,
                                                        org::TenantSession& signed_in_session,
                                                        const org::SignedInAccount& admin, Prompter& say) {
  std::vector<std::string> consented;
  for (const org::CredentialProfile& p : organization.profiles) {
    ARK_ASSIGN_OR_RETURN(identity::ClientCredential credential, org::ClientCredentialOf(store, vault, p.app));
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::TenantSession> app,
                         org::TenantSession::Open(organization, p.app.app_id, std::move(credential),
                                                  http::HttpOptionsFromConfig(ctx.config())));
    ARK_ASSIGN_OR_RETURN(org::PermissionCheck check, app->CheckPermissions(p.services));
    std::vector<std::string> missing = check.MissingRequired();
    if (!missing.empty()) {
      ARK_ASSIGN_OR_RETURN(org::GrantResult granted,
                           signed_in_session.GrantPermissions(admin, missing, p.app.app_id));
      for (const std::string& g : granted.granted) say.Say("  consented: " + g + " for " + p.app.app_id);
      ARK_ASSIGN_OR_RETURN(check, app->CheckPermissions(p.services));
      if (!check.MissingRequired().empty()) {
        std::string still;
        for (const std::string& m : check.MissingRequired()) still += (still.empty() ? "" : ", ") + m;
        return FailedPrecondition("after the consent, the application " + p.app.app_id + " still lacks " +
                                  still + "; grant them in Entra ID > App registrations > API permissions");
      }
    }
    ARK_RETURN_IF_ERROR(app->VerifyApplication().status());
    for (const std::string& g : check.granted) consented.push_back(g);
  }
  return consented;
}

ExitCode Migrate(CommandContext& ctx, const MigrateOptions& o) {
  Prompter say(false);
  nlohmann::ordered_json result = nlohmann::ordered_json::array();
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(org::AuthMode mode, org::ParseAuthMode(o.to));
    if (mode == org::AuthMode::kBasic) {
      return InvalidArgument("Basic authentication is deprecated; migrate --to hybrid or --to modern");
    }
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    // Select the backup sets, and check them all before anything is done.
    std::map<std::pair<std::string, std::string>, std::vector<org::BackupSet>> by_account;
    for (const std::string& name : o.sets) {
      ARK_ASSIGN_OR_RETURN(org::BackupSet set, store->GetBackupSet(name));
      ARK_RETURN_IF_ERROR(
          org::rules::CheckPersonalSitesAllowed(set.name, mode, set.Selects(org::ObjectKind::kPersonalSite)));
      by_account[{set.org_name, Lower(set.account)}].push_back(std::move(set));
    }
    ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *store));
    for (auto& entry : by_account) {
      // Not a structured binding: the Save lambda below captures `sets`.
      std::vector<org::BackupSet>& sets = entry.second;
      const std::string& org_name = entry.first.first;
      ARK_ASSIGN_OR_RETURN(org::Organization organization, store->GetOrganization(org_name));
      const std::string upn = sets.front().account;
      ARK_ASSIGN_OR_RETURN(std::optional<org::Account> found, store->FindAccount(organization.id, upn));
      org::Account account = found.value_or(org::Account{});
      if (!found) {
        account.org_id = organization.id;
        account.upn = upn;
        ARK_RETURN_IF_ERROR(store->PutAccount(account));
      }
      std::string names;
      for (const org::BackupSet& set : sets) names += (names.empty() ? "" : ", ") + set.name;
      ARK_ASSIGN_OR_RETURN(std::optional<org::Authorization> authorization,
                           store->FindAuthorization(account.id, mode));
      bool reused = authorization.has_value();
      if (reused) {
        ctx.out().Text("reusing the " + std::string(org::AuthModeName(mode)) + " authorization of " + upn +
                       " (by " + authorization->signed_in_upn + " on " +
                       DateText(authorization->authorized_at) + "): no sign-in needed");
      } else {
        ctx.out().Text(fmt::format("Migrating {} ({} of {}) to {} authentication", names, upn,
                                   organization.name, org::AuthModeName(mode)));
        ARK_ASSIGN_OR_RETURN(identity::ClientCredential credential,
                             org::SignInCredentialOf(*store, vault, organization));
        ARK_ASSIGN_OR_RETURN(
            std::unique_ptr<org::TenantSession> session,
            org::TenantSession::Open(organization, organization.EffectiveSignInAppId(), std::move(credential),
                                     http::HttpOptionsFromConfig(ctx.config())));
        bool hybrid = mode == org::AuthMode::kHybrid;
        std::vector<std::string> scopes = hybrid ? org::SignInScopes(org::HybridDelegatedScopes(), true)
                                                 : org::SignInScopes(org::GrantDelegatedScopes(), false);
        InteractiveSignInOptions sign_in;
        sign_in.scopes = scopes;
        sign_in.who = hybrid ? upn : "a Global Administrator of " + organization.name;
        if (hybrid) sign_in.login_hint = upn;
        sign_in.device_code = o.device_code;
        ARK_ASSIGN_OR_RETURN(org::SignedInAccount who, InteractiveSignIn(*session, organization, sign_in));
        org::Authorization z;
        z.account_id = account.id;
        z.mode = mode;
        z.signed_in_upn = who.upn;
        z.authorized_at = std::chrono::system_clock::now();
        if (hybrid) {
          if (Lower(who.upn) != Lower(upn)) {
            return Unauthenticated(
                fmt::format("signed in as {0}, but {1} belong(s) to {2}; sign out of {0} in the browser and "
                            "sign in as {2}",
                            who.upn, names, upn));
          }
          if (!who.refresh_token) {
            return Unauthenticated(
                "the sign-in of " + upn +
                " returned no refresh token (offline_access was not "
                "granted), so Ark365 could not renew it; allow offline access and sign in again");
          }
          z.scopes = who.scopes;
          ARK_ASSIGN_OR_RETURN(z.refresh_token_secret_id, vault.Put("refresh-token", *who.refresh_token));
        } else {
          ARK_RETURN_IF_ERROR(org::rules::CheckCanAuthorizeModern(who.upn, who.roles));
          ARK_ASSIGN_OR_RETURN(z.scopes,
                               ConsentForOrganization(ctx, *store, vault, organization, *session, who, say));
        }
        ARK_RETURN_IF_ERROR(store->PutAuthorization(z));
        authorization = z;
        ctx.out().Text("authorized by " + who.upn);
      }
      // Save: every selected set of this account now uses the authorization.
      Status saved = store->Transaction([&]() -> Status {
        for (org::BackupSet& set : sets) {
          set.auth_mode = mode;
          set.updated_at = std::chrono::system_clock::now();
          ARK_RETURN_IF_ERROR(store->UpdateBackupSet(set));
        }
        return Status::Ok();
      });
      ARK_RETURN_IF_ERROR(saved);
      for (const org::BackupSet& set : sets) {
        ctx.out().Text("saved: " + set.name + " now uses " + std::string(org::AuthModeName(mode)) +
                       " authentication");
        result.push_back({{"set", set.name},
                          {"mode", std::string(org::AuthModeName(mode))},
                          {"account", upn},
                          {"signed_in_as", authorization->signed_in_upn},
                          {"reused_authorization", reused}});
      }
    }
    return Status::Ok();
  }();
  if (!s.ok()) return Finish(ctx, s);
  ctx.out().Json(result);
  return ExitCode::kSuccess;
}

}  // namespace

void RegisterSetMigrateAuth(CLI::App* set, CommandRunner& runner) {
  auto o = std::make_shared<MigrateOptions>();
  auto* cmd = set->add_subcommand(
      "migrate-auth", "Migrate backup sets to Hybrid or Modern authentication (once per Office 365 account)");
  cmd->add_option("sets", o->sets, "The backup sets to migrate")->required();
  cmd->add_option("--to", o->to,
                  "hybrid (the account owner signs in; Personal Sites) or modern (a Global "
                  "Administrator consents; no Personal Sites)")
      ->required();
  cmd->add_flag("--device-code", o->device_code,
                "Sign in on another device with a code instead of pasting one");
  cmd->callback([&runner, o] { runner.Select([o](CommandContext& ctx) { return Migrate(ctx, *o); }); });
}

}  // namespace ark::cli
