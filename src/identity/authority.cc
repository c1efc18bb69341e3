// Authority::Make: validation of the sign-in host and tenant.
#include "identity/authority.h"

#include <cctype>

#include "core/random.h"

namespace ark::identity {
namespace {

bool IsDomainName(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.find('.') == std::string::npos) return false;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '.') return false;
  }
  return s.front() != '.' && s.back() != '.';
}

}  // namespace

Result<Authority> Authority::Make(std::string host, std::string tenant) {
  while (!host.empty() && host.back() == '/') host.pop_back();
  if (!host.starts_with("https://") || host.size() <= 8) {
    return InvalidArgument("the sign-in host '" + host +
                           "' is not an https:// URL; set microsoft.authority_host (e.g. "
                           "https://login.microsoftonline.com)");
  }
  if (!IsUuid(tenant) && !IsDomainName(tenant) && tenant != "organizations" && tenant != "common" &&
      tenant != "consumers") {
    return InvalidArgument(
        "'" + tenant +
        "' is not a tenant: give the tenant ID (a GUID, Entra ID → Overview → Tenant ID) or a "
        "verified domain such as contoso.onmicrosoft.com");
  }
  return Authority{std::move(host), std::move(tenant)};
}

}  // namespace ark::identity
