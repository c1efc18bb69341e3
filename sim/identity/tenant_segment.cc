// ResolveTenant: GUID, domain name, or the common/organizations/consumers aliases.
#include "identity/tenant_segment.h"

#include "http/headers.h"

namespace m365sim::identity {

std::optional<ResolvedTenant> ResolveTenant(const tenant::Tenant& t, std::string_view segment) {
  ResolvedTenant r;
  r.segment = std::string(segment);
  if (http::EqualsIgnoreCase(segment, "common"))
    r.alias = TenantAlias::kCommon;
  else if (http::EqualsIgnoreCase(segment, "organizations"))
    r.alias = TenantAlias::kOrganizations;
  else if (http::EqualsIgnoreCase(segment, "consumers"))
    r.alias = TenantAlias::kConsumers;
  else if (!t.Matches(segment))
    return std::nullopt;
  return r;
}

}  // namespace m365sim::identity
