// `ark365 cert import|list|remove`: the certificate store ("Install" in the add-organization wizard).
#include <chrono>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/org_support.h"
#include "org/cert_store.h"

namespace ark::cli {
namespace {

struct ImportOptions {
  std::string file;
  std::optional<std::string> password_file;
  std::optional<std::string> key_file;
};

nlohmann::ordered_json CertificateJson(const org::StoredCertificate& c,
                                       const std::vector<std::string>& used_by,
                                       const Result<std::optional<std::string>>& warning) {
  nlohmann::ordered_json j;
  j["sha1"] = c.sha1;
  j["sha256"] = c.sha256;
  j["subject"] = c.subject;
  j["issuer"] = c.issuer;
  j["serial"] = c.serial;
  j["not_before"] = FormatRfc3339(c.not_before);
  j["not_after"] = FormatRfc3339(c.not_after);
  j["key"] = "RSA " + std::to_string(c.key_bits);
  j["used_by"] = used_by;
  j["expired"] = !warning.ok();
  if (!warning.ok()) {
    j["warning"] = warning.status().message();
  } else if (warning->has_value()) {
    j["warning"] = **warning;
  }
  return j;
}

ExitCode Import(CommandContext& ctx, const ImportOptions& o) {
  std::optional<Secret> password;
  if (o.password_file) {
    Result<Secret> p = ReadSecretFile(ctx, *o.password_file, "certificate password");
    if (!p.ok()) return Finish(ctx, p.status());
    password = std::move(*p);
  }
  Result<org::CertificateBundle> bundle = org::ReadCertificateFile(o.file, password, o.key_file);
  if (!bundle.ok()) return Finish(ctx, bundle.status());
  Result<std::unique_ptr<org::ConfigStore>> store = OpenConfigStore(ctx);
  if (!store.ok()) return Finish(ctx, store.status());
  Result<org::Vault> vault = OpenVault(ctx, **store);
  if (!vault.ok()) return Finish(ctx, vault.status());
  SystemTime now = std::chrono::system_clock::now();
  Result<org::ImportResult> r = org::ImportCertificate(**store, *vault, *bundle, now);
  if (!r.ok()) return Finish(ctx, r.status());
  if (r->warning) ctx.out().Warning(*r->warning);
  const org::StoredCertificate& c = r->certificate;
  ctx.out().Text(std::string(r->already_installed ? "already installed: " : "installed: ") + c.subject);
  ctx.out().Text("  thumbprint (SHA-1):   " + c.sha1);
  ctx.out().Text("  thumbprint (SHA-256): " + c.sha256);
  ctx.out().Text("  valid until:          " + FormatRfc3339(c.not_after));
  ctx.out().Text(
      "Upload the certificate (public part) to the app registration in Entra ID > Certificates & "
      "secrets, then use it with `ark365 org add --certificate " +
      c.sha1 + "`.");
  nlohmann::ordered_json j = CertificateJson(c, {}, org::CertificateWarning(c, now));
  j["already_installed"] = r->already_installed;
  ctx.out().Json(j);
  return ExitCode::kSuccess;
}

ExitCode List(CommandContext& ctx) {
  Result<std::unique_ptr<org::ConfigStore>> store = OpenConfigStore(ctx);
  if (!store.ok()) return Finish(ctx, store.status());
  Result<std::vector<org::StoredCertificate>> all = (*store)->ListCertificates();
  if (!all.ok()) return Finish(ctx, all.status());
  SystemTime now = std::chrono::system_clock::now();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  if (all->empty()) ctx.out().Text("no certificates installed; `ark365 cert import FILE.pfx` installs one");
  for (const org::StoredCertificate& c : *all) {
    Result<std::vector<std::string>> used = (*store)->OrganizationsUsingCertificate(c.sha1);
    if (!used.ok()) return Finish(ctx, used.status());
    Result<std::optional<std::string>> warning = org::CertificateWarning(c, now);
    std::string users;
    for (const std::string& u : *used) users += (users.empty() ? "" : ", ") + u;
    ctx.out().Text(c.sha1 + "  " + c.subject + "  not after " + DateText(c.not_after) + "  RSA " +
                   std::to_string(c.key_bits) + (users.empty() ? "" : "  used by " + users));
    ctx.out().Text("    SHA-256 " + c.sha256);
    if (!warning.ok()) ctx.out().Text("    EXPIRED: " + warning.status().message());
    if (warning.ok() && warning->has_value()) ctx.out().Text("    WARNING: " + **warning);
    list.push_back(CertificateJson(c, *used, warning));
  }
  ctx.out().Json(list);
  return ExitCode::kSuccess;
}

ExitCode Remove(CommandContext& ctx, const std::string& thumbprint) {
  Result<std::unique_ptr<org::ConfigStore>> store = OpenConfigStore(ctx);
  if (!store.ok()) return Finish(ctx, store.status());
  Result<org::StoredCertificate> c = org::FindCertificate(**store, thumbprint);
  if (!c.ok()) return Finish(ctx, c.status());
  Status s = org::RemoveCertificate(**store, c->sha1);
  if (!s.ok()) return Finish(ctx, s);
  ctx.out().Text("removed " + c->sha1 + " (" + c->subject + ") and its private key");
  ctx.out().Json({{"removed", c->sha1}});
  return ExitCode::kSuccess;
}

}  // namespace

void RegisterCertCommands(CLI::App& app, CommandRunner& runner) {
  auto* cert =
      app.add_subcommand("cert", "The certificate store: application certificates for organizations");
  cert->require_subcommand(1);

  auto import_options = std::make_shared<ImportOptions>();
  auto* import = cert->add_subcommand("import", "Install a certificate with its private key (PFX or PEM)");
  import->add_option("file", import_options->file, "FILE.pfx, FILE.p12 or FILE.pem")->required();
  import->add_option("--password-file", import_options->password_file,
                     "File holding the password of the PFX or of the encrypted PEM key");
  import->add_option("--key-file", import_options->key_file, "PEM private key, when not in the PEM file");
  import->callback([&runner, import_options] {
    runner.Select([import_options](CommandContext& ctx) { return Import(ctx, *import_options);
});
}  // namespace ark::cli
);

cert->add_subcommand("list", "Installed certificates: thumbprints, subject, expiry, users")
    ->callback([&runner] { runner.Select(List); });

auto thumbprint = std::make_shared<std::string>();
auto* remove = cert->add_subcommand("remove", "Remove a certificate that no organization uses");
remove->add_option("thumbprint", *thumbprint, "SHA-1 or SHA-256 thumbprint")->required();
remove->callback([&runner, thumbprint] {
  runner.Select([thumbprint](CommandContext& ctx) { return Remove(ctx, *thumbprint); });
});
}

}  // namespace ark::cli
