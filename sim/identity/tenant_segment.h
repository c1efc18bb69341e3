// Resolution of the {tenant} path segment of identity URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tenant/model.h"

namespace m365sim::identity {

enum class TenantAlias { kNone, kCommon, kOrganizations, kConsumers };

struct ResolvedTenant {
  TenantAlias alias = TenantAlias::kNone;  // kNone: the segment named our tenant
  std::string segment;                     // as written in the URL
};

// nullopt when the segment names neither our tenant (id or domain) nor an alias:
// AADSTS90002.
std::optional<ResolvedTenant> ResolveTenant(const tenant::Tenant& t, std::string_view segment);

}  // namespace m365sim::identity
