// `ark365 set create|list|show|edit|remove`: backup sets (selection, workloads, rules, schedule, retention,
// repository).
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/org_support.h"
#include "cli/set_migrate.h"
#include "http/http_options.h"
#include "org/backup_sets.h"
#include "org/permissions.h"
#include "org/retention.h"
#include "org/rules.h"
#include "org/schedule.h"
#include "org/selection.h"
#include "org/set_access.h"

namespace ark::cli {
namespace {

// The selection flags: --users / --exclude-users and so on, per kind.
struct KindFlags {
  org::ObjectKind kind;
  const char* include_flag;
  const char* exclude_flag;
  const char* noun;
};
constexpr KindFlags kKindFlags[] = {
    {org::ObjectKind::kUser, "--users", "--exclude-users", "users (UPN patterns)"},
    {org::ObjectKind::kGroup, "--groups", "--exclude-groups", "groups (name patterns)"},
    {org::ObjectKind::kSite, "--sites", "--exclude-sites", "SharePoint sites (URL or name patterns)"},
    {org::ObjectKind::kPersonalSite, "--personal-sites", "--exclude-personal-sites",
     "personal sites (owner UPN patterns)"},
    {org::ObjectKind::kTeam, "--teams", "--exclude-teams", "teams (name patterns)"},
};

struct SetOptions {
  std::string name;
  std::optional<std::string> org;
  std::optional<std::string> account;
  std::optional<std::string> auth;
  std::optional<std::string> password_file;
  std::map<std::string, std::vector<std::string>> patterns;  // by flag
  std::map<std::string, CLI::Option*> pattern_options;
  std::optional<std::string> workloads;
  std::vector<std::string> include_rules;
  std::vector<std::string> exclude_rules;
  CLI::Option* include_option = nullptr;
  CLI::Option* exclude_option = nullptr;
  std::optional<std::string> schedule;
  std::optional<std::string> retention;
  std::optional<std::string> repository;
  std::optional<std::string> repository_password_file;

  bool Given(const std::string& flag) const { return pattern_options.at(flag)->count() > 0; }
  bool AnySelectionGiven() const {
    for (const auto& [flag, option] : pattern_options) {
      if (option->count() > 0) return true;
    }
    return false;
  }
};

void AddSetFlags(CLI::App* cmd, SetOptions& o, bool create) {
  cmd->add_option("--account", o.account, "The Office 365 account the set belongs to (user@domain.com)");
  for (const KindFlags& k : kKindFlags) {
    o.pattern_options[k.include_flag] = cmd->add_option(k.include_flag, o.patterns[k.include_flag],
                                                        std::string("Select ") + k.noun + "; '*' = all")
                                            ->delimiter(',');
    o.pattern_options[k.exclude_flag] =
        cmd->add_option(k.exclude_flag, o.patterns[k.exclude_flag], std::string("Leave out ") + k.noun)
            ->delimiter(',');
  }
  cmd->add_option(
      "--workloads", o.workloads,
      "Comma-separated: mail, archive, calendar, contacts, onedrive, sites, teams (default: all of the "
      "organization's services)");
  o.include_option =
      cmd->add_option("--include", o.include_rules, "Only copy matching items: WORKLOAD:PATTERN");
  o.exclude_option = cmd->add_option("--exclude", o.exclude_rules, "Skip matching items: WORKLOAD:PATTERN");
  cmd->add_option("--schedule", o.schedule,
                  create ? "manual, every 4h, daily 22:00 or weekly mon,thu 22:00 (default daily 22:00)"
                         : "manual, every 4h, daily 22:00 or weekly mon,thu 22:00");
  cmd->add_option("--retention", o.retention, "Counts to keep, e.g. last=3,daily=30,weekly=8,monthly=12");
  cmd->add_option("--repository", o.repository, "Repository location (default: the configured repository)");
  cmd->add_option("--repository-password-file", o.repository_password_file,
                  "File holding the repository password, stored encrypted");
  cmd->add_option("--password-file", o.password_file,
                  "File holding the account's app password (Basic authentication only)");
}

Result<std::string> Canonical(const std::optional<std::string>& given, std::string_view fallback,
                              bool is_schedule) {
  std::string text = given.value_or(std::string(fallback));
  if (is_schedule) {
    ARK_ASSIGN_OR_RETURN(org::Schedule s, org::ParseSchedule(text));
    return org::FormatSchedule(s);
  }
  ARK_ASSIGN_OR_RETURN(org::RetentionPolicy r, org::ParseRetention(text));
  return org::FormatRetention(r);
}

// Applies the selection, workload and rule flags that were given.
Status ApplyContentFlags(const SetOptions& o, org::BackupSet& set) {
  for (const KindFlags& k : kKindFlags) {
    if (!o.Given(k.include_flag) && !o.Given(k.exclude_flag)) continue;
    std::erase_if(set.selection, [&](const org::SelectionRule& r) { return r.kind == k.kind; });
    for (const std::string& p : o.patterns.at(k.include_flag)) set.selection.push_back({k.kind, false, p});
    for (const std::string& p : o.patterns.at(k.exclude_flag)) set.selection.push_back({k.kind, true, p});
  }
  if (o.workloads) {
    ARK_ASSIGN_OR_RETURN(set.workloads, org::ParseWorkloadList(*o.workloads));
  }
  if (o.include_option->count() > 0 || o.exclude_option->count() > 0) {
    set.item_rules.clear();
    for (const std::string& r : o.include_rules) {
      ARK_ASSIGN_OR_RETURN(org::ItemRule rule, org::ParseItemRule(r, /*exclude=*/false));
      set.item_rules.push_back(rule);
    }
    for (const std::string& r : o.exclude_rules) {
      ARK_ASSIGN_OR_RETURN(org::ItemRule rule, org::ParseItemRule(r, /*exclude=*/true));
      set.item_rules.push_back(rule);
    }
  }
  if (o.schedule) {
    ARK_ASSIGN_OR_RETURN(set.schedule, Canonical(o.schedule, "", true));
  }
  if (o.retention) {
    ARK_ASSIGN_OR_RETURN(set.retention, Canonical(o.retention, "", false));
  }
  return Status::Ok();
}

std::string RepositoryLocation(CommandContext& ctx, const std::optional<std::string>& given) {
  if (given) {
    if (given->find("://") != std::string::npos) return *given;
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(*given, ec);
    return ec ? *given : abs.lexically_normal().string();
  }
  if (ctx.config().repository.path) return *ctx.config().repository.path;
  Result<Home> home = ctx.home();
  return home.ok() ? home->Repository() : std::string();
}

// Stores what a set's account and repository need: the account row (and its
// app password for Basic) and the repository password, if given.
Status StoreSetCredentials(CommandContext& ctx, org::ConfigStore& store, const SetOptions& o,
                           const org::BackupSet& set) {
  std::optional<Secret> password;
  std::optional<Secret> repository_password;
  if (o.password_file) {
    ARK_ASSIGN_OR_RETURN(password, ReadSecretFile(ctx, *o.password_file, "app password"));
  }
  if (o.repository_password_file) {
    ARK_ASSIGN_OR_RETURN(repository_password,
                         ReadSecretFile(ctx, *o.repository_password_file, "repository password"));
  }
  std::optional<org::Vault> vault;
  if (password || repository_password) {
    ARK_ASSIGN_OR_RETURN(vault, OpenVault(ctx, store));
  }
  ARK_ASSIGN_OR_RETURN(std::optional<org::Account> found, store.FindAccount(set.org_id, set.account));
  org::Account account = found.value_or(org::Account{});
  account.org_id = set.org_id;
  if (!found) account.upn = set.account;
  if (password) {
    ARK_ASSIGN_OR_RETURN(account.password_secret_id, vault->Put("app-password", *password));
  }
  if (set.auth_mode == org::AuthMode::kBasic && !account.password_secret_id) {
    return InvalidArgument(
        "Basic authentication signs in with the account's app password, and none is stored for " +
        set.account + "; give it with --password-file FILE (or prefer Hybrid or Modern)");
  }
  ARK_RETURN_IF_ERROR(store.PutAccount(account));
  if (repository_password) {
    ARK_ASSIGN_OR_RETURN(std::string id, vault->Put("repository-password", *repository_password));
    ARK_RETURN_IF_ERROR(store.PutRepository({set.repository, id}));
  }
  return Status::Ok();
}

nlohmann::ordered_json SetJson(const org::BackupSet& set, const org::AuthState& state) {
  nlohmann::ordered_json j;
  j["name"] = set.name;
  j["organization"] = set.org_name;
  j["account"] = set.account;
  nlohmann::ordered_json auth;
  auth["mode"] = std::string(org::AuthModeName(set.auth_mode));
  auth["deprecated"] = state.deprecated;
  auth["authorized"] = state.authorized;
  auth["status"] = state.summary;
  if (state.authorization) {
    auth["signed_in_as"] = state.authorization->signed_in_upn;
    auth["authorized_at"] = FormatRfc3339(state.authorization->authorized_at);
  }
  j["authentication"] = auth;
  nlohmann::ordered_json selection = nlohmann::ordered_json::array();
  for (const org::SelectionRule& r : set.selection) {
    selection.push_back(
        {{"kind", std::string(org::ObjectKindName(r.kind))}, {"exclude", r.exclude}, {"pattern", r.pattern}});
  }
  j["selection"] = selection;
  j["workloads"] = nlohmann::json::array();
  for (org::Workload w : set.workloads) j["workloads"].push_back(std::string(org::WorkloadName(w)));
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const org::ItemRule& r : set.item_rules) {
    rules.push_back({{"exclude", r.exclude}, {"rule", org::FormatItemRule(r)}});
  }
  j["item_rules"] = rules;
  j["schedule"] = set.schedule;
  j["retention"] = set.retention;
  j["repository"] = set.repository;
  j["created_at"] = FormatRfc3339(set.created_at);
  j["updated_at"] = FormatRfc3339(set.updated_at);
  return j;
}

std::string SelectionText(const org::BackupSet& set) {
  std::string out;
  for (const org::SelectionRule& r : set.selection) {
    if (!out.empty()) out += "; ";
    out += std::string(r.exclude ? "not " : "") + std::string(org::ObjectKindName(r.kind)) + " " +
           (r.pattern == "*" ? "(all)" : r.pattern);
  }
  return out;
}

Result<org::Organization> ChooseOrganization(org::ConfigStore& store,
                                             const std::optional<std::string>& name) {
  if (name) return store.GetOrganization(*name);
  ARK_ASSIGN_OR_RETURN(std::vector<org::Organization> all, store.ListOrganizations());
  if (all.size() == 1) return all.front();
  return InvalidArgument(all.empty() ? "there is no organization yet; add one with `ark365 org add`"
                                     : "there are several organizations; choose one with --org NAME");
}

ExitCode Create(CommandContext& ctx, const SetOptions& o) {
  Status s = [&]() -> Status {
    ARK_RETURN_IF_ERROR(org::rules::CheckName("backup set", o.name));
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Organization organization, ChooseOrganization(*store, o.org));
    org::BackupSet set;
    set.name = o.name;
    set.org_id = organization.id;
    set.org_name = organization.name;
    std::optional<std::string> account = o.account;
    if (!account) account = organization.profiles.front().account;
    if (!account) {
      return InvalidArgument(
          "a backup set belongs to an Office 365 account; give it with --account user@domain.com");
    }
    set.account = *account;
    if (!o.AnySelectionGiven()) set.selection.push_back({org::ObjectKind::kUser, false, "*"});
    set.workloads = org::DefaultWorkloads(organization.services);
    ARK_ASSIGN_OR_RETURN(set.schedule, Canonical(std::nullopt, org::kDefaultSchedule, true));
    ARK_ASSIGN_OR_RETURN(set.retention, Canonical(std::nullopt, org::kDefaultRetention, false));
    ARK_RETURN_IF_ERROR(ApplyContentFlags(o, set));
    if (o.auth) {
      ARK_ASSIGN_OR_RETURN(set.auth_mode, org::ParseAuthMode(*o.auth));
    } else {
      // Personal Sites need Hybrid; everything else is best served by Modern.
      set.auth_mode =
          set.Selects(org::ObjectKind::kPersonalSite) ? org::AuthMode::kHybrid : org::AuthMode::kModern;
    }
    set.repository = RepositoryLocation(ctx, o.repository);
    set.created_at = set.updated_at = std::chrono::system_clock::now();
    ARK_RETURN_IF_ERROR(org::ValidateBackupSet(organization, set));
    Status saved = store->Transaction([&]() -> Status {
      ARK_RETURN_IF_ERROR(StoreSetCredentials(ctx, *store, o, set));
      return store->CreateBackupSet(set);
    });
    ARK_RETURN_IF_ERROR(saved);
    ARK_ASSIGN_OR_RETURN(org::AuthState state, org::DescribeAuthState(*store, set));
    if (state.deprecated) ctx.out().Warning(org::rules::BasicDeprecationNotice(set.name));
    ctx.out().Text("created backup set " + set.name + " of " + set.org_name + " (" + set.account + "), " +
                   std::string(org::AuthModeName(set.auth_mode)) + " authentication" +
                   (state.deprecated ? " (deprecated)" : ": " + state.summary));
    ctx.out().Json(SetJson(set, state));
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

ExitCode List(CommandContext& ctx, const std::optional<std::string>& org_name) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    std::optional<int64_t> org_id;
    if (org_name) {
      ARK_ASSIGN_OR_RETURN(org::Organization organization, store->GetOrganization(*org_name));
      org_id = organization.id;
    }
    ARK_ASSIGN_OR_RETURN(std::vector<org::BackupSet> sets, store->ListBackupSets(org_id));
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    if (sets.empty()) ctx.out().Text("no backup sets; `ark365 set create NAME --org ORG` creates one");
    for (const org::BackupSet& set : sets) {
      ARK_ASSIGN_OR_RETURN(org::AuthState state, org::DescribeAuthState(*store, set));
      std::string mode = std::string(org::AuthModeName(set.auth_mode));
      if (state.deprecated) mode = "BASIC (deprecated)";
      ctx.out().Text(set.name + "  " + set.org_name + "  " + set.account + "  " + mode + "  " +
                     (state.deprecated ? "migrate: `ark365 set migrate-auth " + set.name + " --to hybrid`"
                                       : state.summary));
      list.push_back(SetJson(set, state));
    }
    ctx.out().Json(list);
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

ExitCode Show(CommandContext& ctx, const std::string& name) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::BackupSet set, store->GetBackupSet(name));
    ARK_ASSIGN_OR_RETURN(org::AuthState state, org::DescribeAuthState(*store, set));
    nlohmann::ordered_json j = SetJson(set, state);
    ARK_ASSIGN_OR_RETURN(org::Schedule schedule, org::ParseSchedule(set.schedule));
    std::optional<SystemTime> next = org::NextRun(schedule, std::chrono::system_clock::now());
    j["next_run"] = next ? nlohmann::json(FormatRfc3339(*next)) : nlohmann::json(nullptr);
    ctx.out().Text("backup set:     " + set.name);
    ctx.out().Text("organization:   " + set.org_name);
    ctx.out().Text("account:        " + set.account);
    ctx.out().Text("authentication: " + std::string(org::AuthModeName(set.auth_mode)) + " - " +
                   state.summary);
    if (state.authorization) {
      ctx.out().Text("  authorized by " + state.authorization->signed_in_upn + " on " +
                     DateText(state.authorization->authorized_at));
    }
    ctx.out().Text("selection:      " + SelectionText(set));
    ctx.out().Text("workloads:      " + org::JoinWorkloads(set.workloads));
    for (const org::ItemRule& r : set.item_rules) {
      ctx.out().Text(std::string(r.exclude ? "exclude:        " : "include:        ") +
                     org::FormatItemRule(r));
    }
    ctx.out().Text("schedule:       " + set.schedule +
                   (next ? " (next run " + FormatRfc3339(*next) + ")" : ""));
    ctx.out().Text("retention:      " + set.retention);
    ctx.out().Text("repository:     " + set.repository);
    ctx.out().Json(j);
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

ExitCode Edit(CommandContext& ctx, const SetOptions& o) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::BackupSet set, store->GetBackupSet(o.name));
    ARK_ASSIGN_OR_RETURN(org::Organization organization, store->GetOrganization(set.org_name));
    if (o.account) set.account = *o.account;
    ARK_RETURN_IF_ERROR(ApplyContentFlags(o, set));
    if (o.repository) set.repository = RepositoryLocation(ctx, o.repository);
    set.updated_at = std::chrono::system_clock::now();
    ARK_RETURN_IF_ERROR(org::ValidateBackupSet(organization, set));
    Status saved = store->Transaction([&]() -> Status {
      ARK_RETURN_IF_ERROR(StoreSetCredentials(ctx, *store, o, set));
      return store->UpdateBackupSet(set);
    });
    ARK_RETURN_IF_ERROR(saved);
    ARK_ASSIGN_OR_RETURN(org::AuthState state, org::DescribeAuthState(*store, set));
    ctx.out().Text("updated backup set " + set.name + " (" + std::string(org::AuthModeName(set.auth_mode)) +
                   " authentication: " + state.summary + ")");
    ctx.out().Json(SetJson(set, state));
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

// Signs in the way the set's backups will, and reads the set's account through Graph.
ExitCode Test(CommandContext& ctx, const std::string& name) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Vault vault, OpenVault(ctx, *store));
    ARK_ASSIGN_OR_RETURN(org::BackupSet set, store->GetBackupSet(name));
    org::Service service =
        set.workloads.empty() ? org::Service::kExchange : org::ServiceOf(*set.workloads.begin());
    ARK_ASSIGN_OR_RETURN(
        org::SetAccess access,
        org::OpenSetAccess(*store, vault, set, service, http::HttpOptionsFromConfig(ctx.config())));
    if (set.auth_mode == org::AuthMode::kBasic)
      ctx.out().Warning(org::rules::BasicDeprecationNotice(set.name));
    ARK_ASSIGN_OR_RETURN(identity::AccessToken token, access.tokens->Token());
    org::Directory directory = access.session->DirectoryWith(*access.tokens);
    // App-only tokens read the tenant; delegated ones the signed-in account.
    std::string who;
    if (access.app_only) {
      ARK_ASSIGN_OR_RETURN(org::TenantDetails tenant, directory.Organization());
      who = "the tenant " + tenant.display_name + " (app-only)";
    } else {
      ARK_ASSIGN_OR_RETURN(who, directory.MyUpn());
    }
    std::string mode(org::AuthModeName(set.auth_mode));
    ctx.out().Text("backup set " + set.name + ": " + mode + " sign-in works; Graph answers for " + who +
                   " (token valid until " + FormatRfc3339(token.expires_at) + ")");
    if (set.auth_mode == org::AuthMode::kHybrid)
      ctx.out().Text("the refresh token was renewed and stored sealed");
    ctx.out().Json({{"set", set.name},
                    {"mode", mode},
                    {"app_only", access.app_only},
                    {"signed_in_as", access.app_only ? std::string() : who},
                    {"token_expires", FormatRfc3339(token.expires_at)}});
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

ExitCode Remove(CommandContext& ctx, const std::vector<std::string>& names) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    Status saved = store->Transaction([&]() -> Status {
      for (const std::string& name : names) ARK_RETURN_IF_ERROR(store->DeleteBackupSet(name));
      return Status::Ok();
    });
    ARK_RETURN_IF_ERROR(saved);
    for (const std::string& name : names) {
      ctx.out().Text("removed backup set " + name + " (its backups stay in the repository)");
    }
    ctx.out().Json({{"removed", names}});
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

}  // namespace

void RegisterSetCommands(CLI::App& app, CommandRunner& runner) {
  auto* set = app.add_subcommand("set", "Backup sets: what to back up, when, where, and how to sign in");
  set->require_subcommand(1);

  auto create_options = std::make_shared<SetOptions>();
  auto* create = set->add_subcommand("create", "Create a backup set of an organization");
  create->add_option("name", create_options->name, "Name of the backup set")->required();
  create->add_option("--org", create_options->org, "The organization (default: the only one)");
  create->add_option("--auth", create_options->auth,
                     "basic (deprecated), hybrid or modern (default: modern, or hybrid with personal sites)");
  AddSetFlags(create, *create_options, /*create=*/true);
  create->callback([&runner, create_options] {
    runner.Select([create_options](CommandContext& ctx) { return Create(ctx, *create_options); });
  });

  auto list_org = std::make_shared<std::optional<std::string>>();
  auto* list = set->add_subcommand("list", "Backup sets, with their authentication state");
  list->add_option("--org", *list_org, "Only the sets of this organization");
  list->callback([&runner, list_org] {
    runner.Select([list_org](CommandContext& ctx) { return List(ctx, *list_org); });
  });

  auto show_name = std::make_shared<std::string>();
  auto* show = set->add_subcommand("show", "Everything about one backup set");
  show->add_option("name", *show_name, "Name of the backup set")->required();
  show->callback([&runner, show_name] {
    runner.Select([show_name](CommandContext& ctx) { return Show(ctx, *show_name); });
  });

  auto edit_options = std::make_shared<SetOptions>();
  auto* edit = set->add_subcommand(
      "edit",
      "Change a backup set; a selection flag replaces that kind's patterns (authentication: migrate-auth)");
  edit->add_option("name", edit_options->name, "Name of the backup set")->required();
  AddSetFlags(edit, *edit_options, /*create=*/false);
  edit->callback([&runner, edit_options] {
    runner.Select([edit_options](CommandContext& ctx) { return Edit(ctx, *edit_options); });
  });

  auto test_name = std::make_shared<std::string>();
  auto* test = set->add_subcommand("test", "Sign in the way the set's backups will, and read its account");
  test->add_option("name", *test_name, "Name of the backup set")->required();
  test->callback([&runner, test_name] {
    runner.Select([test_name](CommandContext& ctx) { return Test(ctx, *test_name); });
  });

  auto remove_names = std::make_shared<std::vector<std::string>>();
  auto* remove = set->add_subcommand("remove", "Remove backup sets (their backups stay in the repository)");
  remove->add_option("names", *remove_names, "Names of the backup sets")->required();
  remove->callback([&runner, remove_names] {
    runner.Select([remove_names](CommandContext& ctx) { return Remove(ctx, *remove_names); });
  });

  RegisterSetMigrateAuth(set, runner);
}

}  // namespace ark::cli
