// Authority: where an organization signs in — the identity platform host and the tenant.
#pragma once

#include <string>

#include "core/status.h"

namespace ark::identity {

struct Authority {
  // "https://login.microsoftonline.com" (configuration: microsoft.authority_host).
  std::string host;
  // The tenant ID (GUID), a verified domain ("contoso.onmicrosoft.com"), or
  // "organizations" / "common" for multi-tenant delegated sign-in.
  std::string tenant;

  // Checks the host is an https URL and the tenant one of the forms above.
  static Result<Authority> Make(std::string host, std::string tenant);

  std::string TokenEndpoint() const { return host + "/" + tenant + "/oauth2/v2.0/token"; }
  std::string DeviceCodeEndpoint() const { return host + "/" + tenant + "/oauth2/v2.0/devicecode"; }
  std::string AuthorizeEndpoint() const { return host + "/" + tenant + "/oauth2/v2.0/authorize"; }
  std::string AdminConsentEndpoint() const { return host + "/" + tenant + "/v2.0/adminconsent"; }
};

}  // namespace ark::identity
