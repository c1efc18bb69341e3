// Text and JSON views of organizations (see org_view.h).
#include "cli/org_view.h"

#include <chrono>

#include "cli/org_support.h"
#include "org/cert_store.h"

namespace ark::cli {
namespace {

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

// "application secret: set (expires 2027-01-31)" and its warning, if any.
Status DescribeCredential(org::ConfigStore& store, const org::AppCredential& app, SystemTime now,
                          nlohmann::ordered_json& j, std::string& line, std::vector<std::string>& warnings) {
  j["app_id"] = app.app_id;
  j["kind"] = std::string(org::CredentialKindName(app.kind));
  if (app.kind == org::CredentialKind::kSecret) {
    j["secret"] = app.secret_id ? "set" : "missing";
    j["secret_expires"] =
        app.secret_expires ? nlohmann::json(FormatRfc3339(*app.secret_expires)) : nlohmann::json(nullptr);
    line =
        "application secret: " + std::string(app.secret_id ? "set" : "missing") +
        (app.secret_expires ? " (expires " + DateText(*app.secret_expires) + ")" : " (expiry not recorded)");
    if (app.secret_expires && *app.secret_expires - now < std::chrono::hours(24 * 30)) {
      warnings.push_back(*app.secret_expires <= now
                             ? "the application secret expired on " + DateText(*app.secret_expires) +
                                   "; create a new one in Entra ID and run `ark365 org set-credentials`"
                             : "the application secret expires on " + DateText(*app.secret_expires) +
                                   "; create a new one in Entra ID and run `ark365 org set-credentials`");
    }
    return Status::Ok();
  }
  ARK_ASSIGN_OR_RETURN(org::StoredCertificate cert, store.GetCertificate(app.certificate.value_or("")));
  j["certificate"] = {{"sha1", cert.sha1},
                      {"sha256", cert.sha256},
                      {"subject", cert.subject},
                      {"not_after", FormatRfc3339(cert.not_after)}};
  line = "application certificate: " + cert.sha1 + " " + cert.subject + " (expires " +
         DateText(cert.not_after) + ")";
  Result<std::optional<std::string>> warning = org::CertificateWarning(cert, now);
  if (!warning.ok()) warnings.push_back(warning.status().message());
  if (warning.ok() && warning->has_value()) warnings.push_back(**warning);
  return Status::Ok();
}

}  // namespace

Result<OrganizationView> ViewOrganization(org::ConfigStore& store, const org::Organization& o) {
  OrganizationView v;
  SystemTime now = std::chrono::system_clock::now();
  nlohmann::ordered_json& j = v.json;
  j["name"] = o.name;
  j["tenant"] = o.tenant;
  j["tenant_id"] = o.tenant_id;
  j["display_name"] = o.display_name;
  j["default_domain"] = o.default_domain;
  j["services"] = nlohmann::json::array();
  for (org::Service s : o.services) j["services"].push_back(std::string(org::ServiceName(s)));
  j["endpoints"] = {
      {"authority_host", o.endpoints.authority_host},
      {"graph_base", o.endpoints.graph_base},
      {"ca_file", o.endpoints.ca_file ? nlohmann::json(*o.endpoints.ca_file) : nlohmann::json(nullptr)}};
  j["same_credentials"] = o.same_credentials;
  j["sign_in_app_id"] = o.EffectiveSignInAppId();
  j["redirect_uri"] = o.EffectiveRedirectUri();

  v.lines.push_back("organization:   " + o.name);
  v.lines.push_back(
      "tenant:         " + (o.display_name.empty() ? o.tenant : o.display_name + " (" + o.tenant + ")") +
      (o.tenant_id.empty() ? "" : ", id " + o.tenant_id));
  v.lines.push_back("services:       " + org::JoinServices(o.services));
  v.lines.push_back("cloud:          " + o.endpoints.authority_host + ", " + o.endpoints.graph_base +
                    (o.endpoints.ca_file ? ", CA " + *o.endpoints.ca_file : ", system CA bundle"));

  nlohmann::ordered_json profiles = nlohmann::ordered_json::array();
  for (const org::CredentialProfile& p : o.profiles) {
    nlohmann::ordered_json pj;
    pj["name"] = p.name;
    pj["services"] = org::JoinServices(p.services);
    std::string line;
    ARK_RETURN_IF_ERROR(DescribeCredential(store, p.app, now, pj, line, v.warnings));
    v.lines.push_back("credentials (" + p.name + ", " + org::JoinServices(p.services) + "):");
    v.lines.push_back("  application:  " + p.app.app_id);
    v.lines.push_back("  " + line);
    if (p.account) {
      ARK_ASSIGN_OR_RETURN(std::optional<org::Account> account, store.FindAccount(o.id, *p.account));
      bool has_password = account && account->password_secret_id;
      pj["account"] = {{"upn", *p.account}, {"app_password", has_password ? "set" : "not stored"}};
      v.lines.push_back("  account:      " + *p.account + ", app password " +
                        (has_password ? "set" : "not stored"));
    }
    profiles.push_back(std::move(pj));
  }
  j["credentials"] = profiles;

  ARK_ASSIGN_OR_RETURN(std::vector<org::Account> accounts, store.ListAccounts(o.id));
  nlohmann::ordered_json authorizations = nlohmann::ordered_json::array();
  for (const org::Account& a : accounts) {
    for (org::AuthMode mode : {org::AuthMode::kHybrid, org::AuthMode::kModern}) {
      ARK_ASSIGN_OR_RETURN(std::optional<org::Authorization> z, store.FindAuthorization(a.id, mode));
      if (!z) continue;
      authorizations.push_back(
          {{"account", a.upn},
           {"mode", std::string(org::AuthModeName(mode))},
           {"signed_in_as", z->signed_in_upn},
           {"authorized_at", FormatRfc3339(z->authorized_at)},
           {"renewed_at", z->renewed_at ? nlohmann::json(FormatRfc3339(*z->renewed_at, /*millis=*/true))
                                        : nlohmann::json(nullptr)},
           {"refresh_token", z->refresh_token_secret_id ? "set" : "none"}});
      v.lines.push_back("authorization:  " + a.upn + " " + std::string(org::AuthModeName(mode)) + ", by " +
                        z->signed_in_upn + " on " + DateText(z->authorized_at) +
                        (z->refresh_token_secret_id ? ", refresh token set" : "") +
                        (z->renewed_at ? ", renewed " + FormatRfc3339(*z->renewed_at) : ""));
    }
  }
  j["authorizations"] = authorizations;

  j["verified_at"] = o.verified_at ? nlohmann::json(FormatRfc3339(*o.verified_at)) : nlohmann::json(nullptr);
  j["missing_permissions"] = o.missing_permissions;
  if (!o.missing_permissions.empty()) {
    v.warnings.push_back("missing application permissions: " + Join(o.missing_permissions) +
                         "; grant them with `ark365 org test " + o.name +
                         " --grant-roles` (see docs/permissions.md)");
  }
  std::string status = o.verified_at ? "verified " + DateText(*o.verified_at) : "never verified";
  if (!o.missing_permissions.empty())
    status += ", " + std::to_string(o.missing_permissions.size()) + " permission(s) missing";
  v.lines.push_back("status:         " + status);
  for (const std::string& w : v.warnings) v.lines.push_back("WARNING: " + w);
  j["warnings"] = v.warnings;
  v.summary = o.name + "  " + (o.default_domain.empty() ? o.tenant : o.default_domain) + "  " +
              org::JoinServices(o.services) + "  " +
              std::string(org::CredentialKindName(o.profiles.front().app.kind)) + "  " + status +
              (v.warnings.empty() ? "" : "  (" + std::to_string(v.warnings.size()) + " warning(s))");
  return v;
}

}  // namespace ark::cli
