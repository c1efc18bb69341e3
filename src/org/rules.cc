// The seeds' rules with their actionable messages (see rules.h).
#include "org/rules.h"

#include <cctype>
#include <chrono>

#include "core/random.h"

namespace ark::org::rules {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A DNS name: dot-separated labels of letters, digits and inner hyphens, with
// an alphabetic top-level label of two letters or more.
bool IsDomainName(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  size_t labels = 0;
  std::string_view last;
  size_t start = 0;
  while (start <= d.size()) {
    size_t dot = d.find('.', start);
    if (dot == std::string_view::npos) dot = d.size();
    std::string_view label = d.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    last = label;
    ++labels;
    start = dot + 1;
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last) {
    if (std::isalpha(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

std::string RoleList(const std::vector<DirectoryRole>& roles) {
  if (roles.empty()) return "none";
  std::string out;
  for (const DirectoryRole& r : roles) {
    if (!out.empty()) out += ", ";
    out += r.display_name.empty() ? r.template_id : r.display_name;
  }
  return out;
}

std::string Date(SystemTime t) { return FormatRfc3339(t).substr(0, 10); }

}  // namespace

bool HasRole(const std::vector<DirectoryRole>& roles, std::string_view role) {
  for (const DirectoryRole& r : roles) {
    if (r.template_id.size() == role.size()) {
      bool same = true;
      for (size_t i = 0; i < role.size() && same; ++i) {
        same = std::tolower(static_cast<unsigned char>(r.template_id[i])) == role[i];
      }
      if (same) return true;
    }
  }
  return false;
}

Status CheckApplicationId(std::string_view app_id) {
  if (IsUuid(app_id)) return Status::Ok();
  return InvalidArgument(
      "the Application ID '" + std::string(app_id) +
      "' is not a GUID; copy the Application (client) ID from Entra ID > App registrations > "
      "your application > Overview (it looks like 1b2c3d4e-0000-0000-0000-000000000000)");
}

Status CheckOneAppCredential(bool has_secret, bool has_certificate) {
  if (has_secret && has_certificate) {
    return InvalidArgument(
        "give either an application secret or an application certificate, not both: the application signs in "
        "with one of them");
  }
  if (!has_secret && !has_certificate) {
    return InvalidArgument(
        "the application needs a credential: give its application secret or an application certificate "
        "(uploaded to the app registration in Entra ID)");
  }
  return Status::Ok();
}

Status CheckAccountName(std::string_view upn) {
  size_t at = upn.find('@');
  bool ok = at != std::string_view::npos && at > 0 && at == upn.rfind('@') && at <= 64;
  if (ok) {
    for (char c : upn.substr(0, at)) {
      ok = ok && (IsAlnum(c) || std::string_view(".!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos);
    }
    std::string_view local = upn.substr(0, at);
    ok = ok && local.front() != '.' && local.back() != '.' && IsDomainName(upn.substr(at + 1));
  }
  if (ok) return Status::Ok();
  return InvalidArgument(
      "'" + std::string(upn) +
      "' is not an account name; give it as user@domain.com or user@domain.onmicrosoft.com");
}

Status MfaAccountCannotUsePassword(std::string_view upn) {
  return Unauthenticated(
      std::string(upn) +
      " requires multi-factor authentication, which a password sign-in cannot answer: only accounts without "
      "MFA (for ADFS, a non-MFA ADFS account) can be used with a username and app password. Use an account "
      "without MFA here, or sign the account in interactively with Hybrid or Modern authentication (`ark365 "
      "set migrate-auth`)");
}

Status CheckCanGrantPermissions(std::string_view upn, const std::vector<DirectoryRole>& roles) {
  if (HasRole(roles, kGlobalAdministrator) || HasRole(roles, kPrivilegedRoleAdministrator))
    return Status::Ok();
  return PermissionDenied(
      std::string(upn) +
      " cannot grant roles and permissions: that needs the Global Administrator or Privileged Role "
      "Administrator role (formerly Organization Management with Role Management), and its roles are: " +
      RoleList(roles) +
      ". Use an account that holds one of them, or have an administrator grant the missing permissions in "
      "Entra "
      "ID > App registrations > API permissions > Grant admin consent");
}

Status CheckCanAuthorizeModern(std::string_view upn, const std::vector<DirectoryRole>& roles) {
  if (HasRole(roles, kGlobalAdministrator)) return Status::Ok();
  return PermissionDenied(
      "Modern authentication must be authorized by a Global Administrator, and " + std::string(upn) +
      " is not one (its roles: " + RoleList(roles) +
      "). Ask your administrator to sign in with a Global Administrator account, or migrate to Hybrid "
      "authentication, which the account owner can authorize");
}

Status CheckPersonalSitesAllowed(std::string_view set_name, AuthMode mode, bool selects_personal_sites) {
  if (!selects_personal_sites || mode != AuthMode::kModern) return Status::Ok();
  return FailedPrecondition(
      "the backup set '" + std::string(set_name) +
      "' selects Personal Sites, which Modern authentication cannot back up (a limitation of Microsoft's "
      "APIs); use Hybrid authentication for it (`ark365 set migrate-auth " +
      std::string(set_name) + " --to hybrid`), or take Personal Sites out of the set first");
}

bool SameCredentialsChoiceOffered(const ServiceSet& services) {
  return services.contains(Service::kSharePoint) || services.contains(Service::kOneDrive) ||
         services.contains(Service::kTeams);
}

Status CheckSameCredentialsChoice(const ServiceSet& services, std::optional<bool> choice) {
  if (!choice || SameCredentialsChoiceOffered(services)) return Status::Ok();
  return InvalidArgument(
      "the choice of the same or separate credentials applies to SharePoint Online, OneDrive for Business "
      "and "
      "Microsoft Teams, and none of them is selected for this organization; select one of them or leave the "
      "choice out");
}

std::string BasicDeprecationNotice(std::string_view set_name) {
  std::string name(set_name);
  return "Basic authentication is deprecated (Microsoft has turned it off for Exchange Online); migrate with "
         "`ark365 set migrate-auth " +
         name + " --to hybrid`, or `--to modern` if the set has no Personal Sites";
}

Status CheckServices(const ServiceSet& services) {
  if (!services.empty()) return Status::Ok();
  return InvalidArgument("select at least one service: exchange, sharepoint, onedrive, teams");
}

Result<std::optional<std::string>> CheckCertificateDates(std::string_view thumbprint, SystemTime not_before,
                                                         SystemTime not_after, SystemTime now) {
  std::string t(thumbprint);
  if (now >= not_after) {
    return FailedPrecondition(
        "the certificate " + t + " expired on " + Date(not_after) +
        ", and Entra ID refuses expired certificates; create a new certificate, upload it "
        "to the app registration (Certificates & secrets) and install it with `ark365 cert "
        "import`");
  }
  if (now < not_before) {
    return FailedPrecondition("the certificate " + t + " is not valid before " + Date(not_before) +
                              "; check the clock of this machine, or install it on that date");
  }
  auto left = std::chrono::duration_cast<std::chrono::hours>(not_after - now).count() / 24;
  if (left < kCertificateWarningDays) {
    return std::optional<std::string>(
        "the certificate " + t + " expires on " + Date(not_after) + " (in " + std::to_string(left) +
        " days); create a new one, upload it to the app registration and switch to "
        "it with `ark365 org set-credentials`");
  }
  return std::optional<std::string>();
}

Status CheckName(std::string_view what, std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64 && IsAlnum(name.front());
  for (char c : name) ok = ok && (IsAlnum(c) || c == '.' || c == '-' || c == '_');
  if (ok) return Status::Ok();
  return InvalidArgument(
      "'" + std::string(name) + "' is not a valid " + std::string(what) +
      " name; use 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit");
}

Status CheckTenant(std::string_view tenant) {
  if (IsUuid(tenant) || IsDomainName(tenant)) return Status::Ok();
  return InvalidArgument(
      "'" + std::string(tenant) +
      "' is not a tenant; give the Directory (tenant) ID GUID from Entra ID > Overview, or a "
      "verified domain such as contoso.onmicrosoft.com");
}

Status CheckHttpsUrl(std::string_view what, std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  bool ok = url.starts_with(kScheme) && url.size() > kScheme.size() &&
            url.find_first_of(" \t\r\n?#") == std::string_view::npos && url[kScheme.size()] != '/';
  if (ok) return Status::Ok();
  return InvalidArgument(
      std::string(what) + " '" + std::string(url) +
      "' is not an https URL; Microsoft's sign-in and Graph are reached only over https (e.g. "
      "https://login.microsoftonline.com)");
}

}  // namespace ark::org::rules
