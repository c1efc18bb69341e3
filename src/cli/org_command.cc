// `ark365 org add|list|show|edit|set-credentials|test|remove`: the Microsoft 365 organizations Ark365
// protects.
#include <chrono>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/org_flows.h"
#include "cli/org_support.h"
#include "cli/org_view.h"
#include "org/backup_sets.h"
#include "org/rules.h"

namespace ark::cli {
namespace {

ExitCode List(CommandContext& ctx) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(std::vector<org::Organization> all, store->ListOrganizations());
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    if (all.empty()) ctx.out().Text("no organizations; `ark365 org add` adds one");
    for (const org::Organization& o : all) {
      ARK_ASSIGN_OR_RETURN(OrganizationView view, ViewOrganization(*store, o));
      ctx.out().Text(view.summary);
      for (const std::string& w : view.warnings) ctx.out().Text("    WARNING: " + w);
      list.push_back(view.json);
    }
    ctx.out().Json(list);
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

ExitCode Show(CommandContext& ctx, const std::string& name) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Organization o, store->GetOrganization(name));
    ARK_ASSIGN_OR_RETURN(OrganizationView view, ViewOrganization(*store, o));
    ARK_ASSIGN_OR_RETURN(std::vector<org::BackupSet> sets, store->ListBackupSets(o.id));
    nlohmann::ordered_json set_names = nlohmann::json::array();
    for (const org::BackupSet& set : sets) set_names.push_back(set.name);
    view.json["backup_sets"] = set_names;
    for (const std::string& line : view.lines) ctx.out().Text(line);
    std::string names;
    for (const org::BackupSet& set : sets) names += (names.empty() ? "" : ", ") + set.name;
    ctx.out().Text("backup sets:    " + (names.empty() ? std::string("none") : names));
    ctx.out().Json(view.json);
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

struct EditOptions {
  std::string name;
  std::optional<std::string> rename;
  std::optional<std::string> services;
  std::optional<std::string> authority_host;
  std::optional<std::string> graph_base;
  std::optional<std::string> ca_file;
  bool system_ca = false;
  std::optional<std::string> sign_in_app_id;
  std::optional<std::string> redirect_uri;
  bool same_credentials = false;
};

// The primary profile serves every service, or Exchange only when a
// separate profile serves SharePoint, OneDrive and Teams.
void AssignServices(org::Organization& o) {
  bool separate = o.profiles.size() > 1;
  for (org::CredentialProfile& p : o.profiles) {
    p.services.clear();
    for (org::Service s : o.services) {
      bool exchange = s == org::Service::kExchange;
      if (!separate || (p.name == org::kPrimaryProfile) == exchange) p.services.insert(s);
    }
  }
}

ExitCode Edit(CommandContext& ctx, const EditOptions& e) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Organization o, store->GetOrganization(e.name));
    std::vector<std::string> changes;
    if (e.rename) {
      ARK_RETURN_IF_ERROR(org::rules::CheckName("organization", *e.rename));
      o.name = *e.rename;
      changes.push_back("name");
    }
    if (e.services) {
      ARK_ASSIGN_OR_RETURN(o.services, org::ParseServiceList(*e.services));
      ARK_RETURN_IF_ERROR(org::rules::CheckServices(o.services));
      changes.push_back("services");
    }
    if (e.same_credentials || !org::rules::SameCredentialsChoiceOffered(o.services)) {
      if (o.profiles.size() > 1) changes.push_back("same credentials for every service");
      o.profiles.resize(1);
      o.same_credentials = true;
    }
    AssignServices(o);
    if (e.authority_host) {
      ARK_RETURN_IF_ERROR(org::rules::CheckHttpsUrl("the authority host", *e.authority_host));
      o.endpoints.authority_host = *e.authority_host;
      changes.push_back("authority host");
    }
    if (e.graph_base) {
      ARK_RETURN_IF_ERROR(org::rules::CheckHttpsUrl("the Graph base URL", *e.graph_base));
      o.endpoints.graph_base = *e.graph_base;
      changes.push_back("Graph base URL");
    }
    if (e.ca_file && e.system_ca) return InvalidArgument("--ca-file and --system-ca exclude each other");
    if (e.ca_file) o.endpoints.ca_file = *e.ca_file;
    if (e.system_ca) o.endpoints.ca_file.reset();
    if (e.ca_file || e.system_ca) changes.push_back("CA bundle");
    if (e.sign_in_app_id) {
      ARK_RETURN_IF_ERROR(org::rules::CheckApplicationId(*e.sign_in_app_id).Context("--sign-in-app-id"));
      o.sign_in_app_id = *e.sign_in_app_id;
      changes.push_back("sign-in application");
    }
    if (e.redirect_uri) {
      o.redirect_uri = *e.redirect_uri;
      changes.push_back("redirect URI");
    }
    // The backup sets must still make sense with the new services.
    ARK_ASSIGN_OR_RETURN(std::vector<org::BackupSet> sets, store->ListBackupSets(o.id));
    for (const org::BackupSet& set : sets) {
      ARK_RETURN_IF_ERROR(
          org::ValidateBackupSet(o, set).Context("the backup set " + set.name + " would break"));
    }
    o.updated_at = std::chrono::system_clock::now();
    ARK_RETURN_IF_ERROR(store->UpdateOrganization(o));
    std::string what;
    for (const std::string& c : changes) what += (what.empty() ? "" : ", ") + c;
    ctx.out().Text("updated " + o.name + (what.empty() ? " (nothing changed)" : ": " + what) +
                   (e.services || e.authority_host || e.graph_base
                        ? "; run `ark365 org test " + o.name + "` to check the permissions"
                        : ""));
    ARK_ASSIGN_OR_RETURN(OrganizationView view, ViewOrganization(*store, o));
    ctx.out().Json(view.json);
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

ExitCode Remove(CommandContext& ctx, const std::string& name, bool force) {
  Status s = [&]() -> Status {
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<org::ConfigStore> store, OpenConfigStore(ctx));
    ARK_ASSIGN_OR_RETURN(org::Organization o, store->GetOrganization(name));
    ARK_ASSIGN_OR_RETURN(std::vector<org::BackupSet> sets, store->ListBackupSets(o.id));
    std::vector<std::string> removed_sets;
    if (!sets.empty() && !force) {
      std::string names;
      for (const org::BackupSet& set : sets) names += (names.empty() ? "" : ", ") + set.name;
      return FailedPrecondition(
          "the organization " + o.name + " is used by the backup sets " + names +
          "; remove them first, or use --force to remove their configuration too (their "
          "backups stay in the repository)");
    }
    Status removed = store->Transaction([&]() -> Status {
      for (const org::BackupSet& set : sets) {
        ARK_RETURN_IF_ERROR(store->DeleteBackupSet(set.name));
        removed_sets.push_back(set.name);
      }
      return store->DeleteOrganization(o.name);
    });
    ARK_RETURN_IF_ERROR(removed);
    for (const std::string& set : removed_sets) ctx.out().Text("removed backup set " + set);
    ctx.out().Text("removed organization " + o.name +
                   " and its credentials; backup data in the repositories was not touched");
    ctx.out().Json({{"removed", o.name}, {"removed_backup_sets", removed_sets}});
    return Status::Ok();
  }();
  return Finish(ctx, s);
}

}  // namespace

void RegisterOrgCommands(CLI::App& app, CommandRunner& runner) {
  auto* org =
      app.add_subcommand("org", "Microsoft 365 organizations: credentials, permissions, cloud endpoints");
  org->require_subcommand(1);
  RegisterOrgAdd(org, runner);

  org->add_subcommand("list", "Organizations, with their state and warnings")->callback([&runner] {
    runner.Select(List);
  });

  auto show_name = std::make_shared<std::string>();
  auto* show = org->add_subcommand("show", "Everything about one organization (secrets show as 'set')");
  show->add_option("name", *show_name, "The organization")->required();
  show->callback([&runner, show_name] {
    runner.Select([show_name](CommandContext& ctx) { return Show(ctx, *show_name); });
  });

  auto e = std::make_shared<EditOptions>();
  auto* edit = org->add_subcommand("edit", "Change an organization's services, endpoints or name");
  edit->add_option("name", e->name, "The organization")->required();
  edit->add_option("--rename", e->rename, "New name");
  edit->add_option("--services", e->services, "Comma-separated: exchange, sharepoint, onedrive, teams");
  edit->add_option("--authority-host", e->authority_host, "Identity platform host");
  edit->add_option("--graph-base", e->graph_base, "Microsoft Graph base URL");
  edit->add_option("--ca-file", e->ca_file, "PEM bundle of trusted CAs for this organization");
  edit->add_flag("--system-ca", e->system_ca, "Trust the system's CA bundle again");
  edit->add_option("--sign-in-app-id", e->sign_in_app_id, "Application used for interactive sign-in");
  edit->add_option("--redirect-uri", e->redirect_uri, "Redirect URI of the sign-in application");
  edit->add_flag("--same-credentials", e->same_credentials,
                 "Drop the separate SharePoint/OneDrive/Teams credentials and use the primary ones");
  edit->callback([&runner, e] { runner.Select([e](CommandContext& ctx) { return Edit(ctx, *e); }); });

  RegisterOrgSetCredentials(org, runner);
  RegisterOrgTest(org, runner);

  auto remove_name = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* remove = org->add_subcommand("remove", "Remove an organization (never its backup data)");
  remove->add_option("name", *remove_name, "The organization")->required();
  remove->add_flag("--force", *force, "Also remove the configuration of its backup sets");
  remove->callback([&runner, remove_name, force] {
    runner.Select([remove_name, force](CommandContext& ctx) { return Remove(ctx, *remove_name, *force); });
  });
}

}  // namespace ark::cli
